/**
 * Which files PyPI has for the project's exact pins, looked up at generation time so the Python version
 * can be fitted to what those releases install on (pypi-limits.ts decides; this module only fetches).
 *
 * It reads the Simple repository API in its JSON form (PEP 691, with PEP 700's upload times): the API
 * pip itself reads, which mirrors and private indexes serve too (the per-release /pypi/NAME/VERSION/json
 * is PyPI-only). Bounded: a few requests at a time, each with a timeout, all within a total budget. A
 * release's files never change once uploaded, so each NAME/VERSION is cached on disk and a second run
 * makes no request.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_INDEX = 'https://pypi.org/simple';

/** One file of a release, as the index lists it. */
export interface ReleaseFile {
  filename: string;
  requiresPython?: string;
  /** ISO date (PEP 700), when the index gives it. */
  uploaded?: string;
}

/** "name==version" → the files of that release (empty: the index has no such release). */
export type ReleaseFiles = Map<string, ReleaseFile[]>;

export interface LookupResult {
  releases: ReleaseFiles;
  /** Set when no request reached the index (then the caller falls back to its offline tables). */
  unreachable?: string;
  /** One line per pin that could not be looked up (malformed answer, timeout, budget spent). */
  failures: string[];
  fromCache: number;
  elapsedMs: number;
}

export interface LookupOptions {
  /** The Simple API root, e.g. https://pypi.org/simple (SLIM_DOCKER_PYPI_URL). */
  index: string;
  cacheDir: string;
  timeoutMs?: number;
  budgetMs?: number;
  concurrency?: number;
}

/** The cache folder: $XDG_CACHE_HOME/slim-docker/pypi, else ~/.cache/slim-docker/pypi. */
export function pypiCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME?.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'slim-docker', 'pypi');
}

const normalise = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');
/** "1.0" and "1.0.0" are the same release (PEP 440 zero padding). */
const sameVersion = (a: string, b: string) => {
  const trim = (v: string) =>
    v
      .toLowerCase()
      .replace(/^v/, '')
      .replace(/(\.0+)+$/, '');
  return trim(a) === trim(b);
};

/** The version in a wheel or sdist file name of `name` ("python_dateutil-2.8.0-py2.py3-none-any.whl" → "2.8.0"). */
export function fileVersion(filename: string): string | undefined {
  if (filename.endsWith('.whl')) return filename.split('-')[1];
  const stem = /^(.*)\.(?:tar\.gz|tar\.bz2|tgz|zip)$/.exec(filename)?.[1];
  return stem?.slice(stem.lastIndexOf('-') + 1) || undefined;
}

/** The files of one release from a PEP 691 project page; throws one line when the page is not one. */
export function releaseFilesFrom(page: unknown, version: string): ReleaseFile[] {
  const files = (page as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) throw new Error('not a PEP 691 project page (no "files" list)');
  const found: ReleaseFile[] = [];
  for (const entry of files as Record<string, unknown>[]) {
    if (typeof entry?.filename !== 'string') throw new Error('a file without a "filename"');
    if (entry.yanked && entry.yanked !== false) continue;
    const fileVer = fileVersion(entry.filename);
    if (!fileVer || !sameVersion(fileVer, version)) continue;
    const requires = entry['requires-python'];
    const uploaded = entry['upload-time'];
    found.push({
      filename: entry.filename,
      ...(typeof requires === 'string' && requires.trim() ? { requiresPython: requires.trim() } : {}),
      ...(typeof uploaded === 'string' && /^\d{4}-\d\d-\d\d/.test(uploaded) ? { uploaded: uploaded.slice(0, 10) } : {}),
    });
  }
  return found;
}

class Unreachable extends Error {}

async function fetchRelease(name: string, version: string, options: LookupOptions, signal: AbortSignal) {
  const url = `${options.index.replace(/\/+$/, '')}/${normalise(name)}/`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/vnd.pypi.simple.v1+json' },
      signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs ?? 5000)]),
    });
  } catch (error) {
    // undici wraps the reason: a code (ECONNREFUSED), or an AggregateError of one per address.
    const wrapped = (error as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
    const cause = wrapped?.code ?? wrapped?.errors?.[0]?.code ?? (wrapped as Error | undefined)?.message;
    const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : (cause ?? (error as Error).message);
    throw new Unreachable(`${url}: ${reason}`);
  }
  if (response.status === 404) return []; // no such project: pip will say so at install time
  if (!response.ok) throw new Unreachable(`${url}: HTTP ${response.status}`);
  let page: unknown;
  try {
    page = JSON.parse(await response.text());
  } catch {
    throw new Error(`${url} answered with malformed JSON`);
  }
  try {
    return releaseFilesFrom(page, version);
  } catch (error) {
    throw new Error(`${url}: ${(error as Error).message}`);
  }
}

const cacheFile = (dir: string, name: string, version: string) =>
  join(dir, normalise(name), `${version.replace(/[^\w.+!-]/g, '_')}.json`);

function readCache(dir: string, name: string, version: string): ReleaseFile[] | undefined {
  try {
    const files = JSON.parse(readFileSync(cacheFile(dir, name, version), 'utf8')) as unknown;
    if (Array.isArray(files) && files.every((file) => typeof file?.filename === 'string'))
      return files as ReleaseFile[];
  } catch {
    // Missing or damaged: looked up again.
  }
  return undefined;
}

function writeCache(dir: string, name: string, version: string, files: ReleaseFile[]): void {
  const path = cacheFile(dir, name, version);
  try {
    mkdirSync(join(dir, normalise(name)), { recursive: true });
    writeFileSync(`${path}.${process.pid}.tmp`, JSON.stringify(files));
    renameSync(`${path}.${process.pid}.tmp`, path);
  } catch {
    // A cache that cannot be written only costs the next run a request.
  }
}

/** Looks up the files of each exact pin ([name, version]), from the cache first. */
export async function lookupReleases(
  pins: readonly (readonly [string, string])[],
  options: LookupOptions,
): Promise<LookupResult> {
  const started = Date.now();
  const result: LookupResult = { releases: new Map(), failures: [], fromCache: 0, elapsedMs: 0 };
  const queue: (readonly [string, string])[] = [];
  for (const [name, version] of pins) {
    const cached = readCache(options.cacheDir, name, version);
    if (cached) {
      result.releases.set(`${name}==${version}`, cached);
      result.fromCache++;
    } else queue.push([name, version]);
  }
  const budget = AbortSignal.timeout(options.budgetMs ?? 15000);
  let reached = false;
  const unreachable: string[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [name, version] = next;
      if (budget.aborted) {
        result.failures.push(
          `${name}==${version}: not looked up (the ${(options.budgetMs ?? 15000) / 1000} s budget ran out)`,
        );
        continue;
      }
      try {
        const files = await fetchRelease(name, version, options, budget);
        reached = true;
        result.releases.set(`${name}==${version}`, files);
        if (files.length) writeCache(options.cacheDir, name, version, files);
      } catch (error) {
        if (error instanceof Unreachable) unreachable.push(error.message);
        else reached = true;
        result.failures.push(`${name}==${version}: ${(error as Error).message}`);
      }
    }
  };
  const waiting = queue.length;
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 6, waiting) }, worker));
  if (waiting && !reached) result.unreachable = unreachable[0] ?? 'no answer';
  result.elapsedMs = Date.now() - started;
  return result;
}
