/**
 * The engine's CLI, run bounded in time and cancellable (Ctrl-C): the one place a process is started
 * for any engine. Adapters pass their own environment (e.g. DOCKER_BUILDKIT for docker).
 */
import { execa, type ResultPromise } from 'execa';
import { EngineError, type ExecOptions } from './types.js';

export interface Failed {
  exitCode?: number;
  timedOut: boolean;
  isCanceled: boolean;
  all?: unknown;
  shortMessage?: string;
  code?: string;
}

export class CliRunner {
  constructor(
    readonly command: string,
    private readonly signal?: AbortSignal,
    /** The environment added to every call (read when the call starts, so a probe can change it). */
    private readonly env: () => Record<string, string> = () => ({}),
  ) {}

  exec(args: string[], options: ExecOptions = {}): ResultPromise {
    const child = execa(this.command, args, {
      env: this.env(),
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

  /** Runs and returns stdout (trimmed); throws an EngineError that says what failed. */
  async ok(args: string[], timeoutSeconds = 60, cancellable = true): Promise<string> {
    const result = await this.exec(args, { timeoutSeconds, cancellable });
    if (result.failed) throw this.failure(args, result);
    return String(result.stdout).trim();
  }

  /** A streamed call (export, cp): stdout is not buffered, the caller pipes it. */
  stream(args: string[], timeoutSeconds: number) {
    return execa(this.command, args, {
      buffer: false,
      timeout: timeoutSeconds * 1000,
      reject: false,
      cancelSignal: this.signal,
      forceKillAfterDelay: 3000,
    });
  }

  /** A local helper program (not the engine), bounded the same way. */
  local(file: string, args: string[]): ResultPromise {
    return execa(file, args, { all: true, reject: false, timeout: 15_000 });
  }

  failure(args: string[], result: Failed): EngineError {
    const output = String(result.all ?? '');
    if (result.code === 'ENOENT')
      return new EngineError(
        `engine not found: ${this.command} is not installed or not on PATH (set --engine or SLIM_DOCKER_ENGINE)`,
      );
    if (result.isCanceled) return new EngineError(`${this.command} ${args[0]} cancelled`, output);
    if (result.timedOut) return new EngineError(`${this.command} ${args[0]} timed out`, output);
    const tail = output.trim().split('\n').slice(-1)[0] ?? '';
    return new EngineError(
      `${this.command} ${args.slice(0, 2).join(' ')} failed (exit ${result.exitCode}): ${tail}`.replace(
        ' --format failed',
        ' failed',
      ),
      output,
    );
  }

  /** The engine did not answer `version`: missing CLI, or a daemon/service that is down. */
  notAnswering(result: Failed): EngineError {
    if (result.code === 'ENOENT') return this.failure(['version'], result);
    const detail = String(result.all ?? '')
      .trim()
      .split('\n')
      .slice(-1)[0];
    return new EngineError(`the ${this.command} engine does not answer: ${detail || result.shortMessage}`);
  }
}

export const labelArgs = (labels: Record<string, string>) =>
  Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);

export const secondsSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
