/**
 * The sample's post-write step (the Express sample's `npm install --package-lock-only`, the Rust
 * sample's `cargo generate-lockfile`): whether this run needs it, whether its tool is on PATH before
 * anything is written, and running it so that Ctrl-C ends the run with one line, exit 130.
 */
import wrapAnsi from 'wrap-ansi';
import { accessSync, constants, existsSync, rmSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CancelledError, EnvironmentError } from '../errors.js';
import { languagePack } from '../languages/index.js';
import type { LanguagePack } from '../languages/types.js';
import type { Session } from './session.js';
import type { Result, ResultPromise } from 'execa';

type Step = NonNullable<LanguagePack['sampleInstall']>;

/**
 * The step this run must take: the sample files were written now, or they are there (identical) but
 * what the step creates is missing (an install that was interrupted, a lockfile deleted).
 */
export function pendingSampleStep(session: Session): Step | undefined {
  const { answers } = session.outcome!;
  const step = languagePack(answers.language).sampleInstall;
  if (!step || !answers.sampleApp || !session.kinds.includes('source')) return undefined;
  const sample = session.changes.filter((change) => change.kind === 'source');
  const written = sample.some(
    (change) => change.write !== undefined && (change.action !== 'conflict' || change.decision === 'overwrite'),
  );
  if (written) return step;
  return sample.length > 0 && !existsSync(join(session.io.root, step.creates)) ? step : undefined;
}

/** `which NAME`: the first executable file of that name on PATH. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Before anything is written: the step's tool must be on PATH (a Rust sample without cargo would
 * leave a Dockerfile that builds --locked with no Cargo.lock). Exit 3, nothing written.
 */
export function checkSampleTool(session: Session): void {
  if (session.flags.skipInstall === true) return;
  const step = pendingSampleStep(session);
  if (!step || onPath(step.command[0])) return;
  const shown = step.command.join(' ');
  throw new EnvironmentError(
    shown,
    `${step.command[0]} is not on PATH: install it, or rerun with --skip-install and run \`${shown}\` before building the image (it creates ${step.creates}); nothing was written`,
  );
}

/** Runs the step (or, with --skip-install, says what to run); Ctrl-C stops it: one line, exit 130. */
export async function sampleInstall(session: Session, skip: boolean): Promise<void> {
  const step = pendingSampleStep(session);
  if (!step) return;
  const shown = step.command.join(' ');
  if (skip) {
    session.io.log(`Skipped ${step.purpose} (--skip-install). Run \`${shown}\` before building the image.`);
    return;
  }
  // The command on its line, why under it, wrapped for 80 columns.
  session.io.log(`Running \`${shown}\`…`);
  session.io.log(wrapAnsi(`to ${step.purpose}`, 76, { hard: true }).replace(/^/gm, '  '));
  const created = join(session.io.root, step.creates);
  const existed = existsSync(created);
  // The terminal sends Ctrl-C to the step too; without a listener node would die at once, silently,
  // leaving the folder's lock. With one, the step is stopped and the run ends through its own error path.
  let interrupted = false;
  let child: ResultPromise<{ all: true; reject: false; cwd: string; timeout: number }> | undefined;
  const interrupt = () => {
    interrupted = true;
    child?.kill('SIGTERM');
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  let result: Result<{ all: true; reject: false }> | undefined;
  try {
    const { execa } = await import('execa');
    if (!interrupted) {
      child = execa(step.command[0], step.command.slice(1), {
        cwd: session.io.root,
        all: true,
        reject: false,
        timeout: 600_000,
      });
      result = await child;
    }
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  if (interrupted) {
    // A half-made lockfile would read as done on the next run: only a whole one is kept.
    if (!existed) rmSync(created, { force: true });
    throw new CancelledError(
      `interrupted during \`${shown}\`; the files were written, ${step.creates} was not: run slim-docker again to create it`,
    );
  }
  // Not a verification: the machine (the registry, the network, the disk) did not let it run (exit 3).
  if ((result as { code?: string }).code === 'ENOENT')
    throw new EnvironmentError(
      shown,
      `${step.command[0]} is not on PATH: install it, or rerun with --skip-install and run \`${shown}\` before building the image`,
    );
  if (result?.failed)
    throw new EnvironmentError(
      shown,
      `failed: ${(result.all?.trim() || result.shortMessage || 'no output').split('\n').slice(-3).join(' ')}`,
    );
}
