/**
 * Podman (4.3 on Debian 12; rootful or rootless): no daemon, so `version` answers the client alone;
 * builds go through buildah, which writes the OCI format by default and drops HEALTHCHECK there, so
 * they use `--format docker`; health lives in `.State.Healthcheck` (4.3) and its checks run from
 * systemd timers, which a machine without systemd lacks; a rootless container's uids are a
 * subordinate range on the host; images built or loaded locally are named `localhost/NAME:TAG`.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Parser as TarParser } from 'tar';
import { CliEngine, feed } from './base.js';
import { namespaceUid, parseState, parseVersion } from './parse.js';
import { EngineError, type BuildOptions, type BuildResult, type ContainerState, type EngineInfo } from './types.js';

const STAGE_MOUNT_MISSING = /couldn't find ".*" on host to bind mount into container/;

export class PodmanEngine extends CliEngine {
  readonly kind = 'podman' as const;
  /** When this run last ran each container's health check itself (see containerState). */
  private readonly checkedAt = new Map<string, number>();

  async probe(needsBuildKit: boolean, timeoutSeconds = 15): Promise<EngineInfo> {
    void needsBuildKit; // buildah builds cache mounts and secrets natively
    const result = await this.exec(['version', '--format', '{{json .}}'], { timeoutSeconds });
    if (result.failed) throw this.cli.notAnswering(result);
    const answer = parseVersion(String(result.stdout));
    if (!answer) throw new EngineError(`the ${this.command} engine gave no version: ${String(result.stdout).trim()}`);
    // `info` reaches the storage (and, for podman-remote, the service): a podman that cannot, does not answer.
    const info = await this.exec(['info', '--format', '{{json .Host.Security.Rootless}}'], { timeoutSeconds });
    if (info.failed) throw this.cli.notAnswering(info);
    const rootless = String(info.stdout).trim() === 'true';
    this.buildkit = true;
    this.usernsRemap = rootless;
    return {
      command: this.command,
      kind: 'podman',
      podman: true,
      client: answer.client,
      server: answer.server,
      buildkit: true,
      rootless,
    };
  }

  async build(opts: BuildOptions): Promise<BuildResult> {
    // The OCI format has no HEALTHCHECK (buildah warns and drops it): the docker format keeps it.
    const args = ['build', '--format', 'docker', '--file', opts.dockerfile, '--tag', opts.tag, ...this.networkArgs()];
    try {
      return await this.runBuild(args, opts);
    } catch (error) {
      // Seen with podman 4.3.1 (buildah 1.28) rootless: a bind mount from another stage is not found.
      if (error instanceof EngineError && this.usernsRemap && STAGE_MOUNT_MISSING.test(error.output))
        throw new EngineError(
          `${error.message}; rootless podman here cannot bind-mount from another build stage (RUN --mount=type=bind,from=…): run podman as root, or regenerate with --no-buildkit`,
          error.output,
        );
      throw error;
    }
  }

  /**
   * Podman 4.3 runs a container's health checks from a systemd timer; without systemd (a container, a
   * minimal machine) nothing runs them and the status stays "starting". While it does, this runs the
   * image's own check (`podman healthcheck run`, at most once a second), as the timer would.
   */
  async containerState(name: string): Promise<ContainerState> {
    const read = async () => parseState(await this.cli.ok(['inspect', '--format', '{{json .State}}', name], 30));
    const state = await read();
    const last = this.checkedAt.get(name) ?? 0;
    if (!state.running || state.health !== 'starting' || Date.now() - last < 1000) return state;
    this.checkedAt.set(name, Date.now());
    await this.exec(['healthcheck', 'run', name], { timeoutSeconds: 15, cancellable: false });
    return read();
  }

  /**
   * The uid of the container's main process inside its user namespace, from the kernel's own records
   * (/proc/PID/status mapped back through /proc/PID/uid_map): rootless, container uid 1000 is e.g.
   * host uid 100999, and the host uid alone says nothing. Undefined when the pid is not a container
   * process on this machine (podman machine, podman-remote).
   */
  async processUid(name: string): Promise<number | undefined> {
    const pid = await this.containerPid(name);
    if (!pid) return undefined;
    const [status, uidMap] = await Promise.all([
      readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined),
      readFile(`/proc/${pid}/uid_map`, 'utf8').catch(() => undefined),
    ]);
    if (status === undefined || uidMap === undefined) return undefined;
    // A process in this machine's own pid namespace is not the container's (a pid from another machine).
    const [theirs, ours] = await Promise.all([
      readlink(`/proc/${pid}/ns/pid`).catch(() => undefined),
      readlink('/proc/self/ns/pid').catch(() => undefined),
    ]);
    if (theirs !== undefined && theirs === ours) return undefined;
    return namespaceUid(status, uidMap);
  }

  /**
   * `podman export` opens /dev/stdout, which fails on a socket (how node connects a child's stdout):
   * it writes to a named pipe instead, read as it is written (nothing is stored on disk).
   */
  protected override async exportTo(id: string, parser: TarParser): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'slim-docker-export-'));
    try {
      const fifo = join(dir, 'fs.tar');
      const made = await this.cli.local('mkfifo', ['-m', '600', fifo]);
      if (made.failed) throw new EngineError(`could not make a pipe for podman export: ${String(made.all ?? '')}`);
      const child = this.exec(['export', '--output', fifo, id], { timeoutSeconds: 300 });
      let read = false;
      const reading = feed(createReadStream(fifo), parser).finally(() => (read = true));
      // A podman that failed before opening the pipe would leave the reader waiting for a writer.
      void child.finally(() => (read ? undefined : open(fifo, 'w').then((handle) => handle.close())));
      const [result] = await Promise.all([child, reading]);
      if (result.failed) throw this.cli.failure(['export', id], result);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Podman's layer cache is its images (no BuildKit records to list): undefined, said so in the report. */
  async buildCache(): Promise<undefined> {
    return undefined;
  }

  async pruneCache(): Promise<boolean> {
    return true;
  }
}
