/**
 * Verification that cannot be fooled or hung (real engine): a fake `id` in a root image, a process
 * already answering on the app's port, FIFOs and sockets in the project.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { basename, join } from 'node:path';
import { describe, it } from 'mocha';
import {
  ENGINE,
  NETWORK,
  check,
  freePort,
  leftovers,
  slimDocker,
  tinyPythonProject,
  type Report,
  readReport,
} from './helpers.js';
import { tempDir } from '../support/temp-tree.js';

function project(port: number, afterCopy = ''): string {
  const dir = tinyPythonProject('slim-harden-', port, { afterCopy: afterCopy ? [afterCopy] : [] });
  writeFileSync(join(dir, '.dockerignore'), '.git\n');
  return dir;
}

const verify = (dir: string, env: NodeJS.ProcessEnv = {}) => {
  const result = slimDocker(['verify', '.', '--report', 'report.json', '--timeout', '30'], dir, 300_000, env);
  return { ...result, report: readReport(join(dir, 'report.json')) };
};

describe('verification cannot be fooled or hung', () => {
  it('a fake `id` in a root image does not make it "non-root": the running process is asked', async () => {
    const port = await freePort();
    // The image runs as root (no USER) but ships an `id` that claims uid 10001.
    const dir = project(
      port,
      "RUN printf '#!/bin/sh\\necho 10001\\n' > /usr/local/bin/id && chmod +x /usr/local/bin/id",
    );
    const { status, report } = verify(dir);
    assert.equal(status, 1);
    const nonRoot = check(report, 'non-root user');
    assert.equal(nonRoot.ok, false, nonRoot.detail);
    assert.match(nonRoot.detail, /uid 0, the running process as the kernel sees it/);
    assert.deepEqual(leftovers(basename(dir).toLowerCase()), []);
  });

  it('on the host network, a process already answering on the port fails verification instead of answering for the image', async () => {
    const port = await freePort();
    // Another process (this one blocks while the bin runs): it holds 127.0.0.1:PORT, which a server in
    // the container binding 0.0.0.0 would not notice, so the probe would reach the squatter.
    const squatter = spawn(process.execPath, [
      '-e',
      `require('http').createServer((q, r) => r.end('not the app')).listen(${port}, '127.0.0.1', () => console.log('up'))`,
    ]);
    await new Promise((resolve) => squatter.stdout.once('data', resolve));
    try {
      const dir = project(port, 'USER 10001');
      // The host network is where the probe could reach another process (a published port cannot).
      const { status, report, output } = verify(dir, { SLIM_DOCKER_NETWORK: 'host' });
      assert.equal(status, 1, output);
      const http = check(report, 'http');
      assert.equal(http.ok, false);
      assert.match(http.detail, new RegExp(`port ${port} is already in use`));
      assert.doesNotMatch(output, /Verification: verified/);
    } finally {
      squatter.kill('SIGKILL');
    }
  });

  it('a FIFO and a unix socket in the project are skipped, not read: verification ends and passes', async () => {
    const port = await freePort();
    const dir = project(port, 'USER 10001');
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const socket = createNetServer().listen(join(dir, 'control.sock'));
    try {
      const { status, report, output } = verify(dir);
      assert.equal(status, 0, output);
      assert.equal(report.ok, true);
      // Whatever network: the answer came from the container (host: the port is silent once it stopped;
      // bridge: through its published port, from a socket bound to every interface).
      assert.equal(
        check(report, NETWORK === 'host' ? 'answered by the container' : 'listens on every interface').ok,
        true,
      );
    } finally {
      socket.close();
    }
  });
});

describe('verdicts on Dockerfiles people write (review findings)', () => {
  it('a kept-out path the build itself creates after COPY (compileall’s __pycache__) is no leak', async () => {
    const port = await freePort();
    const dir = tinyPythonProject('slim-harden-', port, { afterCopy: ['RUN python -m compileall -q .', 'USER 10001'] });
    writeFileSync(join(dir, '.dockerignore'), '**/__pycache__\n');
    mkdirSync(join(dir, '__pycache__'));
    writeFileSync(join(dir, '__pycache__', 'stale.cpython-313.pyc'), 'local bytecode');
    const { status, report, output } = verify(dir);
    const secrets = check(report, 'secrets kept out');
    assert.equal(secrets.ok, true, secrets.detail);
    assert.match(secrets.detail, /__pycache__ only as the image's own build made it/);
    assert.equal(status, 0, output);
  });

  it('--port for a Dockerfile without EXPOSE verifies, with a warning to document the port', async () => {
    const port = await freePort();
    const dir = tinyPythonProject('slim-harden-', port, { afterCopy: ['USER 10001'], expose: false });
    const file = join(tempDir('slim-harden-report-'), 'report.json');
    const result = slimDocker(
      ['verify', '.', '--port', String(port), '--report', file, '--timeout', '30'],
      dir,
      300_000,
    );
    const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
    assert.equal(result.status, 0, result.output);
    const exposed = report.checks.find((c) => c.name === 'port exposed') as
      { ok: boolean; warning?: boolean } | undefined;
    assert.equal(exposed?.ok, true);
    assert.equal(exposed?.warning, true);
  });

  it('--keep-image keeps the image of the user’s own code, not the verifier’s edited copy; --http-path on the sample', async () => {
    const dir = join(tempDir('slim-harden-keep-'), 'keepme');
    mkdirSync(dir);
    const port = await freePort();
    const made = slimDocker(['--yes', '--skip-verify', '--port', String(port)], dir, 120_000);
    assert.equal(made.status, 0, made.output);
    const result = slimDocker(
      ['verify', '.', '--keep-image', '--http-path', '/health', '--timeout', '30'],
      dir,
      300_000,
    );
    try {
      assert.equal(result.status, 0, result.output);
      const id = execFileSync(ENGINE, ['create', 'keepme:verified'], { encoding: 'utf8' }).trim();
      try {
        const app = execFileSync(ENGINE, ['cp', `${id}:/app/app.py`, '-'], { encoding: 'latin1' });
        assert.match(app, /Hello from keepme!/);
        assert.doesNotMatch(app, /edited by slim-docker verify/);
      } finally {
        execFileSync(ENGINE, ['rm', '--force', id]);
      }
    } finally {
      spawnSync(ENGINE, ['rmi', 'keepme:verified']);
    }
  });
});

describe('verification leaves the build cache as it found it', () => {
  const records = () =>
    (
      JSON.parse(
        execFileSync(ENGINE, ['system', 'df', '-v', '--format', '{{json .BuildCache}}'], {
          encoding: 'utf8',
          maxBuffer: 256e6,
        }),
      ) as { ID: string; CacheType: string; Description: string }[]
    )
      // Package caches (RUN --mount=type=cache) are kept on purpose: later builds reuse them.
      .filter((record) => record.CacheType !== 'exec.cachemount');
  it('every cache record its builds added is removed with its images (none of them could be reused)', async () => {
    const dir = tinyPythonProject('slim-harden-', await freePort(), {
      afterCopy: ['RUN head -c 2000000 /dev/urandom > /tmp/blob', 'USER 10001'],
    });
    const before = new Set(records().map((record) => record.ID));
    const { status, report, output } = verify(dir);
    assert.equal(status, 0, output);
    assert.match(check(report, 'cleanup').detail, /\d+ build-cache records of this run removed/);
    // Only this Dockerfile's own steps: the engine is shared, and other builds may add records meanwhile.
    const added = records().filter(
      (record) =>
        !before.has(record.ID) &&
        /head -c 2000000|pip install --no-cache-dir -r requirements\.txt/.test(record.Description),
    );
    assert.deepEqual(
      added.map((record) => record.Description),
      [],
    );
  });
});

describe('verify refuses a home folder', () => {
  it('`slim-docker verify` in $HOME exits 2 with one line and builds nothing (--force allows it)', () => {
    const home = tempDir('slim-home-');
    writeFileSync(join(home, 'Dockerfile'), 'FROM python:3.13-slim\n');
    const result = slimDocker(['verify', '.'], home, 60_000, { HOME: home });
    assert.equal(result.status, 2, result.output);
    assert.match(result.output, /is your home folder/);
    assert.doesNotMatch(result.output, /cold build/);
  });
});

describe('a pathological .dockerignore', () => {
  it('many `**/` segments against a deep path: verification matches in bounded time and passes', async () => {
    const dir = tinyPythonProject('slim-harden-', await freePort(), { afterCopy: ['USER 10001'] });
    writeFileSync(join(dir, '.dockerignore'), `${'**/'.repeat(40)}x\n.git\n`);
    const deep = join(dir, ...Array.from({ length: 40 }, (_, i) => `d${i}`));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'y.txt'), 'deep\n');
    const start = Date.now();
    const { status, output } = verify(dir);
    assert.equal(status, 0, output);
    // The matcher's own regular expressions took minutes on this before the runs of `**/` collapsed.
    assert.ok(Date.now() - start < 120_000, `${(Date.now() - start) / 1000} s`);
  });
});
