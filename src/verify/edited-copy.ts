import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { contextFilter, copyContext, readDockerignore } from './context.js';
import type { Target } from './target.js';

const EDIT_SUFFIX = ' (edited by slim-docker verify)';

/**
 * Copies the context and edits it like the seed: the sample's greeting, else a source file of the
 * app that the image really holds, edited so that what the image runs changes (the pack decides
 * how: a comment for interpreted code, an init for a compiled Go command), laid out as the
 * language's formatter keeps it; or, where the pack has one (Java), a new file beside the sources
 * that no formatter or linter reads, so a build that checks formatting passes after the edit too.
 */
export async function makeEditedCopy(
  target: Target,
  included: string[],
  into: string,
  runId: string,
): Promise<{ file: string; expectBody?: string; reachesImage: boolean }> {
  await copyContext(target.dir, included, into);
  if (target.sample) {
    const path = join(into, target.sample.file);
    const text = await readFile(path, 'utf8');
    const edited = `${target.sample.greeting.replace(/!$/, '')}${EDIT_SUFFIX}`;
    await writeFile(path, text.replace(target.sample.greeting, edited));
    return { file: target.sample.file, expectBody: edited, reachesImage: true };
  }
  const pack = target.pack;
  if (!pack) return { file: 'no source file (language unknown)', reachesImage: false };
  const extension = pack.verification.sourceExtension;
  const inEntryDir = (file: string) =>
    target.entryDir
      ? file.startsWith(`${target.entryDir}/`) && !file.slice(target.entryDir.length + 1).includes('/')
      : !file.includes('/');
  const entry =
    target.editCandidates.find((file) => included.includes(file)) ??
    // Another source file of the entry point's own package/folder (e.g. Go's cmd/api/server.go).
    included.find((file) => file.endsWith(extension) && inEntryDir(file) && !/_test\.go$|\.test\.|\.spec\./.test(file));
  if (!entry) return { file: `no ${extension} file of the entry point in the build context`, reachesImage: false };
  const added = pack.verification.addedFile?.(entry);
  // Only where the engine receives it: the project's .dockerignore applies to the copy too.
  if (added && !contextFilter(await readDockerignore(target.dir)).ignores(added)) {
    const path = join(into, added);
    await mkdir(dirname(path), { recursive: true });
    // A fresh file: one the context had there (a link included) is replaced, never written through.
    await rm(path, { force: true });
    await writeFile(path, `edited by slim-docker verify ${runId}\n`, { flag: 'wx' });
    return { file: added, reachesImage: true };
  }
  const path = join(into, entry);
  await writeFile(
    path,
    pack.verification.editSource(await readFile(path, 'utf8'), `edited by slim-docker verify ${runId}`),
  );
  return { file: entry, reachesImage: true };
}
