/**
 * One trial: copy the checkout, set its Docker files aside, run the built CLI in the app's folder as a
 * new user would (`--yes`, verification on, the line's flags), re-probe a verified image by hand, and
 * remove what this trial made (the re-probe container, the kept image, the copy).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { execa } from 'execa';
import type { Check, Report } from '../../src/verify/report.js';
import type { TrialEntry } from './list.js';
import { reprobeImage } from './reprobe.js';
import type { Outcome, TrialResult } from './table.js';
import { copyCheckout, setAsideDockerFiles } from './workspace.js';

export interface TrialOptions {
  /** The built CLI (dist/src/cli.js). */
  bin: string;
  engine: string;
  /** Seconds the whole CLI run may take. */
  repoTimeoutSeconds: number;
  /** Folder for each run's full output. */
  logDir: string;
  /** Unique per trial run: names and labels of what it creates. */
  nonce: string;
  signal: AbortSignal;
}

/** The reason line the verdict prints: the needed service, else the first failed check and its why. */
export function reasonOf(report: Report): string | undefined {
  const need = report.needsService;
  if (need)
    return `needs ${need.service}${need.envVar ? ` (${need.envVar})` : ''}, which verification cannot reach here`;
  const failed = report.checks.find((check: Check) => !check.ok);
  if (!failed) return undefined;
  const lines = failed.detail
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return `FAIL ${failed.name}: ${lines.join(' / ')}`;
}

/** The message a refusal or crash printed: the `slim-docker:` line(s), else the last lines of output. */
export function messageOf(stderr: string, all: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const own = lines.filter((line) => line.startsWith('slim-docker:'));
  if (own.length) return own.join(' / ');
  const tail = (lines.length ? lines : all.split('\n').filter((line) => line.trim())).slice(-3);
  return tail.join(' / ');
}

/** The answers the run saved (.yo-rc.json), for the kind column and the port it verified. */
async function savedAnswers(dir: string): Promise<Record<string, unknown>> {
  try {
    const json = JSON.parse(await readFile(join(dir, '.yo-rc.json'), 'utf8')) as Record<string, unknown>;
    return (json['generator-slim-docker'] ?? {}) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function kindOf(saved: Record<string, unknown>, output: string): string | undefined {
  const language = saved.language;
  if (typeof language !== 'string') return undefined;
  // A Python script server saves the default framework answer, unused: the summary line names its server.
  const script = /^slim-docker: Python script \S+(?: \(([\w.]+)\))?/m.exec(output);
  const framework = script
    ? `/script${script[1] ? ` (${script[1]})` : ''}`
    : typeof saved.framework === 'string' && saved.framework !== 'none'
      ? `/${saved.framework}`
      : '';
  const version = saved.runtimeVersion ? ` ${String(saved.runtimeVersion)}` : '';
  return `${language}${framework}${version}`;
}

/** The port the verifier probed: the saved answer, else the port-exposed check's expectation. */
function portOf(saved: Record<string, unknown>, report: Report): number | undefined {
  const port = Number(saved.port);
  if (Number.isInteger(port) && port > 0) return port;
  const expected = report.checks.find((check) => check.name === 'port exposed')?.detail.match(/expected (\d+)\/tcp/);
  if (expected) return Number(expected[1]);
  const first = report.exposedPorts?.[0]?.match(/^(\d+)/);
  return first ? Number(first[1]) : undefined;
}

/** The http check's evidence: the paths that answered 2xx/3xx, and the env the verifier set. */
function httpEvidence(report: Report): { paths: string[]; env: Record<string, string> } {
  const evidence = report.checks.find((check) => check.name === 'http')?.evidence ?? {};
  const probes = (evidence.probes ?? []) as { path: string; status?: number }[];
  const paths = probes
    .filter((probe) => probe.status !== undefined && probe.status >= 200 && probe.status < 400)
    .map((probe) => probe.path);
  const environment = (evidence.environment ?? []) as { name: string; value: string }[];
  return {
    paths: paths.length ? [...new Set(paths)].slice(0, 4) : ['/'],
    env: Object.fromEntries(environment.map((variable) => [variable.name, variable.value])),
  };
}

function flagValue(flags: string[], name: string): string | undefined {
  const at = flags.findIndex((flag) => flag === name || flag.startsWith(`${name}=`));
  if (at < 0) return undefined;
  return flags[at].includes('=') ? flags[at].slice(name.length + 1) : flags[at + 1];
}

export async function runTrial(entry: TrialEntry, index: number, opts: TrialOptions): Promise<TrialResult> {
  const started = Date.now();
  const repo = basename(resolve(entry.checkout));
  const tag = `${String(index + 1).padStart(2, '0')}-${repo}${entry.subfolder ? `-${entry.subfolder.replace(/\W+/g, '_')}` : ''}`;
  const scratch = await mkdtemp(join(tmpdir(), 'slim-trial-'));
  const root = join(scratch, repo);
  const appDir = join(root, entry.subfolder);
  const reportPath = join(scratch, 'report.json');
  const logPath = join(opts.logDir, `${tag}.log`);
  const result: TrialResult = {
    checkout: entry.checkout,
    repo,
    subfolder: entry.subfolder,
    flags: entry.flags,
    ...(entry.note && { note: entry.note }),
    outcome: 'crashed',
    setAside: [],
    seconds: 0,
    log: logPath,
  };
  let image: string | undefined;
  try {
    await copyCheckout(entry.checkout, root);
    result.setAside = await setAsideDockerFiles(root, join(scratch, '.trial-set-aside'));
    const cli = await execa(
      process.execPath,
      [opts.bin, '--yes', '--keep-image', '--verify', '--report', reportPath, ...entry.flags],
      {
        cwd: appDir,
        reject: false,
        all: true,
        timeout: opts.repoTimeoutSeconds * 1000,
        // The CLI cleans up on SIGTERM; a run that ignores it is killed after 60 s.
        forceKillAfterDelay: 60_000,
        cancelSignal: opts.signal,
        env: { SLIM_DOCKER_ENGINE: opts.engine, FORCE_COLOR: '0', NO_COLOR: '1' },
        stdin: 'ignore',
      },
    );
    const all = String(cli.all ?? '');
    await writeFile(logPath, `$ slim-docker --yes --keep-image --verify ${entry.flags.join(' ')}\n${all}\n`);
    result.exitCode = cli.exitCode;
    const report: Report | undefined = existsSync(reportPath)
      ? (JSON.parse(await readFile(reportPath, 'utf8')) as Report)
      : undefined;
    const saved = await savedAnswers(appDir);
    result.kind = kindOf(saved, all);
    image = report?.image;
    const outcomes: Record<number, Outcome> = { 0: 'verified', 1: 'not verified', 2: 'refused', 3: 'environment' };
    result.outcome = cli.timedOut ? 'timed out' : (outcomes[cli.exitCode ?? -1] ?? 'crashed');
    if (result.outcome === 'verified' && !report?.ok) result.outcome = 'not verified';
    result.reason =
      (report && !report.ok ? reasonOf(report) : undefined) ??
      (result.outcome === 'verified' ? undefined : messageOf(String(cli.stderr ?? ''), all));
    if (cli.timedOut) result.reason = `no verdict within ${opts.repoTimeoutSeconds} s; ${result.reason ?? ''}`.trim();
    if (result.outcome === 'verified' && report && image) {
      const port = portOf(saved, report);
      result.port = port;
      result.image = image;
      if (port === undefined) result.reprobeError = 'no port known for the re-probe';
      else {
        const { paths, env } = httpEvidence(report);
        const envFile = flagValue(entry.flags, '--env-file');
        const reprobe = await reprobeImage({
          engine: opts.engine,
          image,
          port,
          env,
          envFile: envFile && (isAbsolute(envFile) ? envFile : join(appDir, envFile)),
          paths,
          name: `slim-trial-${opts.nonce}-${index + 1}`,
          label: `org.slim-docker.trial=${opts.nonce}`,
          timeoutSeconds: 60,
        });
        result.reprobe = reprobe.probes;
        if (reprobe.error) result.reprobeError = reprobe.error;
      }
    }
  } catch (error) {
    result.outcome = 'crashed';
    result.reason = `trial runner: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    // Only what this trial made: the image the run kept for it, and the copy.
    if (image) await execa(opts.engine, ['rmi', image], { reject: false, timeout: 120_000 });
    await rm(scratch, { recursive: true, force: true });
    result.seconds = Math.round((Date.now() - started) / 1000);
  }
  return result;
}
