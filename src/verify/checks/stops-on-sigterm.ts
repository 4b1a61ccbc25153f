import type { Engine } from '../engines/index.js';
import type { Steps } from '../progress.js';
import { round, type VerifyRun } from '../run.js';

/** A clean stop slower than this is worth a warning (not a failure: a loaded machine is slow too). */
const SLOW_STOP_SECONDS = 3;
/** `docker stop --time`: after this many seconds the engine sends SIGKILL. */
const STOP_GRACE_SECONDS = 10;

/** `docker stop` the container that answered, and judge how it ended. */
export async function stopsOnSigtermCheck(run: VerifyRun): Promise<void> {
  const { engine, steps, report } = run;
  const container = run.container;
  if (container?.answeredPath === undefined) return;
  const { name } = container;
  const before = await engine.containerState(name);
  if (!before.running) {
    steps.check(
      'stops on SIGTERM',
      false,
      `the container had already exited (code ${before.exitCode}) before SIGTERM was sent`,
    );
    return;
  }
  const stopSeconds = await steps.run(`${engine.kind} stop (SIGTERM, ${STOP_GRACE_SECONDS} s grace)`, () =>
    engine.stop(name, STOP_GRACE_SECONDS),
  );
  report.stopSeconds = round(stopSeconds, 3);
  await checkStop(engine, name, report.stopSeconds, steps);
  container.stopped = true;
}

/**
 * The stop verdict comes from the engine's record of how the process ended, not from wall time: an
 * exit by itself after SIGTERM passes (slow is a warning on a loaded machine); exit status 137
 * (SIGKILL) with no OOM kill after the whole grace period means SIGTERM was ignored.
 */
async function checkStop(engine: Engine, name: string, seconds: number, steps: Steps): Promise<void> {
  const exit = await engine.containerExit(name);
  const killed = exit.exitCode === 137 && !exit.oomKilled && seconds >= STOP_GRACE_SECONDS - 0.5;
  const evidence = { exitCode: exit.exitCode, oomKilled: exit.oomKilled, seconds, killed };
  if (exit.oomKilled)
    return void steps.check(
      'stops on SIGTERM',
      false,
      `the kernel killed it for lack of memory (OOMKilled, exit ${exit.exitCode})`,
      { evidence },
    );
  if (killed) {
    return void steps.check(
      'stops on SIGTERM',
      false,
      `ignored SIGTERM and was killed after the ${STOP_GRACE_SECONDS} s grace period (exit 137): PID 1 is a shell (shell-form CMD) or has no SIGTERM handler`,
      { evidence },
    );
  }
  const how =
    exit.exitCode === 0
      ? 'exited 0'
      : exit.exitCode === 143
        ? 'ended by SIGTERM (exit 143)'
        : `exited with code ${exit.exitCode}`;
  const slow = seconds >= SLOW_STOP_SECONDS;
  steps.check(
    'stops on SIGTERM',
    true,
    `${how}, ${seconds} s after SIGTERM${slow ? ': slow, but it stopped by itself (a busy machine, or a slow shutdown handler)' : ': SIGTERM reached the server (PID 1, or under an init such as tini)'}`,
    { warning: slow, evidence },
  );
}
