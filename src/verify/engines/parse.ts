/**
 * Reading what the engines answer: pure functions over the CLIs' output, so each engine's shapes
 * (docker 20.10, the 28.x client, podman 4.3) are tested with real captured output.
 */
import type { CacheRecord, ContainerState, EngineKind, ImageInfo } from './types.js';

export interface VersionAnswer {
  kind: EngineKind;
  client: string;
  /** The server's (daemon's) version; '' when a docker client got no answer from its daemon. */
  server: string;
}

/**
 * `CLI version --format '{{json .}}'`. Docker answers {Client, Server} (Server null when its daemon
 * is down); podman answers {Client} alone when local ({Client, Server} as podman-remote), with
 * podman's own field names (APIVersion, OsArch): that, not the command's name, says which engine it is,
 * so a `docker` that is podman's docker shim is recognised.
 */
export function parseVersion(stdout: string): VersionAnswer | undefined {
  let answer: {
    Client?: { Version?: string; APIVersion?: string; OsArch?: string } | null;
    Server?: { Version?: string } | null;
  };
  try {
    answer = JSON.parse(stdout.trim().split('\n')[0] ?? '') as typeof answer;
  } catch {
    return undefined;
  }
  const client = answer?.Client;
  if (!client?.Version) return undefined;
  if (client.APIVersion !== undefined || client.OsArch !== undefined)
    return { kind: 'podman', client: client.Version, server: answer.Server?.Version ?? client.Version };
  return { kind: 'docker', client: client.Version, server: answer.Server?.Version ?? '' };
}

/**
 * `CLI port NAME PORT/tcp`: one `ADDRESS:PORT` line per binding (docker 28 may add `[::]:PORT`,
 * podman prints `127.0.0.1:PORT`); the first binding's port.
 */
export function parseHostPort(stdout: string): number | undefined {
  const line = stdout
    .split('\n')
    .map((row) => row.trim())
    .find((row) => /:\d+$/.test(row));
  const found = line && /:(\d+)$/.exec(line);
  return found ? Number(found[1]) : undefined;
}

interface RawImage {
  Id: string;
  Size: number;
  Config?: {
    User?: string;
    WorkingDir?: string;
    ExposedPorts?: Record<string, unknown> | null;
    Healthcheck?: { Test?: string[] | null } | null;
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    Env?: string[] | null;
  };
  /** Podman keeps the image's health check beside its OCI config, not in it. */
  Healthcheck?: { Test?: string[] | null } | null;
  RootFS?: { Layers?: string[] | null };
}

/**
 * `CLI image inspect --format '{{json .}}' REF`: docker prints the object; podman 4.3 takes `{{json .}}`
 * as its `json` format and prints an array of one.
 */
export function parseImage(json: string): ImageInfo {
  const parsed = JSON.parse(json) as RawImage | RawImage[];
  const image = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!image?.Id) throw new Error('the engine returned no image');
  const test = image.Config?.Healthcheck?.Test ?? image.Healthcheck?.Test ?? [];
  return {
    id: image.Id,
    size: image.Size,
    user: image.Config?.User ?? '',
    workdir: image.Config?.WorkingDir || '/',
    exposedPorts: Object.keys(image.Config?.ExposedPorts ?? {}).sort(),
    layers: image.RootFS?.Layers ?? [],
    hasHealthcheck: test.length > 0 && test[0] !== 'NONE',
    healthcheck: test,
    entrypoint: image.Config?.Entrypoint ?? [],
    cmd: image.Config?.Cmd ?? [],
    env: image.Config?.Env ?? [],
  };
}

/**
 * `CLI inspect --format '{{json .State}}' NAME`, read as JSON rather than through a template: the
 * health record is `Health` in docker's and podman 4.3's JSON, while podman's own Go field (what its
 * templates and some versions' JSON use) is `Healthcheck`; Status is "" when there is no check.
 */
export function parseState(json: string): ContainerState {
  const state = JSON.parse(json) as {
    Running?: boolean;
    ExitCode?: number;
    Health?: { Status?: string } | null;
    Healthcheck?: { Status?: string } | null;
  };
  return {
    running: state.Running === true,
    exitCode: state.ExitCode ?? 0,
    health: state.Health?.Status || state.Healthcheck?.Status || '',
  };
}

/** `docker top NAME -eo pid,uid`: the main process's uid (the row of `pid`, else the first). */
export function parseTopUid(stdout: string, pid: string): number | undefined {
  const rows = stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((row) => row.trim().split(/\s+/));
  const main = rows.find(([rowPid]) => rowPid === pid) ?? rows[0];
  return main && /^\d+$/.test(main[1] ?? '') ? Number(main[1]) : undefined;
}

/**
 * The uid a process has inside its own user namespace, from the kernel's records as the host reads
 * them: `/proc/PID/status` (effective uid, in the host's terms) mapped back through
 * `/proc/PID/uid_map` ("inside outside count" lines). Rootless podman runs container uid 1000 as e.g.
 * host uid 100999; rootful engines map identically.
 */
export function namespaceUid(status: string, uidMap: string): number | undefined {
  const uids = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status);
  if (!uids) return undefined;
  const hostUid = Number(uids[2]);
  for (const line of uidMap.trim().split('\n')) {
    const [inside, outside, count] = line.trim().split(/\s+/).map(Number);
    if ([inside, outside, count].every(Number.isFinite) && hostUid >= outside && hostUid < outside + count)
      return inside + (hostUid - outside);
  }
  return undefined;
}

/**
 * Image references for the same image as two engines name it: podman names a local, unqualified tag
 * `localhost/NAME:TAG` and a Docker Hub one `docker.io/library/NAME:TAG`; docker shows both short.
 */
export function shortRef(ref: string): string {
  return ref.replace(/^localhost\//, '').replace(/^docker\.io\/(library\/)?/, '');
}

/**
 * `CLI images --format '{{.ID}} {{.Repository}}:{{.Tag}}'` rows: each image's reference (its ID when
 * untagged), except `keep` (compared by short name).
 */
export function imageRefs(stdout: string, keep?: string): string[] {
  return stdout
    .split('\n')
    .map((row) => row.trim())
    .filter(Boolean)
    .map((row) => row.split(' '))
    .map(([id, ref]) => (ref === undefined || ref === '<none>:<none>' ? id : ref))
    .filter((ref) => keep === undefined || shortRef(ref) !== shortRef(keep));
}

/** `docker system df -v --format '{{json .BuildCache}}'`; undefined when it is not that listing. */
export function parseBuildCache(stdout: string): CacheRecord[] | undefined {
  try {
    const rows = JSON.parse(stdout) as {
      ID: string;
      Description: string;
      CacheType: string;
      Shared: string;
      InUse: string;
      CreatedAt: string;
    }[];
    return (rows ?? []).map((row) => ({
      id: row.ID.replace(/\*$/, ''),
      description: row.Description,
      type: row.CacheType,
      shared: row.Shared === 'true',
      inUse: row.InUse === 'true',
      createdAt: Date.parse(row.CreatedAt.replace(/ \+0000 UTC$/, 'Z').replace(' ', 'T')),
    }));
  } catch {
    return undefined;
  }
}
