/**
 * The verdict a person reads at the end of `slim-docker verify`, rendered from fixed reports (a pass and
 * a failure) and compared with goldens in test/unit/verify-output/: 80 columns, every check once, the
 * cause under the check that failed, only the figures that are known (issue 22 item 7).
 * UPDATE_GOLDENS=1 rewrites the goldens from the renderer.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'mocha';
import type { Report } from '../../src/verify/report.js';
import { renderVerdict, VERDICT_COLUMNS, verdictWidth } from '../../src/verify/verdict.js';

const golden = (name: string) => new URL(`./verify-output/${name}.txt`, import.meta.url);

const ENGINE = '/usr/bin/docker (docker client 28.5.2, server 28.5.2, BuildKit)';

const PASS: Report = {
  reportVersion: 1,
  ok: true,
  engine: ENGINE,
  engineKind: 'docker',
  dockerfile: '/home/ada/hello/Dockerfile',
  coldBuildSeconds: 41.37,
  rebuildSeconds: 2.04,
  imageBytes: 168_400_000,
  baseImage: 'python:3.13-slim',
  baseImageBytes: 121_900_000,
  user: '10001:10001',
  uid: 10001,
  exposedPorts: ['8000/tcp'],
  httpStatus: 200,
  stopSeconds: 0.41,
  checks: [
    { name: 'engine', ok: true, detail: ENGINE },
    { name: 'lint', ok: true, detail: 'hadolint: no findings' },
    { name: 'cold build', ok: true, detail: 'built in 41.37 s' },
    { name: 'port exposed', ok: true, detail: 'EXPOSE 8000/tcp; expected 8000/tcp' },
    {
      name: 'dependency layers reused',
      ok: true,
      detail:
        'after editing app.py the rebuild reused every layer up to and including the dependency install (pip install --no-cache-dir -r requirements.txt); 2.04 s, 20x faster than the cold build',
    },
    { name: 'runtime traps', ok: true, detail: 'app.py: no known trap in the build' },
    { name: 'http', ok: true, detail: 'GET / answered 200 in 1.2 s: "Hello from hello!"' },
    {
      name: 'listens on every interface',
      ok: true,
      detail: 'port 8000 is bound to 0.0.0.0:8000, so the published port reaches it',
    },
    { name: 'healthcheck', ok: true, detail: 'reached healthy in 3.1 s' },
    {
      name: 'stops on SIGTERM',
      ok: true,
      warning: true,
      detail:
        'exited 0, 9.80 s after SIGTERM: slow, but it stopped by itself (a busy machine, or a slow shutdown handler)',
    },
    { name: 'answered by the container', ok: true, detail: 'the page came from the container, not the host' },
    { name: 'non-root user', ok: true, detail: 'uid 10001, the running process as the kernel sees it' },
    { name: 'secrets kept out', ok: true, detail: '.env, .git, .venv stay out of the image and its history' },
    { name: 'cleanup', ok: true, detail: '3 images, 2 containers and 14 build-cache records of this run removed' },
  ],
};

const FAILURE: Report = {
  reportVersion: 1,
  ok: false,
  engine: ENGINE,
  engineKind: 'docker',
  dockerfile: '/home/ada/shop/Dockerfile',
  coldBuildSeconds: 38.2,
  imageBytes: 171_000_000,
  baseImage: 'python:3.13-slim',
  baseImageBytes: 121_900_000,
  user: '10001:10001',
  uid: 10001,
  exposedPorts: ['8000/tcp'],
  needsService: { service: 'PostgreSQL', envVar: 'DATABASE_URL' },
  checks: [
    { name: 'engine', ok: true, detail: ENGINE },
    { name: 'lint', ok: true, detail: 'hadolint: no findings' },
    { name: 'cold build', ok: true, detail: 'built in 38.2 s' },
    { name: 'port exposed', ok: true, detail: 'EXPOSE 8000/tcp; expected 8000/tcp' },
    {
      name: 'http',
      ok: false,
      detail:
        'the container exited with code 3 before answering; the app needs PostgreSQL (DATABASE_URL), which verification cannot reach here; pass --env-file FILE with a DATABASE_URL that reaches one on 127.0.0.1 to verify against it\n    why: psycopg2.OperationalError: connection to server at "127.0.0.1", port 5432 failed: Connection refused',
    },
    { name: 'cleanup', ok: true, detail: '2 images, 1 container and 9 build-cache records of this run removed' },
  ],
};

/** What failed before anything was measured: no figure shown as "-". */
const EARLY: Report = {
  reportVersion: 1,
  ok: false,
  engine: '/usr/bin/docker',
  dockerfile: '/home/ada/x/Dockerfile',
  checks: [
    {
      name: 'cold build (no layer cache)',
      ok: false,
      detail: 'docker build failed (exit 1)\n    why: error[E0432]: unresolved import `axum::Serve`',
    },
  ],
};

describe('the verdict at 80 columns (issue 22 item 7)', () => {
  for (const [name, report] of [
    ['pass', PASS],
    ['failure', FAILURE],
  ] as const) {
    it(`${name}: matches test/unit/verify-output/${name}.txt`, () => {
      const text = renderVerdict(report);
      if (process.env.UPDATE_GOLDENS) writeFileSync(golden(name), text);
      assert.equal(text, readFileSync(golden(name), 'utf8'));
    });
  }

  it('no line wider than 80 columns; every check once; the heading first', () => {
    for (const report of [PASS, FAILURE, EARLY]) {
      const lines = renderVerdict(report).split('\n');
      for (const line of lines) assert.ok([...line].length <= VERDICT_COLUMNS, `${[...line].length}: ${line}`);
      assert.match(lines[1], /^Verification: (verified|NOT verified) \(\d+\/\d+ checks passed\)/);
      for (const check of report.checks) {
        const rows = lines.filter((line) =>
          new RegExp(`^ {2}(PASS|WARN|FAIL) {2}${check.name.replace(/[()]/g, '\\$&')} `).test(line),
        );
        assert.equal(rows.length, 1, `${check.name} once`);
      }
    }
  });

  it('a figure not measured is left out, never shown as "-" or "(removed): -"', () => {
    const text = renderVerdict(EARLY);
    assert.doesNotMatch(text, /(^|\s)-(\s|$)|\(removed\)/m);
    assert.match(text, /^ {2}engine \/usr\/bin\/docker$/m);
    assert.match(text, /^ {8}why: error\[E0432\]: unresolved import `axum::Serve`$/m);
  });

  it('a narrower terminal gets its own width; a pipe or a wide terminal gets 80', () => {
    assert.equal(verdictWidth({ isTTY: true, columns: 60 }), 60);
    assert.equal(verdictWidth({ isTTY: true, columns: 200 }), 80);
    assert.equal(verdictWidth({ isTTY: false, columns: 60 }), 80);
    for (const line of renderVerdict(FAILURE, 60).split('\n')) assert.ok([...line].length <= 60, line);
  });
});
