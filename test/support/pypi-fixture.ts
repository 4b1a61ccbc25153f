/**
 * A tiny PEP 691 index on 127.0.0.1 for tests (they never reach PyPI): GET /simple/NAME/ answers with
 * the fixture page for NAME, 404 for names it does not have. `delayMs` and raw bodies let a test make
 * it slow or malformed; `requests` counts what reached it (a cache hit makes none).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FixtureIndex {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** Pages by normalised name: an object (served as JSON) or a raw string body. */
export type Pages = Record<string, unknown>;

/** The pages of a folder of NAME.json files (an example's recorded PyPI answers). */
export function pagesFrom(dir: string): Pages {
  const pages: Pages = {};
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')))
    pages[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  return pages;
}

export async function serveIndex(pages: Pages, delayMs = 0): Promise<FixtureIndex> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const name = /^\/simple\/([^/]+)\/$/.exec(req.url ?? '')?.[1];
    const page = name === undefined ? undefined : pages[name];
    const answer = () => {
      if (page === undefined) return res.writeHead(404).end('not found');
      res.writeHead(200, { 'Content-Type': 'application/vnd.pypi.simple.v1+json' });
      res.end(typeof page === 'string' ? page : JSON.stringify(page));
    };
    if (delayMs) setTimeout(answer, delayMs).unref();
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/simple`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Runs `run` with generation runs looking pins up on the example's recorded PyPI answers
 * (test/examples/<case>/pypi/NAME.json) served on 127.0.0.1, with a fresh cache; as is without them.
 */
export async function withRecordedPypi<T>(exampleDir: string, run: (index?: FixtureIndex) => Promise<T>): Promise<T> {
  const dir = join(exampleDir, 'pypi');
  if (!existsSync(dir)) return run();
  const index = await serveIndex(pagesFrom(dir));
  const saved = { ...process.env };
  Object.assign(process.env, {
    SLIM_DOCKER_PYPI_URL: index.url,
    SLIM_DOCKER_OFFLINE: '0',
    XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'slim-pypi-cache-')),
  });
  try {
    return await run(index);
  } finally {
    for (const key of ['SLIM_DOCKER_PYPI_URL', 'SLIM_DOCKER_OFFLINE', 'XDG_CACHE_HOME'])
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    await index.close();
  }
}
