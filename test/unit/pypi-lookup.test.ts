/** The PyPI look-up of exact pins, against an index on 127.0.0.1 (tests never reach PyPI). */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { InputError } from '../../src/errors.js';
import { pypiSettings } from '../../src/input/pypi-settings.js';
import { lookupReleases } from '../../src/languages/pypi-lookup.js';
import { pinVerdict } from '../../src/languages/pypi-limits.js';
import { pinLimits } from '../../src/languages/python-pin-limits.js';
import { serveIndex } from '../support/pypi-fixture.js';
import { tempDir } from '../support/temp-tree.js';

const SUPPORTED = ['3.10', '3.11', '3.12', '3.13', '3.14'];
const page = (...files: [string, string?][]) => ({
  meta: { 'api-version': '1.1' },
  files: files.map(([filename, uploaded]) => ({ filename, 'upload-time': `${uploaded ?? '2019-01-01'}T00:00:00Z` })),
});
const PAGES = {
  pathtools: page(['pathtools-0.1.2.tar.gz', '2011-08-09']),
  flask: page(['Flask-1.1.1-py2.py3-none-any.whl'], ['Flask-1.1.1.tar.gz']),
  greenlet: page(
    ['greenlet-2.0.2-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl'],
    ['greenlet-2.0.2-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl'],
    ['greenlet-2.0.2-cp312-cp312-win_amd64.whl'],
    ['greenlet-2.0.2.tar.gz'],
  ),
};

describe('PyPI look-up of exact pins', () => {
  it('reads the pinned release files, then serves a second run from the cache without a request', async () => {
    const index = await serveIndex(PAGES);
    const cacheDir = tempDir('slim-pypi-');
    try {
      const pins = [['pathtools', '0.1.2'] as const, ['flask', '1.1.1'] as const, ['nothere', '1.0'] as const];
      const cold = await lookupReleases(pins, { index: index.url, cacheDir });
      assert.equal(cold.unreachable, undefined);
      assert.deepEqual(
        cold.releases.get('flask==1.1.1')?.map((file) => file.filename),
        ['Flask-1.1.1-py2.py3-none-any.whl', 'Flask-1.1.1.tar.gz'],
      );
      assert.deepEqual(cold.releases.get('nothere==1.0'), []);
      assert.equal(index.requests.length, 3);
      const warm = await lookupReleases(pins, { index: index.url, cacheDir });
      assert.equal(warm.fromCache, 2);
      // Only the unknown project is asked again (nothing is cached for it).
      assert.deepEqual(index.requests.slice(3), ['/simple/nothere/']);
    } finally {
      await index.close();
    }
  });

  it('a slow index times out per request and counts as not reachable', async () => {
    const index = await serveIndex(PAGES, 2000);
    try {
      const started = Date.now();
      const result = await lookupReleases([['flask', '1.1.1']], {
        index: index.url,
        cacheDir: tempDir('slim-pypi-'),
        timeoutMs: 200,
      });
      assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
      assert.match(result.unreachable ?? '', /timed out/);
    } finally {
      await index.close();
    }
  });

  it('malformed JSON is one failure line, not a crash, and pins nothing', async () => {
    const index = await serveIndex({ flask: '{"files": [', pathtools: { files: 'no' } });
    try {
      const result = await lookupReleases(
        [
          ['flask', '1.1.1'],
          ['pathtools', '0.1.2'],
        ],
        { index: index.url, cacheDir: tempDir('slim-pypi-') },
      );
      assert.equal(result.unreachable, undefined);
      assert.equal(result.failures.length, 2);
      assert.match(result.failures.join('\n'), /flask==1\.1\.1: .*malformed JSON/);
      assert.match(result.failures.join('\n'), /pathtools==0\.1\.2: .*not a PEP 691 project page/);
      for (const line of result.failures) assert.doesNotMatch(line, /\n/);
    } finally {
      await index.close();
    }
  });

  it('falls back to the offline tables, and says so, when the index cannot be reached', async () => {
    const index = await serveIndex({});
    const url = index.url;
    await index.close(); // nothing listens there any more
    const pins = new Map([
      ['pathtools', '==0.1.2'],
      ['psycopg2-binary', '==2.9.5'],
    ]);
    const { limits, notes } = await pinLimits(pins, 'requirements.txt', SUPPORTED, (exact) =>
      lookupReleases(exact, { index: url, cacheDir: tempDir('slim-pypi-') }),
    );
    assert.match(notes[0], /^PyPI not reachable \(.*ECONNREFUSED\): Python chosen from the offline tables/);
    // The offline wheel table still knows psycopg2-binary; pathtools is unknown to it.
    assert.deepEqual(
      limits.map((limit) => limit.range),
      [['3.0', '3.11']],
    );
  });

  it('the pins decide the version: a source-only release older than 3.12 stops at 3.11', async () => {
    const index = await serveIndex(PAGES);
    try {
      const pins = new Map([
        ['flask', '==1.1.1'],
        ['pathtools', '==0.1.2'],
        ['gunicorn', '>=20'],
      ]);
      const { limits, notes } = await pinLimits(pins, 'requirements.txt', SUPPORTED, (exact) =>
        lookupReleases(exact, { index: index.url, cacheDir: tempDir('slim-pypi-') }),
      );
      assert.match(notes[0], /^PyPI: 2 exact pins looked up in \d+\.\d s \(0 cached\)$/);
      assert.equal(limits.length, 1);
      assert.deepEqual(limits[0].range, ['3.10', '3.11']);
      assert.match(limits[0].what, /^pathtools==0\.1\.2 has only a source release, from 2011-08/);
    } finally {
      await index.close();
    }
  });
});

describe('which Pythons a release installs on', () => {
  const files = (...names: string[]) => names.map((filename) => ({ filename, uploaded: '2023-01-01' }));
  it('a compiled package stops where its Linux wheels stop (a Windows wheel does not count)', () => {
    const verdict = pinVerdict(
      'greenlet==2.0.2',
      PAGES.greenlet.files.map((f) => ({ filename: f.filename })),
      SUPPORTED,
    );
    assert.deepEqual(verdict?.allowed, ['3.10', '3.11']);
    assert.match(verdict!.why, /no Linux wheel for Python 3\.12, 3\.13, 3\.14/);
  });
  it('abi3 and pure wheels serve every newer Python; requires-python is obeyed', () => {
    assert.equal(pinVerdict('c==1', files('c-1-cp37-abi3-manylinux2014_x86_64.whl'), SUPPORTED), undefined);
    assert.equal(pinVerdict('p==1', files('p-1-py3-none-any.whl'), SUPPORTED), undefined);
    const limited = pinVerdict(
      'r==1',
      [{ filename: 'r-1-py3-none-any.whl', requiresPython: '>=3.8,<3.13' }],
      SUPPORTED,
    );
    assert.deepEqual(limited?.allowed, ['3.10', '3.11', '3.12']);
  });
  it('a compiled release without any supported wheel narrows nothing (it compiles on every one)', () => {
    assert.equal(
      pinVerdict('m==1.1.1', files('m-1.1.1-cp38-cp38-manylinux1_x86_64.whl', 'm-1.1.1.tar.gz'), SUPPORTED),
      undefined,
    );
  });
  it('a source-only release from after Python 3.12 came out is not suspected', () => {
    assert.equal(pinVerdict('s==2', [{ filename: 's-2.tar.gz', uploaded: '2024-02-01' }], SUPPORTED), undefined);
  });
});

describe('PyPI settings at the edge', () => {
  it('SLIM_DOCKER_OFFLINE=1 turns look-ups off; a mirror URL is taken; bad values are one line, exit 2', () => {
    assert.equal(pypiSettings({ SLIM_DOCKER_OFFLINE: '1' }), undefined);
    assert.equal(
      pypiSettings({ SLIM_DOCKER_PYPI_URL: 'http://127.0.0.1:3141/root/pypi/+simple' })?.index,
      'http://127.0.0.1:3141/root/pypi/+simple',
    );
    assert.equal(pypiSettings({ XDG_CACHE_HOME: '/var/cache/me' })?.cacheDir, '/var/cache/me/slim-docker/pypi');
    for (const env of [
      { SLIM_DOCKER_OFFLINE: 'maybe' },
      { SLIM_DOCKER_PYPI_URL: 'ftp://mirror' },
      { SLIM_DOCKER_PYPI_URL: 'https://u:p@mirror/simple' },
    ])
      assert.throws(
        () => pypiSettings(env),
        (error: unknown) => error instanceof InputError && error.exitCode === 2 && !error.message.includes('\n'),
      );
  });
});
