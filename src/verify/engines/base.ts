/**
 * What docker and podman do alike, over the shared CLI runner: the commands both CLIs take the same
 * way. An adapter (docker.ts, podman.ts) adds what differs: version and capabilities, builds, health,
 * the kernel's uid, the build cache, and how images are named.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { ResultPromise } from 'execa';
import { Parser as TarParser } from 'tar';
import { imageRefs, parseHostPort, parseImage } from './parse.js';
import { CliRunner, labelArgs, secondsSince } from './runner.js';
import {
  EngineError,
  VERIFY_LABEL,
  type BuildOptions,
  type BuildResult,
  type CacheRecord,
  type ContainerExit,
  type ContainerState,
  type Engine,
  type EngineInfo,
  type EngineKind,
  type ExecOptions,
  type ImageInfo,
  type RunOptions,
} from './types.js';

export abstract class CliEngine implements Engine {
  abstract readonly kind: EngineKind;
  buildkit = true;
  usernsRemap = false;
  protected readonly cli: CliRunner;
  /** `cp` flags that make it copy what a symlink points to (docker has one; podman's cp does not). */
  protected readonly followLinkArgs: string[] = [];

  constructor(
    readonly command: string,
    readonly network: string | undefined,
    protected readonly signal?: AbortSignal,
  ) {
    this.cli = new CliRunner(command, signal, () => this.env());
  }

  get podman(): boolean {
    return this.kind === 'podman';
  }

  /** The environment every call gets. */
  protected env(): Record<string, string> {
    return {};
  }

  abstract probe(needsBuildKit: boolean, timeoutSeconds?: number): Promise<EngineInfo>;
  abstract build(opts: BuildOptions): Promise<BuildResult>;
  abstract containerState(name: string): Promise<ContainerState>;
  abstract processUid(name: string): Promise<number | undefined>;
  abstract buildCache(): Promise<CacheRecord[] | undefined>;
  abstract pruneCache(ids: string[]): Promise<boolean>;

  exec(args: string[], options: ExecOptions = {}): ResultPromise {
    return this.cli.exec(args, options);
  }

  protected networkArgs(): string[] {
    return this.network ? ['--network', this.network] : [];
  }

  /** Runs a build with these arguments (the context last), bounded; its output streamed to `lines`. */
  protected async runBuild(args: string[], opts: BuildOptions): Promise<BuildResult> {
    if (opts.noCache) args.push('--no-cache');
    // Build secrets (RUN --mount=type=secret) exist only with BuildKit/buildah; the legacy builder rejects the flag.
    if (this.buildkit)
      for (const secret of opts.secrets ?? []) args.push('--secret', `id=${secret.id},src=${secret.src}`);
    args.push(...labelArgs(opts.labels), opts.context);
    const start = process.hrtime.bigint();
    const result = await this.exec(args, { timeoutSeconds: opts.timeoutSeconds ?? 1800, lines: opts.lines });
    if (result.failed) throw this.cli.failure(args, result);
    return { seconds: secondsSince(start), output: String(result.all ?? '') };
  }

  async inspectImage(ref: string): Promise<ImageInfo> {
    return parseImage(await this.cli.ok(['image', 'inspect', '--format', '{{json .}}', ref]));
  }

  async imageExists(ref: string): Promise<boolean> {
    const result = await this.exec(['image', 'inspect', '--format', '{{.Id}}', ref], { timeoutSeconds: 30 });
    return !result.failed;
  }

  async runDetached(opts: RunOptions): Promise<void> {
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
      ...Object.entries(opts.env ?? {}).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
      // Check health every second during verification; the image's own interval stays for production.
      '--health-interval',
      '1s',
      '--health-timeout',
      '3s',
      '--health-retries',
      '3',
      opts.image,
    ];
    // Not cancellable: a CLI killed mid-`run` can leave the engine starting a container after cleanup looked.
    await this.cli.ok(args, 60, false);
  }

  async hostPort(name: string, port: number): Promise<number> {
    if (this.network === 'host') return port;
    const mapping = await this.cli.ok(['port', name, `${port}/tcp`]);
    const found = parseHostPort(mapping);
    if (found === undefined) throw new EngineError(`no published port for ${port}/tcp: ${mapping}`);
    return found;
  }

  /** The container's whole log (stdout and stderr interleaved as the engine returns them). */
  async logs(name: string): Promise<string> {
    const result = await this.exec(['logs', name], { timeoutSeconds: 30, cancellable: false });
    return String(result.all ?? '').trim();
  }

  /** The host pid of the container's main process (undefined when it is not running). */
  async containerPid(name: string): Promise<number | undefined> {
    const pid = await this.cli.ok(['inspect', '--format', '{{.State.Pid}}', name], 30, false).catch(() => '');
    return /^[1-9]\d*$/.test(pid) ? Number(pid) : undefined;
  }

  /** A file as a program inside the running container reads it (`exec NAME cat PATH`); undefined if it cannot. */
  async execCat(name: string, path: string): Promise<string | undefined> {
    const result = await this.exec(['exec', name, 'cat', path], { timeoutSeconds: 15, cancellable: false });
    return result.failed ? undefined : String(result.stdout);
  }

  /** How the container ended: exit code, whether the kernel's OOM killer took it, and when. */
  async containerExit(name: string): Promise<ContainerExit> {
    const out = await this.cli.ok(
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
    await this.cli.ok(['stop', '--time', String(graceSeconds), name], graceSeconds + 50);
    return secondsSince(start);
  }

  /** The commands (with build arguments) that made each layer, newest first. */
  async history(ref: string): Promise<string[]> {
    const out = await this.cli.ok(['history', '--no-trunc', '--format', '{{.CreatedBy}}', ref], 60);
    return out.split('\n').filter(Boolean);
  }

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
    const id = await this.cli.ok(['create', ...labelArgs(labels), image]);
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
      await this.exportTo(id, parser);
      return { paths, hashes };
    } finally {
      await this.exec(['rm', '--force', '--volumes', id], { timeoutSeconds: 60, cancellable: false });
    }
  }

  /** Streams a created container's filesystem (a tar) into the parser. */
  protected async exportTo(id: string, parser: TarParser): Promise<void> {
    const child = this.cli.stream(['export', id], 300);
    const [result] = await Promise.all([child, feed(child.stdout, parser)]);
    if (result.failed) throw this.cli.failure(['export', id], result);
  }

  async saveImage(image: string, parser: TarParser): Promise<void> {
    const child = this.cli.stream(['save', image], 600);
    const [result] = await Promise.all([child, feed(child.stdout, parser)]);
    if (result.failed) throw this.cli.failure(['save', image], result);
  }

  async readFile(image: string, path: string, labels: Record<string, string>): Promise<string | undefined> {
    return (await this.readFileBytes(image, path, labels))?.toString();
  }

  /**
   * Reads one file (bytes, e.g. a binary) out of an image without running it; at most 512 MB. A
   * symlink is followed (by the CLI's own flag where it has one, else here, at most 8 links deep).
   */
  async readFileBytes(image: string, path: string, labels: Record<string, string>): Promise<Buffer | undefined> {
    const id = await this.cli.ok(['create', ...labelArgs(labels), image]);
    try {
      let current = path;
      for (let hop = 0; hop < 8; hop++) {
        const entry = await this.copyOut(id, current);
        if (!entry || entry.link === undefined) return entry?.bytes;
        current = posix.resolve(posix.dirname(current), entry.link);
      }
      return undefined;
    } finally {
      await this.exec(['rm', '--force', '--volumes', id], { timeoutSeconds: 60, cancellable: false });
    }
  }

  /** One path out of a created container (`cp ID:PATH -`, a tar stream): its bytes, or where it links. */
  private async copyOut(id: string, path: string): Promise<{ bytes?: Buffer; link?: string } | undefined> {
    let found: { bytes?: Buffer; link?: string } | undefined;
    const parser = new TarParser({
      onReadEntry: (entry) => {
        if (found) return entry.resume();
        if (entry.type === 'SymbolicLink') {
          found = { link: entry.linkpath };
          return entry.resume();
        }
        const chunks: Buffer[] = [];
        let size = 0;
        entry.on('data', (c: Buffer) => {
          size += c.length;
          if (size < 512e6) chunks.push(c);
        });
        entry.on('end', () => (found = { bytes: Buffer.concat(chunks) }));
      },
    });
    const child = this.cli.stream(['cp', ...this.followLinkArgs, `${id}:${path}`, '-'], 60);
    const [result] = await Promise.all([child, feed(child.stdout, parser)]);
    return result.failed ? undefined : found;
  }

  /** How this engine names an image in listings, for matching (podman prefixes localhost/). */
  protected imageRefsOf(stdout: string, keep?: string): string[] {
    return imageRefs(stdout, keep);
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
      return String(result.stdout ?? '');
    };
    const containerIds = async () =>
      (await list(['ps', '--all', '--quiet', ...filter]))
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
    const images = async () =>
      this.imageRefsOf(await list(['images', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}', ...filter]), keep);
    // A few bounded passes: a build or run cancelled a moment ago may still register its container or image.
    for (let pass = 0; pass < 3; pass++) {
      const containers = await containerIds();
      // --volumes: an image with VOLUME (state paths) gives each container an anonymous volume to remove too.
      if (containers.length)
        await this.exec(['rm', '--force', '--volumes', ...containers], { timeoutSeconds: 120, cancellable: false });
      const refs = await images();
      if (refs.length) await this.exec(['rmi', ...new Set(refs)], { timeoutSeconds: 120, cancellable: false });
      if (!containers.length && !refs.length && pass > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return { containers: await containerIds(), images: await images() };
  }

  async tag(source: string, target: string): Promise<void> {
    await this.cli.ok(['tag', source, target], 60, false);
  }
}

/**
 * Feeds a CLI's tar stream to the parser and reads it to its end: podman writes padding after the
 * archive's end blocks, and a reader that stopped there would leave it failing on a closed pipe.
 */
export function feed(stdout: NodeJS.ReadableStream, parser: TarParser): Promise<void> {
  return new Promise((resolve) => {
    let open = true;
    parser.on('end', () => (open = false));
    stdout.on('data', (chunk: Buffer) => {
      if (open) parser.write(chunk);
    });
    stdout.on('end', () => {
      if (open) parser.end();
      resolve();
    });
    stdout.on('error', () => resolve());
  });
}
