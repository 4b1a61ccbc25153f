/**
 * The verifier's promise to the shell: the process exits 0 only after a verdict was printed (and the
 * report written when asked for), and every way out removes what the run made.
 *
 * The normal paths (verdict, failed check, engine error, Ctrl-C) conclude inside runVerification. This
 * guard covers the ways out that bypass it:
 * - the event loop running dry while a promise is still pending (Node then exits 0 with nothing
 *   printed: the defect seen on a busy engine, when the HTTP probe's only timer did not hold the loop);
 * - an unhandled rejection or an uncaught exception anywhere in the process during the run;
 * - `process.exit()` called from elsewhere mid-run (only synchronous work is possible then).
 * Each concludes the run as ours, not the app's: a failing check, cleanup, the verdict, exit code 3.
 */

/** Exit code of a run that ended without a verdict of its own: the machine or slim-docker, not the app. */
export const NO_VERDICT_EXIT = 3;

export interface VerdictGuard {
  /** The verdict was printed and the report written: from now on the run may end normally. */
  settle(): void;
  /** The guard concluded the run (an internal error): the normal path must end with NO_VERDICT_EXIT too. */
  readonly concluded: boolean;
}

export interface GuardedRun {
  /**
   * Records why the run stopped, removes what it made, prints the verdict and writes the report.
   * Called at most once, only when the run did not conclude by itself.
   */
  conclude(why: string): Promise<void>;
  /** Last resort inside a synchronous `exit` handler: remove the run's containers and images. */
  cleanupSync(): void;
  /** One line to stderr (the verdict itself goes through `conclude`). */
  warn(line: string): void;
}

export function guardVerdict(run: GuardedRun): VerdictGuard {
  let settled = false;
  let concluding: Promise<void> | undefined;

  const conclude = (why: string, exitNow: boolean) => {
    if (settled || concluding) return;
    process.exitCode = NO_VERDICT_EXIT;
    concluding = run
      .conclude(why)
      .catch((error: unknown) => run.warn(`slim-docker: cleanup after "${why}" failed: ${(error as Error).message}`))
      .finally(() => {
        detach();
        process.exitCode = NO_VERDICT_EXIT;
        // After an exception the process state is unknown: end it once the verdict is out.
        if (exitNow) process.exit(NO_VERDICT_EXIT);
      });
  };

  // The loop is empty but the run never concluded: something awaited a promise nobody will settle.
  const onBeforeExit = () =>
    conclude('slim-docker stopped waiting without a verdict (its event loop ran dry: an internal error)', false);
  const onRejection = (reason: unknown) =>
    conclude(`internal error in slim-docker (unhandled rejection): ${describe(reason)}`, true);
  const onException = (error: Error) => conclude(`internal error in slim-docker: ${describe(error)}`, true);
  const onExit = () => {
    if (settled || concluding) return;
    // Synchronous only: no verdict can be printed through the async path any more.
    process.exitCode = NO_VERDICT_EXIT;
    run.warn(
      'slim-docker: the process ended during verification, before a verdict; removing its containers and images',
    );
    try {
      run.cleanupSync();
    } catch {
      // Nothing more can be done inside an exit handler; the line above said what happened.
    }
  };

  const detach = () => {
    process.off('beforeExit', onBeforeExit);
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    process.off('exit', onExit);
  };

  process.on('beforeExit', onBeforeExit);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  process.on('exit', onExit);

  return {
    settle() {
      if (concluding) return;
      settled = true;
      detach();
    },
    get concluded() {
      return concluding !== undefined;
    },
  };
}

const describe = (reason: unknown) =>
  (reason instanceof Error ? reason.message : String(reason)).split('\n')[0].slice(0, 300);
