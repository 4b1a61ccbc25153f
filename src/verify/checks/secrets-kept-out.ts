/**
 * Secrets: what the image holds, against the context's secrets (by shape and by contents) and the
 * paths .dockerignore keeps out; and the image's history. A kept-out path the image's own dependency
 * install creates (node_modules from `npm ci`) is no leak: there, only entries that the image cut at
 * the dependency step does not hold can have come from the context.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { truncateAt } from '../cache-proof.js';
import type { Engine } from '../engines/index.js';
import { finalBaseImage } from '../final-base.js';
import { after, type VerifyRun } from '../run.js';
import { layerScanner } from '../layer-scan.js';
import { judgeSecrets, type ContextSecret } from '../secrets-check.js';

export async function secretsKeptOutCheck(run: VerifyRun): Promise<void> {
  const { target, engine, steps, tags } = run;
  const { walk } = after(run.context, 'prepare');
  const { image } = after(run.cold, 'inspect');
  const { secrets, listing } = after(run.files, 'image files');
  const finalStage = target.parsed.stages - 1;
  const copiesContext = target.parsed.instructions.some(
    (i) => i.stage === finalStage && /^(COPY|ADD)$/.test(i.keyword) && !/--from=/.test(i.args),
  );
  await steps.run('secrets kept out', async () => {
    const { paths: files, hashes } = await listing;
    const workdir = image.workdir.replace(/\/$/, '');
    const names = walk.excluded.length
      ? walk.excluded.slice(0, 20).join(', ') + (walk.excluded.length > 20 ? ', …' : '')
      : 'none present';
    // A final stage that copies nothing from the context directly holds only what build stages made:
    // its own /bin is no ignored ./bin.
    const present = copiesContext ? walk.excluded.filter((rel) => files.has(`${workdir}/${rel}`)) : [];
    const leaked = present.length ? await keptOutFromContext(run, present, workdir) : [];
    const made = present.filter((rel) => !leaked.includes(rel));
    const ignoredNote = `${walk.excluded.length} ignored paths absent (${names})${made.length ? `; ${made.join(', ')} only as the image's own build made it` : ''}`;
    // By content, in every layer: a secret renamed, or removed by a later layer, is still in the image.
    const layerHits = secrets.length ? await scanLayers(engine, tags.cold, secrets) : [];
    const verdict = judgeSecrets({
      secrets,
      layerHits,
      files,
      hashes,
      workdir,
      history: await ownHistory(engine, tags.cold, finalBaseImage(target)),
      ignoredLeaked: leaked,
      ignoredNote,
    });
    steps.check('secrets kept out', verdict.ok, verdict.detail, {
      warning: verdict.warning,
      evidence: verdict.evidence,
    });
  });
}

/**
 * Which kept-out paths found in the image came from the context. A path the build itself makes is
 * fine (`npm ci`'s node_modules, `compileall`'s __pycache__, a build's dist/): only what the image
 * holds right after the context is copied, beyond what the dependency install made, was copied in.
 */
async function keptOutFromContext(run: VerifyRun, present: string[], workdir: string): Promise<string[]> {
  const { target, engine, tags, labels, scratch } = run;
  const { build, dockerfile } = after(run.context, 'prepare');
  const { text, parsed } = dockerfile;
  const finalStage = parsed.stages - 1;
  const copy = [...parsed.instructions]
    .reverse()
    .find((i) => i.stage === finalStage && /^(COPY|ADD)$/.test(i.keyword) && !/--from=/.test(i.args));
  if (!copy) return present;
  const cutFile = join(scratch, 'Dockerfile.copied');
  await writeFile(
    cutFile,
    truncateAt(text, parsed, { line: copy.line, stage: copy.stage, finalStage: true, text: copy.args }),
  );
  const copiedTag = `${tags.cold.replace(/-cold$/, '')}-copied`;
  await build(target.dir, cutFile, copiedTag, 'secrets kept out (context as copied)', false);
  const copied = await engine.listFiles(copiedTag, labels);
  const installed = await engine.listFiles(tags.depsCold, labels).catch(() => new Set<string>());
  return present.filter((rel) => {
    const path = `${workdir}/${rel}`;
    for (const file of copied) if ((file === path || file.startsWith(`${path}/`)) && !installed.has(file)) return true;
    return false;
  });
}

/** The history lines the Dockerfile added on top of its final base (`docker history` lists newest first). */
async function ownHistory(engine: Engine, ref: string, base: string): Promise<string[]> {
  const history = await engine.history(ref);
  const inherited = base === 'scratch' ? [] : await engine.history(base).catch(() => []);
  return history.slice(0, Math.max(history.length - inherited.length, 0));
}

/** The context's secrets found by their bytes or token values in any layer of the image. */
async function scanLayers(engine: Engine, image: string, secrets: readonly ContextSecret[]) {
  const { parser, done } = layerScanner(secrets);
  await engine.saveImage(image, parser);
  return done();
}
