import { spawnSync } from 'node:child_process';
import type { ParsedDockerfile } from '../../dockerfile-check.js';
import type { CacheRecord, Engine } from '../engines/index.js';
import type { VerifyRun } from '../run.js';

/** Every container and image of the run is gone (but a --keep-image one), and the cache records it added. */
export async function cleanupCheck(run: VerifyRun): Promise<void> {
  const { engine, runId, kept, steps, cacheBefore, target } = run;
  try {
    const left = await engine.cleanup(runId, kept);
    const count = left.containers.length + left.images.length;
    const keptNote = kept ? `; kept ${kept}` : '';
    const cacheNote = await removeRunCache(engine, cacheBefore && { ...cacheBefore, dockerfile: target.parsed });
    steps.check(
      'cleanup',
      count === 0,
      count === 0
        ? `no verification containers or images left${keptNote}; ${cacheNote}`
        : `left behind: ${[...left.containers, ...left.images].join(', ')}`,
    );
  } catch (error) {
    steps.check('cleanup', false, (error as Error).message);
  }
}

/**
 * The build-cache records this run added (none of them reusable: every RUN carried the run's own
 * ARG) are removed by id, so a verification leaves the cache as it found it. Only records that did
 * not exist before, were made since the run began, are unused and unshared, and come from this
 * Dockerfile's own steps or context uploads; package caches (RUN --mount=type=cache) are kept.
 */
async function removeRunCache(
  engine: Engine,
  cache: { at: number; records: CacheRecord[] | undefined; dockerfile: ParsedDockerfile } | undefined,
): Promise<string> {
  if (!cache?.records) return 'build cache not inspected (this engine does not list it)';
  const before = new Set(cache.records.map((record) => record.id));
  const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
  const runs = cache.dockerfile.instructions
    .filter((i) => i.keyword === 'RUN')
    .map((i) => squash(i.args.replace(/--mount=\S+/g, '')).slice(0, 60));
  const isOurs = (record: CacheRecord) =>
    !before.has(record.id) &&
    record.createdAt >= cache.at - 2000 &&
    record.type !== 'exec.cachemount' &&
    !record.shared &&
    !record.inUse &&
    (/^local source for /.test(record.description) ||
      /^fileop /.test(record.description) ||
      runs.some((run) => run && squash(record.description).includes(run)));
  // A parent record is freed once its children are gone: a few bounded passes.
  let removed = 0;
  let failed = 0;
  for (let pass = 0; pass < 4; pass++) {
    const after = await engine.buildCache();
    if (!after) return 'build cache not inspected (the engine did not list it)';
    const ours = after.filter(isOurs);
    if (!ours.length) break;
    if (await engine.pruneCache(ours.map((record) => record.id))) removed += ours.length;
    else failed += ours.length;
    if (failed) break;
  }
  if (failed) return `${failed} build-cache records of this run could not be removed`;
  return removed ? `${removed} build-cache records of this run removed` : 'no build-cache records left by this run';
}

/**
 * Removes the run's containers and images synchronously: only for an `exit` handler, where nothing
 * asynchronous runs any more (see exit-guard.ts). Bounded; failures are ignored (the caller has said
 * what happened).
 */
export function removeLabelledSync(command: string, labels: Record<string, string>): void {
  const filter = Object.entries(labels).flatMap(([key, value]) => ['--filter', `label=${key}=${value}`]);
  const list = (args: string[]) =>
    String(spawnSync(command, [...args, ...filter], { timeout: 30_000 }).stdout ?? '')
      .split('\n')
      .map((row) => row.trim())
      .filter(Boolean);
  const containers = list(['ps', '--all', '--quiet']);
  if (containers.length) spawnSync(command, ['rm', '--force', '--volumes', ...containers], { timeout: 60_000 });
  const images = list(['images', '--quiet']);
  if (images.length) spawnSync(command, ['rmi', '--force', ...new Set(images)], { timeout: 60_000 });
}
