import { poll } from '../http.js';
import type { VerifyRun } from '../run.js';

/**
 * How long "unhealthy" may last once the app answers. Verification checks every second with 3
 * retries, so a slow start (the probe waited for the app) reads unhealthy first; a HEALTHCHECK that
 * works flips to healthy at its next run. One that still fails after this has a real problem.
 */
const UNHEALTHY_GRACE_SECONDS = 10;

/** The image has a HEALTHCHECK and the running container reaches healthy (asked once the app answered). */
export async function healthcheckCheck(run: VerifyRun): Promise<void> {
  const { settings, engine, steps } = run;
  const container = run.container;
  if (container?.answeredPath === undefined) return;
  if (!container.image.hasHealthcheck) {
    steps.check('healthcheck', false, 'the image has no HEALTHCHECK');
    return;
  }
  const { name } = container;
  const start = Date.now();
  let unhealthySince: number | undefined;
  const health = await steps.run('HEALTHCHECK', () =>
    poll({
      timeoutSeconds: settings.timeoutSeconds,
      intervalMs: 500,
      attempt: async () => {
        const s = await engine.containerState(name);
        if (s.health === 'unhealthy') unhealthySince ??= Date.now();
        return s.health === 'healthy' ? s.health : undefined;
      },
      stop: async () => {
        const s = await engine.containerState(name);
        if (!s.running) return 'the container exited';
        const unhealthyFor = unhealthySince === undefined ? 0 : (Date.now() - Math.max(unhealthySince, start)) / 1000;
        return s.health === 'unhealthy' && unhealthyFor >= UNHEALTHY_GRACE_SECONDS
          ? `reported unhealthy, and still so ${UNHEALTHY_GRACE_SECONDS} s after the app answered HTTP`
          : undefined;
      },
    }),
  );
  const recovered = health.value === 'healthy' && unhealthySince !== undefined;
  steps.check(
    'healthcheck',
    health.value === 'healthy',
    health.value
      ? recovered
        ? 'reached healthy, after reporting unhealthy while the app was starting (give HEALTHCHECK a --start-period that covers the start)'
        : 'reached healthy'
      : (health.reason ?? 'not healthy'),
    { warning: recovered },
  );
}
