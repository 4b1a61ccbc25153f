import { after, round, type VerifyRun } from '../run.js';

/** Cold build: no layer of this run is cached yet, so the time is what a fresh machine pays. */
export async function coldBuildCheck(run: VerifyRun): Promise<void> {
  const { target, steps, report, tags } = run;
  const { build, dockerfile } = after(run.context, 'prepare');
  const cold = await steps.run('cold build (no layer cache)', () =>
    build(target.dir, dockerfile.path, tags.cold, 'cold build'),
  );
  report.coldBuildSeconds = round(cold.seconds);
  steps.check('cold build', true, `built in ${report.coldBuildSeconds} s`);
}
