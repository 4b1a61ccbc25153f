/**
 * Verification: build the user's Dockerfile for real and prove what slim-docker promises.
 * engine → cold build → inspect (uid, port) → cache proof (edited copy) → run + HTTP + health →
 * stop timing → secrets → sizes → cleanup. Never writes into the user's directory.
 * Each check is a module of checks/; this runner sets the run up, calls the steps in order, and
 * always cleans up and reports.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type InputError, VerificationError } from '../errors.js';
import { OutsideProjectError, TooLargeError } from '../session/files.js';
import { answeredByContainerCheck } from './checks/answered-by-container.js';
import { cleanupCheck, removeLabelledSync } from './checks/cleanup.js';
import { coldBuildCheck } from './checks/cold-build.js';
import { dependencyLayersCheck } from './checks/dependency-layers.js';
import { engineCheck } from './checks/engine.js';
import { healthcheckCheck } from './checks/healthcheck.js';
import { httpCheck } from './checks/http.js';
import { lintCheck } from './checks/lint.js';
import { listenAddressCheck } from './checks/listen-address.js';
import { nonRootUserCheck } from './checks/non-root-user.js';
import { portExposedCheck } from './checks/port-exposed.js';
import { runtimeTrapsCheck } from './checks/runtime-traps.js';
import { secretsKeptOutCheck } from './checks/secrets-kept-out.js';
import { stopsOnSigtermCheck } from './checks/stops-on-sigterm.js';
import { openEngine, VERIFY_LABEL } from './engines/index.js';
import { guardVerdict, NO_VERDICT_EXIT } from './exit-guard.js';
import { recordFailure } from './failure.js';
import { listImageFiles } from './image-files.js';
import { inspectCold } from './inspect.js';
import { prepare } from './prepare.js';
import { Steps, type Log } from './progress.js';
import { REPORT_VERSION, writeReportFile, type Report } from './report.js';
import type { VerifyRun, VerifySettings, VerifyStep } from './run.js';
import { recordSizes } from './sizes.js';
import { renderVerdict, verdictWidth } from './verdict.js';
import type { Target } from './target.js';

export { finalBaseImage } from './final-base.js';
export type { VerifySettings } from './run.js';

/** The steps in the order the report lists their checks; a step whose subject is missing records nothing. */
const STEPS: readonly VerifyStep[] = [
  engineCheck,
  lintCheck,
  prepare,
  coldBuildCheck,
  inspectCold,
  portExposedCheck,
  dependencyLayersCheck,
  listImageFiles,
  runtimeTrapsCheck,
  httpCheck,
  listenAddressCheck,
  healthcheckCheck,
  stopsOnSigtermCheck,
  answeredByContainerCheck,
  nonRootUserCheck,
  secretsKeptOutCheck,
  recordSizes,
];

export async function runVerification(target: Target, settings: VerifySettings, out: Log): Promise<Report> {
  const controller = new AbortController();
  // Every line goes through the steps, so a live progress line is cleared before it and redrawn after.
  const steps = new Steps(out);
  const log = steps.log;
  const interrupt = () => {
    if (!controller.signal.aborted) log('Interrupted: stopping and cleaning up…');
    controller.abort();
  };
  // `on`, not `once`: execa's signal-exit re-raises a signal when no other listener is left, which
  // would kill the process before the cleanup below has run.
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  // The engine named, else the first of docker and podman that answers (said in one line).
  const { engine, line: engineLine } = await openEngine(settings.engine, settings.network, controller.signal);
  if (engineLine) log(engineLine);
  const runId = randomBytes(4).toString('hex');
  const repo = `slim-docker-verify/${target.appName}`;
  const tags = {
    cold: `${repo}:${runId}-cold`,
    edited: `${repo}:${runId}-edited`,
    depsCold: `${repo}:${runId}-deps-cold`,
    depsEdited: `${repo}:${runId}-deps-edited`,
  };
  const report: Report = {
    reportVersion: REPORT_VERSION,
    ok: false,
    engine: engine.command,
    ...(engine.network && { network: engine.network }),
    dockerfile: target.dockerfilePath,
    checks: steps.checks,
  };
  const scratch = await mkdtemp(join(tmpdir(), 'slim-docker-verify-'));
  const labels = { [VERIFY_LABEL]: runId };
  const run: VerifyRun = {
    target,
    settings,
    engine,
    steps,
    log,
    report,
    runId,
    labels,
    tags,
    scratch,
    signal: controller.signal,
  };
  let refused: InputError | undefined;
  // One ending for every way out: cleanup, the verdict, the report. Memoized, so the guard and the
  // normal path share it and it runs once.
  let ending: Promise<void> | undefined;
  const conclude = () =>
    (ending ??= (async () => {
      await rm(scratch, { recursive: true, force: true });
      await cleanupCheck(run);
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      // A refused project (exit 2) gets its one line, not a verdict table.
      if (refused) return;
      report.ok = report.checks.every((check) => check.ok);
      log(renderVerdict(report, verdictWidth()));
      if (settings.report) {
        await writeReportFile(settings.report, `${JSON.stringify(report, null, 2)}\n`);
        log(`Report written to ${settings.report}`);
      }
    })());
  const guard = guardVerdict({
    conclude: async (why) => {
      controller.abort();
      steps.check('verification', false, `${why}; not a verdict on your app`);
      await conclude();
    },
    cleanupSync: () => removeLabelledSync(engine.command, labels),
    warn: (line) => process.stderr.write(`${line}\n`),
  });
  try {
    // An interrupt ends the wait at once, even for a step stuck outside the engine (a file-system call
    // that never returns): the cleanup then runs, bounded, instead of never.
    const interrupted = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(new Error('interrupted by a signal')), { once: true }),
    );
    interrupted.catch(() => undefined);
    const inOrder = async () => {
      for (const step of STEPS) {
        if (controller.signal.aborted) throw new Error('interrupted by a signal');
        await step(run);
      }
    };
    await Promise.race([inOrder(), interrupted]);
    if (settings.keepImage && report.checks.every((check) => check.ok)) {
      // The image built from the user's own folder: the edited copy carries the verifier's edit.
      run.kept = `${target.appName}:verified`;
      await engine.tag(tags.cold, run.kept);
      report.image = run.kept;
    }
  } catch (error) {
    // The project is at fault (a symlink out of it, a 2 GB .dockerignore): one line, exit 2, after the cleanup.
    if (error instanceof OutsideProjectError || error instanceof TooLargeError) refused = error;
    // After the guard concluded (an internal error elsewhere), this step's failure is only its echo.
    else if (!ending) await recordFailure(run, error, controller.signal.aborted);
  } finally {
    await conclude();
    guard.settle();
  }
  if (refused) throw refused;
  if (guard.concluded)
    throw new VerificationError(
      'verification stopped without a verdict of its own (an internal error); its containers and images were removed',
      NO_VERDICT_EXIT,
    );
  if (controller.signal.aborted)
    throw new VerificationError('verification interrupted; containers and images removed', 130);
  return report;
}
