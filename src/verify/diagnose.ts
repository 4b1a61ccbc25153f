/**
 * Root causes out of long logs. A build or a crashing app usually says why near the top of its
 * output and then prints pages of fallout; showing only the tail hides the reason. This picks the
 * lines that explain (the last frame and exception of a Python traceback, `error:`, `panic:`,
 * `Permission denied` …), keeps the tail too, and writes the whole log to a file the user can open.
 */
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Lines that explain a failure, most specific first in intent (order in the output is kept). */
const EXPLAINING = [
  /^\S+\.go:\d+:\d+: /, // the Go compiler: file.go:12:3: undefined: x
  /\b(Error|Exception)\b.*:/, // Python exceptions (PermissionError: …), JS errors (Error: …)
  /^\w*(Error|Exception|Warning)\b/, // a bare exception line at the start
  /\berror(\[\w+\])?:/i, // compilers, pip, npm ERR!, go build, cargo
  /\bnpm ERR!|\bERR_\w+/,
  /\bfatal\b/i,
  /\bpanic:/,
  /\bnot found\b/i,
  /\bpermission denied\b/i,
  /\bread-only file system\b/i,
  /\bno such file or directory\b/i,
  /\bunrecognized arguments?\b/i,
  /\bcannot\b|\bcan't\b|\bcouldn't\b|\bcould not\b|\bunable to\b/i,
  /\bfailed\b/i,
  /\bsegmentation fault\b|\bkilled\b/i,
];

/** Noise that looks like an error but never explains one (progress lines, retries that succeeded). */
const NOISE = [
  /^#\d+ (sha256|extracting|transferring|exporting|writing|naming|resolve|DONE|CACHED)\b/,
  // The Dockerfile's own text, echoed by the builder: step headers (BuildKit `#9 [build 3/8] RUN …`,
  // ` > [build 3/8] RUN …:`, legacy `Step 3/8 : …`, podman `STEP 3/8: …`) and its excerpt around the
  // failed step (`  58 | >>>  && printf …`). A RUN's words (a probe's `throws Exception`) explain nothing.
  /^#\d+ \[[^\]]+\] /,
  /^\s*> \[[^\]]+\] /,
  /^(Step \d+\/\d+ : |STEP \d+\/\d+: )/,
  /^\s*\d+ \|( >>>)? /,
  // Yarn 2+'s informational codes (fetch, link, build steps), e.g. "YN0013: … can't be found in the cache".
  /\bYN00(00|07|08|13|19|85|86)\b/,
  /^\s*$/,
  /warning: no (config|cache)/i,
  /0 errors?\b/,
];

export interface Explanation {
  /** The explaining lines, the likeliest root cause first, then the rest in log order (at most `max`). */
  causes: string[];
  /** The last lines of the log. */
  tail: string[];
}

/** Strips BuildKit's "#12 3.456 " step prefix, so the text itself is matched and shown. */
const bare = (line: string) => line.replace(/^#\d+ \d+\.\d+ /, '').replace(/\r$/, '');

export function explain(log: string, max = 8, tailLines = 12): Explanation {
  const lines = log.split('\n').map(bare);
  const causes: string[] = [];
  const add = (line: string) => {
    const text = line.trim();
    if (text && !causes.includes(text) && causes.length < max)
      causes.push(text.length > 300 ? `${text.slice(0, 297)}...` : text);
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    // A Python traceback: its last frame ("File …, line N") and the exception line after it.
    if (/^Traceback \(most recent call last\):/.test(line.trim())) {
      let end = index + 1;
      while (end < lines.length && /^\s/.test(lines[end])) end++;
      const frames = lines.slice(index + 1, end).filter((candidate) => /^\s*File "/.test(candidate));
      // The deepest frame of the app's own code says what it was doing (a library's frame says only where it broke).
      const own = frames.filter((candidate) => !LIBRARY_FRAME.test(candidate)).pop();
      if (own && own !== frames[frames.length - 1]) add(own);
      if (frames.length) add(frames[frames.length - 1]);
      if (end < lines.length) add(lines[end]);
      index = end;
      continue;
    }
    if (NOISE.some((pattern) => pattern.test(line))) continue;
    if (EXPLAINING.some((pattern) => pattern.test(line))) add(line);
  }
  const tail = lines.filter((line) => line.trim()).slice(-tailLines);
  // The first exception or panic of the log is most often the root (later ones are its fallout);
  // a tool's "a subprocess failed" wrapper line is never the root when the subprocess said why.
  for (const pattern of ROOT_CAUSE) {
    const primary = causes.findIndex((line) => pattern.test(line) && !WRAPPER.test(line));
    if (primary < 0) continue;
    if (primary > 0) causes.unshift(...causes.splice(primary, 1));
    break;
  }
  return { causes, tail };
}

/** A traceback frame inside an installed library or the standard library, not the app's own code. */
const LIBRARY_FRAME = /File "[^"]*\/(site-packages|dist-packages|lib\/python3\.\d+)\//;

/** What a root cause looks like: an exception line, a panic, a compiler's or tool's error line. */
const ROOT_CAUSE = [
  /^\S+\.go:\d+:\d+: /,
  // Maven's summary of why the build stopped (a plugin's goal and its reason, e.g. a formatter's check).
  /^\[ERROR\] Failed to execute goal\b/,
  /^[\w.]*(Error|Exception)\b:?/,
  /^panic:|\bfatal error\b/i,
  /\berror(\[\w+\])?:|^Error:/i,
  /\bnot found\b|\bpermission denied\b|\bunrecognized arguments?\b/i,
];

/** pip's and npm's lines that only report that a build subprocess failed (its own output says why). */
const WRAPPER =
  /subprocess-exited-with-error|metadata-generation-failed|failed-wheel-build-for-install|This error originates from a subprocess|npm error (code|path|command) |executor failed running|ERROR: process ".*" did not complete successfully|failed to solve:/i;

/** Writes a full log where the user can read it (the project folder is never written). */
export async function saveLog(runId: string, name: string, text: string): Promise<string> {
  const path = join(await (logFolder ??= privateLogFolder()), `${runId}-${name}.log`);
  await writeFile(path, text, { mode: 0o600 });
  return path;
}

let logFolder: Promise<string> | undefined;

/**
 * The user's own log folder, private (0700): $XDG_STATE_HOME/slim-docker/logs (~/.local/state/…), in
 * their home where no other user can plant a folder or a link first, as one could under a shared
 * /tmp name. A home that cannot be written gets a fresh private temp folder (mkdtemp, 0700).
 */
export async function privateLogFolder(): Promise<string> {
  const home = homedir();
  const state = process.env.XDG_STATE_HOME || (home ? join(home, '.local', 'state') : undefined);
  if (state) {
    const dir = join(state, 'slim-docker', 'logs');
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      return dir;
    } catch {
      // A read-only or foreign home: the temp folder below.
    }
  }
  return mkdtemp(join(tmpdir(), 'slim-docker-logs-'));
}

/**
 * The explaining lines (but the first, which the check's own line already shows), then the tail
 * (without lines already shown) and where the whole log is, indented for the terminal.
 */
export function formatExplanation({ causes, tail }: Explanation, logFile?: string): string {
  const out: string[] = [];
  if (causes.length > 1) out.push('    also:', ...causes.slice(1).map((line) => `    | ${line}`));
  const rest = tail.filter((line) => !causes.includes(line.trim()));
  if (rest.length) out.push('    last lines:', ...rest.map((line) => `    | ${line}`));
  if (logFile) out.push(`    full log: ${logFile}`);
  return out.join('\n');
}
