/**
 * A real terminal for the interactive tests: the bin runs on a pseudo-terminal (test/tty/pty-relay.py,
 * python3's pty module), keys are typed into it and the screen text (ANSI codes removed) is read back.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = `${ROOT}dist/src/cli.js`;
const RELAY = fileURLToPath(new URL('./pty-relay.py', import.meta.url));

export const KEY = { enter: '\r', down: '\x1b[B', up: '\x1b[A', backspace: '\x7f', ctrlC: '\x03' } as const;

const strip = (text: string) =>
  text
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/\x1b[()][A-Z0-9]/g, '')
    .replace(/\r/g, '');

export class Terminal {
  private raw = '';
  private cursor = 0;
  private readonly exited: Promise<number>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => (this.raw += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (this.raw += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  }

  /** `slim-docker ARGS` in cwd, on a terminal (CI=true is removed: the run must see a user's terminal). */
  static start(args: string[], cwd: string, columns = 100, extra: NodeJS.ProcessEnv = {}): Terminal {
    return Terminal.spawn([process.execPath, BIN, ...args], cwd, columns, extra);
  }

  /**
   * Any command on a terminal (e.g. a generator run as yo runs it), with start()'s environment;
   * `extra` adds to it (e.g. a PATH with a stand-in tool first).
   */
  static spawn(argv: string[], cwd: string, columns = 100, extra: NodeJS.ProcessEnv = {}): Terminal {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PTY_COLUMNS: String(columns),
      FORCE_COLOR: '0',
      TERM: 'xterm-256color',
      SLIM_DOCKER_ENGINE: '/nonexistent/no-such-engine-for-tty-tests',
      ...extra,
    };
    delete env.CI;
    return new Terminal(spawn('python3', [RELAY, ...argv], { cwd, env }));
  }

  /** Everything shown so far, without ANSI codes. */
  get screen(): string {
    return strip(this.raw);
  }

  /** Waits until text after the last match matches; then later waits look past it. */
  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.screen.slice(this.cursor);
      const match = pattern.exec(rest);
      if (match) {
        this.cursor += match.index + match[0].length;
        return match[0];
      }
      if (Date.now() > deadline)
        throw new Error(`no ${pattern} on the terminal within ${timeoutMs} ms; it shows:\n${rest.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Types keys (a short pause first: the prompt is drawn before it reads). */
  async type(...keys: string[]): Promise<void> {
    for (const key of keys) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      this.child.stdin.write(key);
    }
  }

  /** Waits for the exit code (bounded); kills the run if it hangs. */
  async exit(timeoutMs = 30_000): Promise<number> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
      this.child.stdin.end();
    }
  }
}
