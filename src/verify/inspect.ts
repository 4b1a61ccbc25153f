/** Inspect: who the cold image runs as (asked of the image itself), and what it exposes. */
import type { Engine, ImageInfo } from './engines/index.js';
import type { VerifyRun } from './run.js';

export async function inspectCold(run: VerifyRun): Promise<void> {
  const { engine, report, tags, labels } = run;
  const image = await engine.inspectImage(tags.cold);
  report.user = image.user;
  report.exposedPorts = image.exposedPorts;
  // The image's USER, resolved without running anything from the image; the running process's own
  // uid (the kernel's view) replaces it when the container runs (the non-root user check).
  const declaredUid = await resolveUid(engine, tags.cold, image, labels);
  run.cold = { image, declaredUid };
}

/**
 * The uid the image's USER names, read from the image without running anything in it (a numeric
 * USER as it is; a name through the image's /etc/passwd). The running process is asked later.
 */
async function resolveUid(
  engine: Engine,
  ref: string,
  image: ImageInfo,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const user = (image.user || 'root').split(':')[0];
  if (/^\d+$/.test(user)) return Number(user);
  const passwd = await engine.readFile(ref, '/etc/passwd', labels);
  const line = passwd?.split('\n').find((entry) => entry.split(':')[0] === user);
  return line ? Number(line.split(':')[2]) : undefined;
}
