/** Cache proof: edit a source file in a copy of the context, rebuild, compare layer digests. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareLayers, findDependencyStep, truncateAt } from '../cache-proof.js';
import { makeEditedCopy } from '../edited-copy.js';
import { buildFailure } from '../failure.js';
import { after, round, type VerifyRun } from '../run.js';

const CHECK = 'dependency layers reused';

export async function dependencyLayersCheck(run: VerifyRun): Promise<void> {
  const { target, engine, steps, report, tags, scratch, runId } = run;
  const { walk, build, dockerfile } = after(run.context, 'prepare');
  const { image } = after(run.cold, 'inspect');
  const edited = join(scratch, 'context');
  const edit = await makeEditedCopy(target, walk.included, edited, runId);
  run.edit = edit;
  let rebuild;
  try {
    rebuild = await steps.run(`rebuild after editing ${edit.file}`, () =>
      build(edited, dockerfile.path, tags.edited, 'rebuild after the edit'),
    );
  } catch (error) {
    // The cold build of the user's own folder passed: a rebuild that fails only after our edit is
    // our doing (a formatter check, a linter), never a verdict on the app. Said so; the checks after
    // this one run the cold image.
    const failure = await buildFailure(run, error);
    if (!failure) throw error;
    run.edit = { ...edit, expectBody: undefined, rebuildFailed: true };
    steps.check(
      CHECK,
      true,
      `not proven: the rebuild after the verifier's own edit (${edit.file}) failed — this is not a verdict on your app (the build of your folder passed; the checks below use its image)${failure.cause ? `\n    why: ${failure.cause}` : ''}`,
      {
        warning: true,
        evidence: { edited: edit.file, rebuildFailed: true, causes: failure.causes, logFile: failure.logFile },
      },
    );
    run.log(failure.shown);
    return;
  }
  report.rebuildSeconds = round(rebuild.seconds);
  await steps.run('dependency layers', async () => {
    const step = target.pack
      ? findDependencyStep(dockerfile.parsed, target.pack.verification.dependencyStep)
      : undefined;
    if (!step) return steps.check(CHECK, false, 'no dependency-install RUN found before the code is copied');
    if (!edit.reachesImage)
      return steps.check(CHECK, false, `nothing to edit: ${edit.file}; the proof needs a source file the image holds`);
    const depsFile = join(scratch, 'Dockerfile.deps');
    await writeFile(depsFile, truncateAt(dockerfile.text, dockerfile.parsed, step));
    const layersOf = async (tag: string) => (await engine.inspectImage(tag)).layers;
    const editedImage = await layersOf(tags.edited);
    // The edit must reach the image, or the proof proves nothing (e.g. a comment a compiler drops).
    if (
      image.layers.length === editedImage.length &&
      image.layers.every((layer, index) => layer === editedImage[index])
    ) {
      return steps.check(
        CHECK,
        false,
        `editing ${edit.file} did not change the image: the edit never reached it, so nothing was proven`,
      );
    }
    // A shared engine may drop or miss a cache record while other builds run. A control build of the
    // unchanged context tells that apart from a real dependence on code: only when the original
    // context still reproduces its layers while the edited one does not, did the edit change them.
    const attempts: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await build(target.dir, depsFile, tags.depsCold, 'dependency layers (original context)', false);
      const depsCold = await layersOf(tags.depsCold);
      await build(edited, depsFile, tags.depsEdited, 'dependency layers (edited context)', false);
      const depsEdited = await layersOf(tags.depsEdited);
      const comparison = compareLayers({
        depsCold,
        depsEdited,
        cold: image.layers,
        edited: editedImage,
        finalStage: step.finalStage,
      });
      if (comparison.ok) {
        const ratio = report.coldBuildSeconds
          ? ` (rebuild ${report.rebuildSeconds} s = ${(report.rebuildSeconds! / report.coldBuildSeconds).toFixed(2)} × cold)`
          : '';
        const retried = attempts.length ? `; after ${attempts.length} inconclusive attempt(s) on a busy engine` : '';
        return steps.check(CHECK, true, `${comparison.detail}${ratio}${retried}`, {
          evidence: { edited: edit.file, attempts: attempt },
        });
      }
      await build(target.dir, depsFile, tags.depsCold, 'dependency layers (control)', false);
      const control = await layersOf(tags.depsCold);
      const controlHolds =
        control.length === depsCold.length && control.every((layer, index) => layer === depsCold[index]);
      if (controlHolds)
        return steps.check(CHECK, false, comparison.detail, { evidence: { edited: edit.file, attempts: attempt } });
      attempts.push(comparison.detail);
    }
    // The unchanged context never reproduced its own layers: the engine is not caching (or the step
    // is not reproducible); that is no verdict on the Dockerfile's order.
    return steps.check(
      CHECK,
      true,
      `inconclusive: the engine rebuilt the dependency step even for the unchanged context in 3 attempts (busy or pruning build cache); the order was not disproven`,
      { warning: true, evidence: { attempts: attempts.length } },
    );
  });
}
