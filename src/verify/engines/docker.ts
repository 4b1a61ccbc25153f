/**
 * Docker (the 20.10 API; Debian's 20.10 client with BuildKit built in, or a 23+/28.x client with the
 * buildx plugin): BuildKit through DOCKER_BUILDKIT=1, `docker top` for the kernel's uid, the builder's
 * cache listed and pruned by record.
 */
import { CliEngine } from './base.js';
import { parseBuildCache, parseState, parseTopUid, parseVersion } from './parse.js';
import {
  dockerClientBefore23,
  EngineError,
  type BuildOptions,
  type BuildResult,
  type CacheRecord,
  type EngineInfo,
} from './types.js';

export class DockerEngine extends CliEngine {
  readonly kind = 'docker' as const;
  protected override readonly followLinkArgs = ['--follow-link'];

  /** BuildKit on (the Debian 20.10 client needs DOCKER_BUILDKIT=1 for it), its progress as plain lines. */
  protected override env(): Record<string, string> {
    return { DOCKER_BUILDKIT: this.buildkit ? '1' : '0', BUILDKIT_PROGRESS: 'plain' };
  }

  async probe(needsBuildKit: boolean, timeoutSeconds = 15): Promise<EngineInfo> {
    const result = await this.exec(['version', '--format', '{{json .}}'], { timeoutSeconds });
    if (result.failed) throw this.cli.notAnswering(result);
    const answer = parseVersion(String(result.stdout));
    if (!answer) throw new EngineError(`the ${this.command} engine gave no version: ${String(result.stdout).trim()}`);
    if (!answer.server) throw new EngineError(`the ${this.command} daemon does not answer`);
    this.buildkit = await this.hasBuildKit(answer.client);
    const security = await this.exec(['info', '--format', '{{json .SecurityOptions}}'], { timeoutSeconds: 15 });
    this.usernsRemap = !security.failed && /name=userns/.test(String(security.stdout));
    if (needsBuildKit && !this.buildkit) {
      throw new EngineError(
        `${this.command} ${answer.client} has no buildx plugin, so it cannot build cache mounts (BuildKit): install docker-buildx, ` +
          'point --engine at a client with BuildKit (e.g. /usr/bin/docker from docker.io), or regenerate with --no-buildkit',
      );
    }
    return {
      command: this.command,
      kind: 'docker',
      podman: false,
      client: answer.client,
      server: answer.server,
      buildkit: this.buildkit,
      rootless: false,
    };
  }

  /** Docker 23+ clients build with BuildKit through the buildx plugin; older ones (Debian's 20.10) have it built in. */
  private async hasBuildKit(clientVersion: string): Promise<boolean> {
    if (dockerClientBefore23(clientVersion)) return true;
    return !(await this.exec(['buildx', 'version'], { timeoutSeconds: 15 })).failed;
  }

  async build(opts: BuildOptions): Promise<BuildResult> {
    const args = ['build', '--file', opts.dockerfile, '--tag', opts.tag, ...this.networkArgs()];
    if (this.buildkit) args.push('--progress', 'plain');
    return this.runBuild(args, opts);
  }

  async containerState(name: string) {
    return parseState(await this.cli.ok(['inspect', '--format', '{{json .State}}', name], 30));
  }

  /**
   * The uid of the container's main process as the kernel sees it (`docker top`, which reads the
   * daemon host's process table): no binary from the image is asked, so a fake `id` cannot lie.
   */
  async processUid(name: string): Promise<number | undefined> {
    // Under --userns-remap the host sees container root as e.g. 100000: that uid says nothing here.
    if (this.usernsRemap) return undefined;
    const pid = await this.cli.ok(['inspect', '--format', '{{.State.Pid}}', name], 30, false).catch(() => '');
    const result = await this.exec(['top', name, '-eo', 'pid,uid'], { timeoutSeconds: 30, cancellable: false });
    return result.failed ? undefined : parseTopUid(String(result.stdout), pid);
  }

  /** The builder's cache records: what verification's builds add is found by comparing listings. */
  async buildCache(): Promise<CacheRecord[] | undefined> {
    const result = await this.exec(['system', 'df', '-v', '--format', '{{json .BuildCache}}'], {
      timeoutSeconds: 60,
      cancellable: false,
    });
    return result.failed ? undefined : parseBuildCache(String(result.stdout));
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
}
