/** What a verification that stopped part-way reports: the cause that explains it, not only the last step's words. */
import { explain, formatExplanation, saveLog } from './diagnose.js';
import { EngineError, type Engine } from './engines/index.js';
import type { VerifyRun } from './run.js';
import { describeMissingBase, missingBaseImage } from './missing-base.js';
import { describeBuildServiceNeed, serviceFromLog } from './services.js';

export async function recordFailure(run: VerifyRun, error: unknown, interrupted: boolean): Promise<void> {
  const { engine, steps, report, target, runId, log } = run;
  if (interrupted) steps.check('interrupted', false, 'interrupted by a signal');
  else if (error instanceof EngineError && !(await engineAnswers(engine))) {
    // The daemon went away mid-step: that, not the step's own output, is the cause to report.
    steps.check(
      'engine',
      false,
      `the ${engine.command} engine stopped answering during the ${error.step ?? 'verification'}: ${error.message}`,
    );
  } else if (error instanceof EngineError && error.output) {
    // A failed build: the lines that say why (not only the tail), and the whole log in a file.
    const explanation = explain(error.output);
    const logFile = await saveLog(runId, 'build', error.output);
    // A build step that reads a service (Next.js prerendering a page that queries the database):
    // named only when the build's own causes say so, never from a passing mention in the log.
    const need = serviceFromLog(explanation.causes.join('\n'), target.services);
    if (need) report.needsService = { service: need.service, envVar: need.envVar, setting: need.setting };
    // A FROM image the engine lacks and cannot pull: said as that, not as the registry's raw error.
    const missing = missingBaseImage(error.output);
    if (missing) {
      steps.check(error.step ?? steps.lastStep ?? 'build', false, describeMissingBase(missing), {
        evidence: { causes: explanation.causes, logFile },
      });
      log(formatExplanation(explanation, logFile));
      return;
    }
    steps.check(
      error.step ?? steps.lastStep ?? 'build',
      false,
      `${error.message}${need ? `; ${describeBuildServiceNeed(need)}` : ''}${explanation.causes[0] ? `\n    why: ${explanation.causes[0]}` : ''}`,
      { evidence: { causes: explanation.causes, logFile, ...(need && { service: need }) } },
    );
    log(formatExplanation(explanation, logFile));
  } else
    steps.check(
      (error instanceof EngineError && error.step) || steps.lastStep || 'verification',
      false,
      (error as Error).message,
    );
}

/**
 * A build that failed on its own (its output says why), as opposed to an interrupt or an engine that
 * went away: its likeliest cause and the whole log in a file; undefined for the other kinds.
 */
export async function buildFailure(
  run: VerifyRun,
  error: unknown,
): Promise<{ causes: string[]; cause?: string; logFile: string; shown: string } | undefined> {
  if (run.signal?.aborted || !(error instanceof EngineError) || !error.output) return undefined;
  if (!(await engineAnswers(run.engine))) return undefined;
  const explanation = explain(error.output);
  const logFile = await saveLog(run.runId, 'rebuild', error.output);
  return {
    causes: explanation.causes,
    cause: explanation.causes[0],
    logFile,
    shown: formatExplanation(explanation, logFile),
  };
}

/** Does the engine still answer (bounded)? A failed step on a dead daemon is reported as the daemon's failure. */
const engineAnswers = (engine: Engine) =>
  engine.probe(false, 10).then(
    () => true,
    () => false,
  );
