import { explain, formatExplanation, saveLog } from '../diagnose.js';
import { describeProbe, describeProbes, type ProbeVerdict } from '../probe.js';
import type { Container, VerifyRun } from '../run.js';
import { serviceSource } from '../../model.js';
import { describeDetectedServices, describeServiceNeed, serviceFromLog } from '../services.js';

/** Says why nothing answered: the app's own log lines that explain it, the tail, and the whole log in a file. */
export async function reportHttpFailure(
  run: VerifyRun,
  { name }: Container,
  verdict: Exclude<ProbeVerdict, { kind: 'pass' }>,
  evidence: Record<string, unknown>,
): Promise<void> {
  const { target, engine, steps, report, runId } = run;
  const logs = await engine.logs(name);
  const explanation = explain(logs);
  const logFile = await saveLog(runId, 'container', logs);
  const need = serviceFromLog(logs, target.services);
  // Only an app still running without answering may be waiting for a service; one that exited said why.
  const waitingFor =
    verdict.kind === 'no-answer' && (await engine.containerState(name)).running
      ? describeDetectedServices(target.services)
      : undefined;
  if (need)
    report.needsService = {
      service: need.service,
      envVar: need.envVar,
      setting: need.setting,
      others: target.services
        .filter((found) => found.service !== need.service)
        .map((found) => `${found.service} (${serviceSource(found)})`),
    };
  Object.assign(evidence, { causes: explanation.causes, logFile, ...(need && { service: need }) });
  const cause = need?.line ?? explanation.causes[0];
  const why = cause ? `\n    why: ${cause}` : '';
  const serverError =
    verdict.kind === 'server-error'
      ? `GET ${describeProbe(verdict.probe)}: ${verdict.probe.firstLine || '(empty body)'}`
      : undefined;
  const detail = need
    ? `${serverError ? `${serverError}; ` : ''}${describeServiceNeed(need)}${why}`
    : verdict.kind === 'server-error'
      ? `${serverError}${onPurpose(verdict.probe.path)}${why}`
      : verdict.kind === 'not-found'
        ? `no path answered 2xx/3xx (tried ${describeProbes(verdict.probes)}); pass --http-path PATH with a path your app serves${why}`
        : `${verdict.reason}${waitingFor ? `; ${waitingFor}` : ''}${why}`;
  steps.check('http', false, detail, { evidence });
  run.log(formatExplanation(explanation, logFile));
}

/**
 * A 5xx on a route found in the source, not the root: still a failure (pages that crash behind a
 * passing /health are what this check is for), but some apps crash one route on purpose (Spring's
 * petclinic `/oups`), and the user should learn how to say so.
 */
export function onPurpose(path: string): string {
  return path === '/' ? '' : `; if ${path} fails on purpose, name the path to prove with --http-path PATH`;
}
