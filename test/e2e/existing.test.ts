/**
 * Adding Docker to existing repositories: fixture repos that look like real ones (with bulky .git,
 * virtualenvs or node_modules and a planted .env) get a Dockerfile that fits them, verified with the
 * real engine through the bin. The user's files stay byte-identical and the build context stays small.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { before, describe, it } from 'mocha';
import { imageNameFrom } from '../../src/input/fields.js';
import { makeFixture, type FixtureName } from '../fixtures/projects.js';
import { freePort, leftovers, slimDocker, treeHash } from './helpers.js';

interface Report {
  ok: boolean;
  uid: number;
  httpStatus: number;
  httpBody: string;
  contextBytes: number;
  checks: { name: string; ok: boolean; detail: string }[];
}

// Versions are pinned to what the stand-in base images carry (Python 3.13, Node 20).
const CASES: { fixture: FixtureName; flags: string[]; expect: RegExp; language: string; uid: number; lockfile?: boolean }[] = [
  { fixture: 'flask-factory-pyproject', flags: ['--runtime-version', '3.13'], expect: /shop home/, language: 'python', uid: 10001 },
  { fixture: 'fastapi-requirements', flags: ['--runtime-version', '3.13'], expect: /fastapi ok/, language: 'python', uid: 10001 },
  { fixture: 'django', flags: ['--runtime-version', '3.13'], expect: /django ok/, language: 'python', uid: 10001 },
  { fixture: 'express-lockfile', flags: ['--runtime-version', '20'], expect: /express ok/, language: 'node', uid: 1000, lockfile: true },
  // cmd/server layout with a real module dependency (downloaded through the Go module proxy in the build).
  { fixture: 'go-cmd-server', flags: ['--runtime-version', '1.24'], expect: /go ok/, language: 'go', uid: 65532 },
];

for (const { fixture, flags, expect, language, uid, lockfile } of CASES) {
  describe(`existing repo: ${fixture}`, () => {
    let dir: string;
    let userFiles: Record<string, string>;
    let report: Report;
    let output: string;
    let status: number;

    before(async () => {
      ({ dir } = makeFixture(fixture, 8, { lockfile }));
      userFiles = treeHash(dir);
      const port = await freePort();
      ({ status, output } = slimDocker(['--yes', '--port', String(port), '--report', join(dir, '..', `${basename(dir)}.json`), ...flags], dir));
      report = JSON.parse(readFileSync(join(dir, '..', `${basename(dir)}.json`), 'utf8')) as Report;
    });

    it('detects the project, writes no sample app, and verifies for real', () => {
      assert.equal(status, 0, output);
      assert.match(output, new RegExp(`Detected ${language}`));
      assert.ok(report.ok, JSON.stringify(report.checks, null, 1));
      assert.doesNotMatch(output, /create app\.py/);
    });

    it('serves the app and runs as non-root', () => {
      assert.ok(report.httpStatus < 500);
      assert.match(report.httpBody, expect);
      assert.equal(report.uid, uid);
    });

    it('keeps the secret and the bulk out: a small build context, .env absent from the image', () => {
      // The fixture carries ~16 MB of .git/virtualenv/node_modules; the context is its source files only.
      assert.ok(report.contextBytes < 200_000, `context ${report.contextBytes} bytes`);
      const secrets = report.checks.find((c) => c.name === 'secrets kept out')!;
      assert.ok(secrets.ok);
      assert.match(secrets.detail, /\.env/);
    });

    it("leaves every file of the user's byte-identical and nothing behind", () => {
      const after = treeHash(dir);
      for (const [path, hash] of Object.entries(userFiles)) assert.equal(after[path], hash, `${path} unchanged`);
      assert.deepEqual(leftovers(imageNameFrom(basename(dir))), []);
    });

    it('a second run with the same answers changes nothing', () => {
      const first = treeHash(dir);
      const again = slimDocker(['--yes', '--skip-verify'], dir);
      assert.equal(again.status, 0, again.output);
      assert.deepEqual(treeHash(dir), first);
    });
  });
}

describe('existing repo: a user Dockerfile and .dockerignore are never clobbered', () => {
  it('--yes skips the Dockerfile and merges .dockerignore; --force overwrites', async () => {
    const { dir } = makeFixture('fastapi-requirements', 1);
    const mine = 'FROM python:3.13-slim\nCMD ["python", "main.py"]\n';
    execFileSync('sh', ['-c', `printf '%s' '${mine}' > Dockerfile && printf 'my-notes/\\n.git\\n' > .dockerignore`], { cwd: dir });
    const run = slimDocker(['--yes', '--skip-verify'], dir);
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /skip Dockerfile/);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), mine);
    const ignore = readFileSync(join(dir, '.dockerignore'), 'utf8');
    assert.ok(ignore.startsWith('my-notes/\n.git\n'), ignore);
    assert.match(ignore, /# --- slim-docker: entries this file lacked/);
    const forced = slimDocker(['--yes', '--skip-verify', '--force'], dir);
    assert.equal(forced.status, 0, forced.output);
    assert.match(readFileSync(join(dir, 'Dockerfile'), 'utf8'), /uvicorn/);
    assert.ok(readFileSync(join(dir, '.dockerignore'), 'utf8').startsWith('my-notes/\n.git\n'), 'user lines kept even with --force');
  });

  it('an unservable project gets a clear error and no files', () => {
    const { dir } = makeFixture('fastapi-requirements', 1);
    execFileSync('sh', ['-c', 'printf "requests==2.32.3\\n" > requirements.txt'], { cwd: dir });
    const before = treeHash(dir);
    const run = slimDocker(['--yes', '--skip-verify'], dir);
    assert.equal(run.status, 2, run.output);
    assert.match(run.output, /project: cannot be served as it is: no server framework/);
    assert.deepEqual(treeHash(dir), before);
  });
});
