import { after, type VerifyRun } from '../run.js';

/**
 * A problem the image's programs show by themselves (the pack knows what to look for, e.g. a Go
 * binary built without the cgo it needs). Every word of ENTRYPOINT + CMD that names a file in the
 * image is read (relative ones against WORKDIR, bare names along the image's PATH, links followed),
 * so `tini -- ./server` or `["server"]` are inspected too.
 */
export async function runtimeTrapsCheck(run: VerifyRun): Promise<void> {
  const { target, engine, steps, tags, labels } = run;
  const { image } = after(run.cold, 'inspect');
  const { listing } = after(run.files, 'image files');
  const inspect = target.pack?.verification.entryBinaryProblem;
  if (!inspect) return;
  // Never a rejected promise left unhandled: a cancelled export must not crash the cleanup.
  const paths = await listing.then(
    (index) => index.paths,
    () => new Set<string>(),
  );
  const workdir = image.workdir.replace(/\/$/, '');
  const pathDirs = (
    image.env.find((entry) => entry.startsWith('PATH='))?.slice(5) ??
    '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  ).split(':');
  const resolve = (word: string) =>
    word.startsWith('/')
      ? [word]
      : word.includes('/')
        ? [`${workdir}/${word.replace(/^\.\//, '')}`]
        : pathDirs.map((dir) => `${dir.replace(/\/$/, '')}/${word}`);
  const candidates = [
    ...new Set(
      [...image.entrypoint, ...image.cmd]
        .filter((word) => word && !word.startsWith('-') && !/\s/.test(word))
        .flatMap(resolve),
    ),
  ]
    .filter((path) => paths.has(path))
    .slice(0, 4);
  const inspected: string[] = [];
  for (const path of candidates) {
    const bytes = await engine.readFileBytes(tags.cold, path, labels).catch(() => undefined);
    if (!bytes?.length) continue;
    inspected.push(path);
    const problem = inspect(bytes);
    if (problem) return void steps.check('runtime traps', false, `${path}: ${problem}`, { evidence: { inspected } });
  }
  if (inspected.length)
    steps.check('runtime traps', true, `${inspected.join(', ')}: no known trap in the build`, {
      evidence: { inspected },
    });
  else
    steps.check(
      'runtime traps',
      true,
      `no program of ENTRYPOINT/CMD (${[...image.entrypoint, ...image.cmd].join(' ') || 'none'}) found in the image to inspect`,
      { warning: true },
    );
}
