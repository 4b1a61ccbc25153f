/** The trial runner's pure parts (scripts/trial/): the list parser, the table writer, the reason lines. */
import { describe, it } from 'mocha';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrialList, splitFlags, TrialListError } from '../../scripts/trial/list.js';
import { messageOf, reasonOf } from '../../scripts/trial/run-one.js';
import { renderTable, type TrialResult } from '../../scripts/trial/table.js';
import { isDockerFile, setAsideDockerFiles } from '../../scripts/trial/workspace.js';
import type { Report } from '../../src/verify/report.js';
import { tempDir } from '../support/temp-tree.js';

describe('trial list parser', () => {
  it('reads paths, subfolders, flags after " -- " or a tab, comments and notes', () => {
    const entries = parseTrialList(
      [
        '# the repositories',
        '',
        '/r/flask examples/tutorial',
        '/r/microblog -- --runtime-version 3.11  # no 3.12 image here',
        '/r/whoami\t--port 8080 --release-command "python manage.py migrate"',
        '  /r/plain/  ',
      ].join('\n'),
    );
    assert.deepEqual(entries, [
      { line: 3, checkout: '/r/flask', subfolder: 'examples/tutorial', flags: [] },
      {
        line: 4,
        checkout: '/r/microblog',
        subfolder: '',
        flags: ['--runtime-version', '3.11'],
        note: 'no 3.12 image here',
      },
      {
        line: 5,
        checkout: '/r/whoami',
        subfolder: '',
        flags: ['--port', '8080', '--release-command', 'python manage.py migrate'],
      },
      { line: 6, checkout: '/r/plain/', subfolder: '', flags: [] },
    ]);
  });

  it('keeps a subfolder with flags, and a # inside quotes', () => {
    const [entry] = parseTrialList("/r/compose flask-redis -- --http-path '/#x' # why");
    assert.equal(entry.subfolder, 'flask-redis');
    assert.deepEqual(entry.flags, ['--http-path', '/#x']);
    assert.equal(entry.note, 'why');
  });

  it('refuses a line it cannot read, naming the line', () => {
    assert.throws(
      () => parseTrialList('# ok\n/r/a b c'),
      (error: Error) => {
        assert.ok(error instanceof TrialListError);
        assert.match(error.message, /^line 2: "\/r\/a b c" has 3 words/);
        return true;
      },
    );
    assert.throws(() => parseTrialList('/r/a ../outside'), /line 1: subfolder "..\/outside" must be a relative path/);
    assert.throws(() => parseTrialList('/r/a -- --yes'), /line 1: --yes is set by the trial runner/);
    assert.throws(() => parseTrialList('/r/a -- --report=x.json'), /--report is set by the trial runner/);
    assert.throws(() => parseTrialList('/r/a -- --port "80'), /line 1: unclosed quote in the flags/);
    assert.throws(() => parseTrialList(' -- --port 80'), /line 1: flags without a checkout path/);
  });

  it('splits flags like a shell, quotes grouping words and keeping empty ones', () => {
    assert.deepEqual(splitFlags(`--a "b c" 'd' "" e`), ['--a', 'b c', 'd', '', 'e']);
    assert.deepEqual(splitFlags('   '), []);
  });
});

const result = (over: Partial<TrialResult>): TrialResult => ({
  checkout: '/r/app',
  repo: 'app',
  subfolder: '',
  flags: [],
  outcome: 'verified',
  setAside: [],
  seconds: 41.6,
  ...over,
});

describe('trial table writer', () => {
  it('writes one row per result with the result, re-probe and seconds, and counts under it', () => {
    const table = renderTable([
      result({
        kind: 'python/flask 3.13',
        reprobe: [{ path: '/', status: 200, body: 'Hello | world\n<p>' }],
      }),
      result({
        repo: 'compose',
        subfolder: 'flask-redis',
        flags: ['--runtime-version', '3.11'],
        outcome: 'not verified',
        reason: 'needs Redis (REDIS_URL), which verification cannot reach here',
      }),
      result({ repo: 'old', outcome: 'refused', reason: 'slim-docker: Django 1.10 pinned …', seconds: 3 }),
      result({ repo: 'gone', reprobe: [{ path: '/health', status: undefined }] }),
    ]);
    const lines = table.split('\n');
    assert.equal(lines[0], '| repo | folder | language/kind | flags | result | re-probe | seconds |');
    assert.equal(lines[2], '| app | — | python/flask 3.13 | — | **verified** | / 200 `Hello \\| world <p>` | 42 |');
    assert.equal(
      lines[3],
      '| compose | flask-redis | — | `--runtime-version 3.11` | not verified (needs Redis (REDIS_URL), which verification cannot reach here) | — | 42 |',
    );
    assert.match(lines[4], /\| refused exit 2 \(slim-docker: Django 1\.10 pinned …\) \| — \| 3 \|$/);
    assert.match(lines[5], /\| \/health no answer \|/);
    // The broken re-probe is not counted as answering.
    assert.ok(table.includes('2 of 4 verified; 1 of 2 verified images answered 2xx/3xx again on the re-probe.'));
  });

  it('cuts a long reason to one cell', () => {
    const row = renderTable([result({ outcome: 'not verified', reason: `x${'y'.repeat(400)}\nz` })]).split('\n')[2];
    assert.ok(row.includes('…'));
    assert.ok(!row.includes('z'));
    assert.equal(row.split(' | ').length, 7);
  });
});

describe('trial reasons and set-aside files', () => {
  it('takes the needed service, else the first failed check with its why line', () => {
    const report = (over: Partial<Report>): Report =>
      ({ reportVersion: 1, ok: false, engine: 'docker', dockerfile: 'Dockerfile', checks: [], ...over }) as Report;
    const checks = [
      { name: 'cold build', ok: true, detail: 'built' },
      { name: 'http', ok: false, detail: 'no answer on /\n  why: ModuleNotFoundError: x' },
      { name: 'cleanup', ok: false, detail: 'left' },
    ];
    assert.equal(reasonOf(report({ checks })), 'FAIL http: no answer on / / why: ModuleNotFoundError: x');
    assert.equal(
      reasonOf(report({ checks, needsService: { service: 'PostgreSQL', envVar: 'DATABASE_URL' } })),
      'needs PostgreSQL (DATABASE_URL), which verification cannot reach here',
    );
    assert.equal(
      messageOf('noise\nslim-docker: --port: "x" is not allowed\n', ''),
      'slim-docker: --port: "x" is not allowed',
    );
    assert.equal(messageOf('', 'a\nb\nc\nd\n'), 'b / c / d');
  });

  it('moves the repository own Docker files out of the copy, and only those', async () => {
    for (const name of [
      'Dockerfile',
      'Dockerfile.dev',
      'api.Dockerfile',
      '.dockerignore',
      'compose.yaml',
      'docker-compose.prod.yml',
    ])
      assert.ok(isDockerFile(name), name);
    for (const name of ['app.py', 'dockerfile-notes.md', 'composer.json', 'compose.py'])
      assert.ok(!isDockerFile(name), name);
    const root = tempDir('slim-trial-test-');
    mkdirSync(join(root, 'copy/api'), { recursive: true });
    mkdirSync(join(root, 'copy/node_modules/x'), { recursive: true });
    for (const file of ['copy/Dockerfile', 'copy/api/compose.yml', 'copy/app.py', 'copy/node_modules/x/Dockerfile'])
      writeFileSync(join(root, file), 'x');
    const moved = await setAsideDockerFiles(join(root, 'copy'), join(root, 'aside'));
    assert.deepEqual(moved, ['Dockerfile', 'api/compose.yml']);
    assert.ok(existsSync(join(root, 'aside/api/compose.yml')));
    assert.ok(!existsSync(join(root, 'copy/Dockerfile')));
    assert.ok(existsSync(join(root, 'copy/app.py')));
    assert.ok(existsSync(join(root, 'copy/node_modules/x/Dockerfile')));
  });
});
