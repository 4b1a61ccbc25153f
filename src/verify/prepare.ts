/**
 * Before the first build: the context as the engine will see it (its size for the report), every
 * build of the run bounded and given the project's build secrets, and the Dockerfile every build uses.
 */
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { secretsToPass } from '../detect/credentials.js';
import { parseDockerfile } from '../dockerfile-check.js';
import { instrument } from './cache-proof.js';
import { contextFilter, readDockerignore, refuseLinksOut, walkContext, type ContextWalk } from './context.js';
import { EngineError } from './engines/index.js';
import { sleep } from './http.js';
import { buildProgress } from './progress.js';
import { transientNetworkCause } from './transient.js';
import type { Build, VerifyRun } from './run.js';

export async function prepare(run: VerifyRun): Promise<void> {
  const { target, settings, engine, steps, labels, report, scratch, runId } = run;
  const filter = contextFilter(await readDockerignore(target.dir));
  const walk = await walkContext(target.dir, filter);
  // A link out of the project is refused before the first build (the edited copy would refuse it later).
  await refuseLinksOut(target.dir, walk.included);
  report.contextBytes = await sizeOf(target.dir, walk);
  // The project's files for the Dockerfile's build secrets (.npmrc, pip.conf), passed as --secret.
  const buildSecrets = secretsToPass(target.dockerfileText, target.dir);
  /** Every build of the run: bounded, given the project's build secrets, its steps shown when it ends. */
  const build: Build = async (context, dockerfile, tag, step, listSteps = true) => {
    // One build's steps are printed together when it ends (grouped, in order, never interleaved).
    const progress = buildProgress(steps);
    const once = () =>
      engine.build({
        context,
        dockerfile,
        tag,
        labels,
        lines: progress.onLine,
        timeoutSeconds: settings.buildTimeoutSeconds,
        secrets: buildSecrets,
      });
    try {
      try {
        return await once();
      } catch (error) {
        // A download that failed on the network for a moment says nothing about the Dockerfile: once more.
        const cause = error instanceof EngineError ? transientNetworkCause(error.output) : undefined;
        if (!cause) throw error;
        steps.log(`  the ${step} failed on the network (${cause}): retrying it once`);
        await sleep(3000);
        return await once();
      }
    } catch (error) {
      if (error instanceof EngineError) error.step = step;
      throw error;
    } finally {
      // The proof's own cut builds are not listed (their steps are the cold build's); the live line showed them.
      if (listSteps) progress.flush();
    }
  };
  // Every build of this run uses the user's Dockerfile plus one run-unique ARG (see instrument()).
  const text = instrument(target.dockerfileText, target.parsed, runId);
  const parsed = parseDockerfile(text, target.dockerfilePath);
  const path = join(scratch, 'Dockerfile');
  await writeFile(path, text);
  run.context = { walk, build, dockerfile: { path, text, parsed } };
}

async function sizeOf(dir: string, walk: ContextWalk): Promise<number> {
  let total = 0;
  for (const rel of walk.included) total += (await stat(join(dir, rel)).catch(() => ({ size: 0 }))).size;
  return total;
}
