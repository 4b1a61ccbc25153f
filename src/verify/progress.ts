/**
 * Progress of verification: one line per step with its duration and, on a terminal, a live line
 * with the elapsed seconds (and the build step in flight) while a long step runs. Build output is
 * grouped per build and printed once that build ends, in step order, so two builds never interleave.
 * Not a terminal, or CI=true: no live line, no control characters, only the finished lines.
 */
import type { Check } from './report.js';

export type Log = (line: string) => void;

/** A live line only on an interactive terminal that understands it, and never in CI. */
export function liveAllowed(
  stream: NodeJS.WriteStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb';
}

export class Steps {
  readonly checks: Check[] = [];
  /** The step started last: a failure that names no step of its own is shown under it. */
  lastStep?: string;
  private live?: { title: string; start: number; detail: string; timer: NodeJS.Timeout };

  constructor(
    private readonly out: Log,
    private readonly stream: NodeJS.WriteStream | undefined = liveAllowed() ? process.stdout : undefined,
  ) {}

  /**
   * Logs a finished line; a live line, if any, is cleared first and redrawn after. With a live line the
   * line goes straight to its stream: Yeoman's adapter queues its log (it is async), so a line sent
   * through it landed after the live line was redrawn, on the same row.
   */
  log = (line: string): void => {
    if (!this.live || !this.stream) return this.out(line);
    this.stream.write(`\r\x1b[2K${line}\n`);
    this.draw();
  };

  /** What the live line shows after the title (e.g. the build step in flight). */
  status(detail: string): void {
    if (!this.live) return;
    this.live.detail = detail;
    this.draw();
  }

  private draw(): void {
    if (!this.live || !this.stream) return;
    const seconds = Math.floor((Date.now() - this.live.start) / 1000);
    const width = Math.max((this.stream.columns ?? 100) - 1, 20);
    const text = `▸ ${this.live.title}… ${seconds} s${this.live.detail ? `  ${this.live.detail}` : ''}`;
    this.stream.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
  }

  /**
   * Runs one step: a live line while it runs (on a terminal), then the title with its duration. A
   * failure is shown under `check` (default: the title), the name its check has in the verdict.
   */
  async run<T>(title: string, body: () => Promise<T>, check = title): Promise<T> {
    const start = Date.now();
    this.lastStep = check;
    if (this.stream) {
      this.live = { title, start, detail: '', timer: setInterval(() => this.draw(), 1000) };
      this.live.timer.unref();
      this.draw();
    } else this.out(`▸ ${title}…`);
    const finish = (text: string) => {
      if (this.live) {
        clearInterval(this.live.timer);
        this.stream?.write(`\r\x1b[2K▸ ${title}… ${text}\n`);
        this.live = undefined;
      } else this.out(`  ${text}`);
    };
    try {
      const value = await body();
      finish(`done in ${((Date.now() - start) / 1000).toFixed(1)} s`);
      return value;
    } catch (error) {
      // Why it failed is said once, in the verdict, under the check's name.
      finish(`failed after ${((Date.now() - start) / 1000).toFixed(1)} s`);
      throw error;
    }
  }

  /**
   * Records a check for the verdict (verdict.ts), which shows every check once, at the end; while the
   * run goes on, a terminal's live line names the last check passed or failed.
   */
  check(name: string, ok: boolean, detail: string, extra: Pick<Check, 'warning' | 'evidence'> = {}): boolean {
    this.checks.push({ name, ok, detail, ...extra });
    this.status(`${ok ? (extra.warning ? '!' : '✔') : '✘'} ${name}`);
    return ok;
  }
}

/**
 * Collects one build's step headers (BuildKit `#N [stage 2/7] RUN …`, legacy `Step 2/7 : RUN …`,
 * podman `STEP 2/7: RUN …`) and
 * whether each came from the cache; `flush` prints them once, in step order.
 */
export function buildProgress(steps: Steps): { onLine: (line: string) => void; flush: () => void } {
  const byId = new Map<string, { text: string; cached: boolean }>();
  const order: string[] = [];
  let lastLegacy: string | undefined;
  return {
    onLine: (line) => {
      const header = /^#(\d+) (\[[^\]]+\] .*)$/.exec(line);
      const legacy = /^(Step \d+\/\d+ : .*|STEP \d+\/\d+: .*)$/.exec(line)?.[1];
      if (header || legacy) {
        const text = header ? header[2] : legacy!;
        if (![...byId.values()].some((step) => step.text === text)) {
          const id = header ? header[1] : String(order.length);
          byId.set(id, { text, cached: false });
          order.push(id);
          if (legacy) lastLegacy = id;
        }
        steps.status(text.replace(/\s+/g, ' '));
        return;
      }
      const cached = /^#(\d+) CACHED$/.exec(line);
      if (cached && byId.has(cached[1])) byId.get(cached[1])!.cached = true;
      // The legacy builder (" ---> Using cache") and podman/buildah ("--> Using cache ID") after a step.
      if (lastLegacy !== undefined && /^\s*-+> Using cache\b/.test(line)) byId.get(lastLegacy)!.cached = true;
    },
    flush: () => {
      const rank = (text: string) => {
        const match = /(\d+)\/\d+\]/.exec(text) ?? /(\d+)\/\d+ ?:/.exec(text);
        return match ? Number(match[1]) : 0;
      };
      const lines = order.map((id) => byId.get(id)!).sort((a, b) => rank(a.text) - rank(b.text) || 0);
      // BuildKit's own bookkeeping ([internal] load …) says nothing about the Dockerfile.
      for (const { text, cached } of lines.filter((step) => !step.text.startsWith('[internal]'))) {
        const shown = text.replace(/\s+/g, ' ');
        // One line each at 80 columns: 4 of indent, the step, and its "(cached)" mark.
        const room = 76 - (cached ? 10 : 0);
        steps.log(`    ${shown.length > room ? `${shown.slice(0, room - 3)}...` : shown}${cached ? '  (cached)' : ''}`);
      }
    },
  };
}
