import { poll } from '../http.js';
import type { VerifyRun } from '../run.js';

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
  const health = await steps.run('HEALTHCHECK', () =>
    poll({
      timeoutSeconds: settings.timeoutSeconds,
      intervalMs: 500,
      attempt: async () => {
        const s = await engine.containerState(name);
        return s.health === 'healthy' ? s.health : undefined;
      },
      stop: async () => {
        const s = await engine.containerState(name);
        return s.health === 'unhealthy' ? 'reported unhealthy' : s.running ? undefined : 'the container exited';
      },
    }),
  );
  steps.check(
    'healthcheck',
    health.value === 'healthy',
    health.value ? 'reached healthy' : (health.reason ?? 'not healthy'),
  );
}
