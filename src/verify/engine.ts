/**
 * The container engine, driven through its CLI (docker, or podman which takes the same commands).
 * Every call is bounded in time and can be cancelled (Ctrl-C); nothing here decides pass or fail.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { Parser as TarParser } from 'tar';
import { execa, type ResultPromise } from 'execa';

export const VERIFY_LABEL = 'org.slim-docker.verify';

export interface EngineInfo {
  command: string;
  client: string;
  server: string;
  podman: boolean;
  buildkit: boolean;
}

export interface ImageInfo {
  id: string;
  size: number;
  user: string;
  workdir: string;
  exposedPorts: string[];
  layers: string[];
  hasHealthcheck: boolean;
  /** The HEALTHCHECK test as the image holds it (["CMD", ...] or ["CMD-SHELL", "..."]). */
  healthcheck: string[];
  entrypoint: string[];
  cmd: string[];
  /** The image's environment (`KEY=value`), e.g. its PATH. */
  env: string[];
}

/** One record of the builder's cache (`docker system df -v`). */
export interface CacheRecord {
  id: string;
  description: string;
  /** "regular", or "exec.cachemount" for RUN --mount=type=cache (package caches: kept on purpose). */
  type: string;
  shared: boolean;
  inUse: boolean;
  createdAt: number;
}

/** How a container ended, from the engine's own record. */
export interface ContainerExit {
  exitCode: number;
  oomKilled: boolean;
  /** Seconds from StartedAt to FinishedAt (undefined when the engine's clock fields are missing). */
  ranSeconds?: number;
  finishedAt: string;
}

export interface BuildResult {
  seconds: number;
  output: string;
}

export class EngineError extends Error {
  /** The verification step that failed (e.g. "cold build"), set by the caller that knows it. */
  step?: string;

  constructor(
    message: string,
    readonly output = '',
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

export class Engine {
  readonly podman: boolean;
  /** Set by probe(): whether builds go through BuildKit (else the legacy builder). */
  buildkit = true;
  /** Set by probe(): the daemon remaps user namespaces, so host uids are not the container's. */
  usernsRemap = false;

  constructor(
    readonly command: string,
    readonly network: string | undefined,
    private readonly signal?: AbortSignal,
  ) {
    this.podman = basename(command).includes('podman');
  }

  /** Runs the CLI; BuildKit on for docker (the Debian 20.10 client needs DOCKER_BUILDKIT=1 for it). */
  exec(
    args: string[],
    options: { timeoutSeconds?: number; input?: string; lines?: (line: string) => void; cancellable?: boolean } = {},
  ): ResultPromise {
    const child = execa(this.command, args, {
      env: { DOCKER_BUILDKIT: this.buildkit ? '1' : '0', BUILDKIT_PROGRESS: 'plain' },
      timeout: (options.timeoutSeconds ?? 60) * 1000,
      input: options.input,
      all: true,
      reject: false,
      cancelSignal: options.cancellable === false ? undefined : this.signal,
      forceKillAfterDelay: 3000,
    });
    if (options.lines) {
      let pending = '';
      child.all?.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        const parts = pending.split('\n');
        pending = parts.pop() ?? '';
        for (const line of parts) options.lines?.(line);
      });
    }
    return child;
  }

  private async ok(args: string[], timeoutSeconds = 60, cancellable = true): Promise<string> {
    const result = await this.exec(args, { timeoutSeconds, cancellable });
    if (result.failed) throw this.failure(args, result);
    return String(result.stdout).trim();
  }

  private failure(
    args: string[],
    result: {
      exitCode?: number;
      timedOut: boolean;
      isCanceled: boolean;
      all?: unknown;
      shortMessage?: string;
      code?: string;
    },
  ): EngineError {
    const output = String(result.all ?? '');
    if (result.code === 'ENOENT')
      return new EngineError(
        `engine not found: ${this.command} is not installed or not on PATH (set --engine or SLIM_DOCKER_ENGINE)`,
      );
    if (result.isCanceled) return new EngineError(`${this.command} ${args[0]} cancelled`, output);
    if (result.timedOut) return new EngineError(`${this.command} ${args[0]} timed out`, output);
    const tail = output.trim().split('\n').slice(-1)[0] ?? '';
    return new EngineError(
      `${this.command} ${args.slice(0, 2).join(' ')} failed (exit ${result.exitCode}): ${tail}`,
      output,
    );
  }

  /**
   * Client and server versions; fails clearly when the CLI is missing or the daemon does not answer,
   * or when the Dockerfile needs BuildKit (cache mounts) and this client cannot use it.
   */
  async probe(needsBuildKit: boolean, timeoutSeconds = 15): Promise<EngineInfo> {
    const result = await this.exec(['version', '--format', '{{.Client.Version}}|{{.Server.Version}}'], {
      timeoutSeconds,
    });
    if (result.failed) {
      if ((result as { code?: string }).code === 'ENOENT') throw this.failure(['version'], result);
      const detail = String(result.all ?? '')
        .trim()
        .split('\n')
        .slice(-1)[0];
      throw new EngineError(`the ${this.command} engine does not answer: ${detail || result.shortMessage}`);
    }
    const [client = '', server = ''] = String(result.stdout).trim().split('|');
    if (!this.podman && !server) throw new EngineError(`the ${this.command} daemon does not answer`);
    this.buildkit = await this.hasBuildKit(client);
    const security = await this.exec(['info', '--format', '{{json .SecurityOptions}}'], { timeoutSeconds: 15 });
    this.usernsRemap = !security.failed && /name=userns/.test(String(security.stdout));
    if (needsBuildKit && !this.buildkit) {
      throw new EngineError(
        `${this.command} ${client} has no buildx plugin, so it cannot build cache mounts (BuildKit): install docker-buildx, ` +
          'point --engine at a client with BuildKit (e.g. /usr/bin/docker from docker.io), or regenerate with --no-buildkit',
      );
    }
    return { command: this.command, client, server: server || client, podman: this.podman, buildkit: this.buildkit };
  }

  /**
   * Docker 23+ clients build with BuildKit through the buildx plugin; older clients (Debian's 20.10)
   * have it built in behind DOCKER_BUILDKIT=1. Podman (buildah) builds cache mounts natively.
   */
  private async hasBuildKit(clientVersion: string): Promise<boolean> {
    if (this.podman) return true;
    const major = Number(clientVersion.split('.')[0]);
    if (major > 0 && major < 23) return true;
    return !(await this.exec(['buildx', 'version'], { timeoutSeconds: 15 })).failed;
  }

  private networkArgs(): string[] {
    return this.network ? ['--network', this.network] : [];
  }

  async build(opts: {
    context: string;
    dockerfile: string;
    tag: string;
    labels: Record<string, string>;
    noCache?: boolean;
    timeoutSeconds?: number;
    lines?: (line: string) => void;
    secrets?: { id: string; src: string }[];
  }): Promise<BuildResult> {
    const args = ['build', '--file', opts.dockerfile, '--tag', opts.tag, ...this.networkArgs()];
    if (!this.podman && this.buildkit) args.push('--progress', 'plain');
    if (opts.noCache) args.push('--no-cache');
    // Build secrets (RUN --mount=type=secret) exist only with BuildKit; the legacy builder rejects the flag.
    if (this.buildkit)
      for (const secret of opts.secrets ?? []) args.push('--secret', `id=${secret.id},src=${secret.src}`);
    for (const [key, value] of Object.entries(opts.labels)) args.push('--label', `${key}=${value}`);
    args.push(opts.context);
    const start = process.hrtime.bigint();
    const result = await this.exec(args, { timeoutSeconds: opts.timeoutSeconds ?? 1800, lines: opts.lines });
    if (result.failed) throw this.failure(args, result);
    return { seconds: seconds(start), output: String(result.all ?? '') };
  }

  async inspectImage(ref: string): Promise<ImageInfo> {
    const json = await this.ok(['image', 'inspect', '--format', '{{json .}}', ref]);
    const image = JSON.parse(json) as {
      Id: string;
      Size: number;
      Config?: {
        User?: string;
        WorkingDir?: string;
        ExposedPorts?: Record<string, unknown>;
        Healthcheck?: { Test?: string[] };
        Entrypoint?: string[] | null;
        Cmd?: string[] | null;
        Env?: string[] | null;
      };
      RootFS?: { Layers?: string[] };
    };
    const test = image.Config?.Healthcheck?.Test ?? [];
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

  async imageExists(ref: string): Promise<boolean> {
    const result = await this.exec(['image', 'inspect', '--format', '{{.Id}}', ref], { timeoutSeconds: 30 });
    return !result.failed;
  }

  async runDetached(opts: {
    image: string;
    name: string;
    labels: Record<string, string>;
    port: number;
    envFile?: string;
  }): Promise<void> {
    const publish = this.network === 'host' ? [] : ['--publish', `127.0.0.1::${opts.port}`];
    const args = [
      'run',
      '--detach',
      '--name',
      opts.name,
      ...this.networkArgs(),
      ...publish,
      ...labelArgs(opts.labels),
      ...(opts.envFile ? ['--env-file', opts.envFile] : []),
      // Check health every second during verification; the image's own interval stays for production.
      '--health-interval',
      '1s',
      '--health-timeout',
      '3s',
      '--health-retries',
      '3',
      opts.image,
    ];
    // Not cancellable: a CLI killed mid-`run` can leave the daemon starting a container after cleanup looked.
    await this.ok(args, 60, false);
  }

  /** Host port that reaches the container's port (the port itself on the host network). */
  async hostPort(name: string, port: number): Promise<number> {
    if (this.network === 'host') return port;
    const mapping = await this.ok(['port', name, `${port}/tcp`]);
    const found = /:(\d+)\s*$/m.exec(mapping);
    if (!found) throw new EngineError(`no published port for ${port}/tcp: ${mapping}`);
    return Number(found[1]);
  }

  async containerState(name: string): Promise<{ running: boolean; exitCode: number; health: string }> {
    const out = await this.ok(
      [
        'inspect',
        '--format',
        '{{.State.Running}}|{{.State.ExitCode}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}',
        name,
      ],
      30,
    );
    const [running, exitCode, health] = out.split('|');
    return { running: running === 'true', exitCode: Number(exitCode), health: health ?? '' };
  }

  /** The container's whole log (stdout and stderr interleaved as the engine returns them). */
  async logs(name: string): Promise<string> {
    const result = await this.exec(['logs', name], { timeoutSeconds: 30, cancellable: false });
    return String(result.all ?? '').trim();
  }

  /**
   * The uid of the container's main process as the kernel sees it (`docker top`, which reads the
   * host's process table): no binary from the image is asked, so a fake `id` cannot lie.
   */
  async processUid(name: string): Promise<number | undefined> {
    // Under --userns-remap the host sees container root as e.g. 100000: that uid says nothing here.
    if (this.usernsRemap || this.podman) return undefined;
    const pid = await this.ok(['inspect', '--format', '{{.State.Pid}}', name], 30, false).catch(() => '');
    const result = await this.exec(['top', name, '-eo', 'pid,uid'], { timeoutSeconds: 30, cancellable: false });
    if (result.failed) return undefined;
    const rows = String(result.stdout)
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => row.trim().split(/\s+/));
    const main = rows.find(([rowPid]) => rowPid === pid) ?? rows[0];
    return main && /^\d+$/.test(main[1]) ? Number(main[1]) : undefined;
  }

  /** The host pid of the container's main process (undefined when it is not running). */
  async containerPid(name: string): Promise<number | undefined> {
    const pid = await this.ok(['inspect', '--format', '{{.State.Pid}}', name], 30, false).catch(() => '');
    return /^[1-9]\d*$/.test(pid) ? Number(pid) : undefined;
  }

  /** A file as a program inside the running container reads it (`docker exec NAME cat PATH`); undefined if it cannot. */
  async execCat(name: string, path: string): Promise<string | undefined> {
    const result = await this.exec(['exec', name, 'cat', path], { timeoutSeconds: 15, cancellable: false });
    return result.failed ? undefined : String(result.stdout);
  }

  /** How the container ended: exit code, whether the kernel's OOM killer took it, and when. */
  async containerExit(name: string): Promise<ContainerExit> {
    const out = await this.ok(
      [
        'inspect',
        '--format',
        '{{.State.ExitCode}}|{{.State.OOMKilled}}|{{.State.StartedAt}}|{{.State.FinishedAt}}',
        name,
      ],
      30,
      false,
    );
    const [exitCode, oomKilled, startedAt, finishedAt] = out.split('|');
    const ran = (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000;
    return {
      exitCode: Number(exitCode),
      oomKilled: oomKilled === 'true',
      ranSeconds: Number.isFinite(ran) && ran >= 0 ? ran : undefined,
      finishedAt,
    };
  }

  /** Stops the container (SIGTERM, then SIGKILL after the grace period) and returns how long the stop took. */
  async stop(name: string, graceSeconds = 10): Promise<number> {
    const start = process.hrtime.bigint();
    await this.ok(['stop', '--time', String(graceSeconds), name], graceSeconds + 50);
    return seconds(start);
  }

  /** The commands (with build arguments) that made each layer, as `docker history` keeps them. */
  async history(ref: string): Promise<string[]> {
    const out = await this.ok(['history', '--no-trunc', '--format', '{{.CreatedBy}}', ref], 60);
    return out.split('\n').filter(Boolean);
  }

  /** Every path in the image's filesystem, read from an export (works for images without a shell). */
  async listFiles(image: string, labels: Record<string, string>): Promise<Set<string>> {
    return (await this.exportIndex(image, labels)).paths;
  }

  /**
   * Every path in the image's filesystem, and a SHA-256 of the regular files `hashWanted` selects
   * (at most 8 MB each), read from one streamed export: no file is written to disk.
   */
  async exportIndex(
    image: string,
    labels: Record<string, string>,
    hashWanted: (path: string) => boolean = () => false,
  ): Promise<{ paths: Set<string>; hashes: Map<string, string> }> {
    const id = await this.ok(['create', ...labelArgs(labels), image]);
    try {
      const paths = new Set<string>();
      const hashes = new Map<string, string>();
      const parser = new TarParser({
        onReadEntry: (entry) => {
          const path = `/${entry.path.replace(/^\.?\/+/, '').replace(/\/$/, '')}`;
          paths.add(path);
          if (entry.type === 'File' && (entry.size ?? 0) <= 8e6 && hashWanted(path)) {
            const hash = createHash('sha256');
            entry.on('data', (chunk: Buffer) => hash.update(chunk));
            entry.on('end', () => hashes.set(path, hash.digest('hex')));
          } else entry.resume();
        },
      });
      const child = execa(this.command, ['export', id], {
        buffer: false,
        timeout: 300_000,
        cancelSignal: this.signal,
        forceKillAfterDelay: 3000,
      });
      child.stdout.pipe(parser);
      await Promise.all([child, new Promise((resolve) => parser.on('end', resolve))]);
      return { paths, hashes };
    } finally {
      await this.exec(['rm', '--force', '--volumes', id], { timeoutSeconds: 60, cancellable: false });
    }
  }

  /** Reads one file out of an image without running it. */
  async readFile(image: string, path: string, labels: Record<string, string>): Promise<string | undefined> {
    return (await this.readFileBytes(image, path, labels))?.toString();
  }

  /** Reads one file (bytes, e.g. a binary) out of an image without running it; at most 512 MB. */
  async readFileBytes(image: string, path: string, labels: Record<string, string>): Promise<Buffer | undefined> {
    const id = await this.ok(['create', ...labelArgs(labels), image]);
    try {
      let text: Buffer | undefined;
      const parser = new TarParser({
        onReadEntry: (entry) => {
          const chunks: Buffer[] = [];
          let size = 0;
          entry.on('data', (c: Buffer) => {
            size += c.length;
            if (size < 512e6) chunks.push(c);
          });
          entry.on('end', () => {
            text = Buffer.concat(chunks);
          });
        },
      });
      const child = execa(this.command, ['cp', '--follow-link', `${id}:${path}`, '-'], {
        buffer: false,
        timeout: 60_000,
        reject: false,
        cancelSignal: this.signal,
      });
      child.stdout.pipe(parser);
      const [result] = await Promise.all([child, new Promise((resolve) => parser.on('end', resolve))]);
      return result.failed ? undefined : text;
    } finally {
      await this.exec(['rm', '--force', '--volumes', id], { timeoutSeconds: 60, cancellable: false });
    }
  }

  /**
   * Removes every container and image reference carrying the run's label, except `keep` (the image
   * --keep-image tags). Images go by reference, not ID, so a kept image sharing an ID survives.
   * Returns what is left besides `keep` (should be nothing).
   */
  async cleanup(runId: string, keep?: string): Promise<{ containers: string[]; images: string[] }> {
    const filter = ['--filter', `label=${VERIFY_LABEL}=${runId}`];
    // A listing that fails is not an empty list: cleanup that cannot ask the engine must say so.
    const list = async (args: string[]) => {
      const result = await this.exec(args, { timeoutSeconds: 60, cancellable: false });
      if (result.failed)
        throw new EngineError(
          `could not ask ${this.command} what verification left behind (${args[0]}): ${String(
            result.all ?? result.shortMessage,
          )
            .trim()
            .split('\n')
            .pop()}`,
        );
      return String(result.stdout ?? '')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
    };
    const imageRefs = async () =>
      (await list(['images', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}', ...filter]))
        .map((row) => row.split(' '))
        .map(([id, ref]) => (ref === '<none>:<none>' ? id : ref))
        .filter((ref) => ref !== keep);
    // A few bounded passes: a build or run cancelled a moment ago may still register its container or image.
    for (let pass = 0; pass < 3; pass++) {
      const containers = await list(['ps', '--all', '--quiet', ...filter]);
      // --volumes: an image's VOLUME gives each container an anonymous volume, the verification's own.
      if (containers.length)
        // --volumes: an image with VOLUME (state paths) gives each container an anonymous volume to remove too.
        await this.exec(['rm', '--force', '--volumes', ...containers], { timeoutSeconds: 120, cancellable: false });
      const images = await imageRefs();
      if (images.length) await this.exec(['rmi', ...new Set(images)], { timeoutSeconds: 120, cancellable: false });
      if (!containers.length && !images.length && pass > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return { containers: await list(['ps', '--all', '--quiet', ...filter]), images: await imageRefs() };
  }

  /**
   * The builder's cache records (docker; undefined for podman or when the engine cannot list them):
   * what verification's builds add is found by comparing a listing before and after.
   */
  async buildCache(): Promise<CacheRecord[] | undefined> {
    if (this.podman) return undefined;
    const result = await this.exec(['system', 'df', '-v', '--format', '{{json .BuildCache}}'], {
      timeoutSeconds: 60,
      cancellable: false,
    });
    if (result.failed) return undefined;
    try {
      const rows = JSON.parse(String(result.stdout)) as {
        ID: string;
        Description: string;
        CacheType: string;
        Shared: string;
        InUse: string;
        CreatedAt: string;
        Size: string;
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

  /** Removes the given cache records (only these: `builder prune --filter id=…`). */
  async pruneCache(ids: string[]): Promise<boolean> {
    // One id per call (the daemon takes one value per filter key), a few calls at a time.
    let ok = true;
    for (let start = 0; start < ids.length; start += 4) {
      const results = await Promise.all(
        ids.slice(start, start + 4).map((id) =>
          this.exec(['builder', 'prune', '--force', '--filter', `id=${id}`], {
            timeoutSeconds: 60,
            cancellable: false,
          }),
        ),
      );
      ok = ok && results.every((result) => !result.failed);
    }
    return ok;
  }

  async tag(source: string, target: string): Promise<void> {
    await this.ok(['tag', source, target], 60, false);
  }
}

const labelArgs = (labels: Record<string, string>) =>
  Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
