/**
 * Run the edited image; it must serve the edit over HTTP (the sample's greeting on its own page).
 * When the rebuild after our edit failed, the cold image (the user's own folder) runs instead.
 */
import { get, portIsFree } from '../http.js';
import { FAILS_BY } from '../routes/failing.js';
import { describeProbe, healthcheckPath, probeHttp, probePaths } from '../probe.js';
import { after, type Container, type VerifyRun } from '../run.js';
import { reportHttpFailure } from './http-failure.js';

export async function httpCheck(run: VerifyRun): Promise<void> {
  const { target, settings, engine, steps, report, tags, labels, runId } = run;
  const { expectBody, rebuildFailed } = after(run.edit, 'dependency layers');
  const tag = rebuildFailed ? tags.cold : tags.edited;
  const name = `slim-docker-verify-${runId}`;
  // On the host network the probe reaches whatever holds the port: it must be free before the run
  // (nothing may answer there) and answer no more once the container has stopped (the answered check).
  const hostNetwork = engine.network === 'host';
  if (hostNetwork && (!(await portIsFree(target.port)) || (await get(`http://127.0.0.1:${target.port}/`, 1000)))) {
    steps.check(
      'http',
      false,
      `port ${target.port} is already in use on this machine; with --network host the container needs it free (stop what holds it, or regenerate with --port)`,
    );
    return;
  }
  // Variables the app cannot answer without (Django's ALLOWED_HOSTS from the environment): set for
  // this run only, and said in the verdict, since wherever the image runs they must be set too.
  const env = Object.fromEntries(target.runEnvironment.map((variable) => [variable.name, variable.value]));
  const envNote = target.runEnvironment
    .map(
      (variable) =>
        `${variable.name} set by verification to ${variable.value} for its run (${variable.why}): set it where the image runs`,
    )
    .join('; ');
  if (envNote) run.log(`  ${envNote}`);
  // Routes built to fail (petclinic's /oups): a 5xx there is the app working, not a broken image.
  if (target.routesLeftOut?.length && !settings.httpPath)
    run.log(
      `  not probed: ${target.routesLeftOut.join(', ')} (the handler's first statement ${FAILS_BY[target.pack?.id ?? ''] ?? 'fails'}: the route fails on purpose)`,
    );
  await steps.run(rebuildFailed ? 'run the image of your folder' : 'run the edited image', () =>
    engine.runDetached({ image: tag, name, labels, port: target.port, envFile: settings.envFile, env }),
  );
  const kernelUid = await engine.processUid(name);
  let hostPort: number;
  try {
    hostPort = await engine.hostPort(name, target.port);
  } catch (error) {
    // A container that exited at once has no published port to ask for: its exit and its log are the
    // verdict (under http), not the engine's "no public port" (issue 22 item 7). No container is kept
    // for the later steps, which need a running one.
    const state = await engine.containerState(name).catch(() => undefined);
    if (!state || state.running) throw error;
    const reason = `the container exited with code ${state.exitCode}`;
    const gone = { name } as Container;
    return reportHttpFailure(run, gone, { kind: 'no-answer', reason, probes: [] }, { probes: [] });
  }
  const image = await engine.inspectImage(tag);
  const paths = probePaths({
    httpPath: settings.httpPath,
    // Our sample must serve its (edited) greeting on /.
    samplePath: target.sample ? (target.pack?.verification.smokePath ?? '/') : undefined,
    healthcheck: healthcheckPath(image.healthcheck),
    routes: target.routes,
  });
  const baseUrl = `http://127.0.0.1:${hostPort}`;
  const container: Container = { name, hostPort, baseUrl, image, kernelUid, hostNetwork };
  run.container = container;
  const exited = async () => {
    const state = await engine.containerState(name);
    return state.running ? undefined : `the container exited with code ${state.exitCode}`;
  };
  const verdict = await steps.run(`GET ${baseUrl}${paths.length > 1 ? ` (${paths.join(', ')})` : paths[0]}`, () =>
    probeHttp({ baseUrl, paths, timeoutSeconds: settings.timeoutSeconds, stop: exited }),
  );
  const evidence: Record<string, unknown> = {
    probes: verdict.probes,
    ...(envNote && { environment: target.runEnvironment }),
  };
  if (verdict.kind !== 'pass') return reportHttpFailure(run, container, verdict, evidence);
  container.answeredPath = verdict.probe.path;
  report.httpStatus = verdict.probe.status;
  report.httpBody = verdict.body.slice(0, 500);
  // The edited greeting is on the sample's own page; another path (--http-path) only has to answer.
  const bodyOk =
    expectBody === undefined ||
    verdict.probe.path !== (target.pack?.verification.smokePath ?? '/') ||
    verdict.body.includes(expectBody);
  steps.check(
    'http',
    bodyOk,
    `GET ${describeProbe(verdict.probe)}${expectBody && verdict.probe.path === (target.pack?.verification.smokePath ?? '/') ? (bodyOk ? `, serves the edited greeting "${expectBody}"` : `, body lacks "${expectBody}": ${JSON.stringify(report.httpBody)}`) : ''}${envNote ? `; ${envNote}` : ''}`,
    { evidence },
  );
}
