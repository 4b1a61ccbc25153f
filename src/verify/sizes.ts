import { finalBaseImage } from './final-base.js';
import type { VerifyRun } from './run.js';

/** The report's sizes: the verified image and its final base (scratch weighs nothing). */
export async function recordSizes({ target, engine, report, tags }: VerifyRun): Promise<void> {
  report.imageBytes = (await engine.inspectImage(tags.cold)).size;
  report.baseImage = finalBaseImage(target);
  report.baseImageBytes =
    report.baseImage === 'scratch'
      ? 0
      : await engine.inspectImage(report.baseImage).then(
          (base) => base.size,
          () => undefined,
        );
}
