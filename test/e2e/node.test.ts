/**
 * End to end with the real engine (never mocked, never skipped): generate a Node.js/Express app into a
 * folder through the bin (which also creates the lockfile with the host's npm), verify for real, and
 * assert on the report and on the engine's own state.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'mocha';
import { NODE_PINS } from '../../src/languages/node.js';
import { check, ENGINE, engine, freePort, leftovers, NETWORK, projectWithSecrets, slimDocker, treeHash, type Report } from './helpers.js';

/**
 * The Node line the e2e builds: the base images here are stand-ins made from Debian packages
 * (scripts/stand-in-images.sh), and Debian trixie ships Node.js 20 only. Passed explicitly, so the
 * pack's default (a newer LTS) can move on without breaking this test.
 */
const VERSION = '20';




/**
 * Builds the folder's image the way a user would (BuildKit, host network), runs a shell script in it as
 * its own user, and removes it again. Independent of verification, which removes its images.
 */
function inBuiltImage(dir: string, script: string): string {
  const tag = `slim-docker-e2e-node/probe:${randomBytes(4).toString('hex')}`;
  execFileSync(ENGINE, ['build', '--network', NETWORK, '--label', 'org.slim-docker.e2e=node', '--tag', tag, dir], {
    env: { ...process.env, DOCKER_BUILDKIT: '1' },
    encoding: 'utf8',
    timeout: 600_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    return engine(['run', '--rm', '--network', NETWORK, '--label', 'org.slim-docker.e2e=node', '--entrypoint', '/bin/sh', tag, '-c', script]);
  } finally {
    engine(['rmi', tag]);
  }
}

before(() => {
  // The engine must answer: an e2e run without one is a failure, not a skip.
  assert.match(engine(['version', '--format', '{{.Server.Version}}']), /^\d+\./);
});

for (const base of ['slim', 'full'] as const) {
  const baseImage = base === 'slim' ? `node:${VERSION}-slim` : `node:${VERSION}`;

  describe(`node/express ${VERSION}, ${base} base, through the bin`, () => {
    let dir: string;
    let report: Report;
    let port: number;
    let status: number;
    let output: string;

    before(async () => {
      // Missing base image = failure with the fix in the message, never a skip.
      assert.doesNotThrow(() => engine(['image', 'inspect', '--format', '{{.Id}}', baseImage]), `no ${baseImage} here: run bash scripts/stand-in-images.sh ${baseImage}`);
      dir = projectWithSecrets('slim-e2e-node-', { 'node_modules/planted-secret/index.js': 'module.exports = "host node_modules must not ship";\n' });
      port = await freePort();
      ({ status, output } = slimDocker(
        ['--yes', '--language', 'node', '--runtime-version', VERSION, '--sample-app', '--base', base, '--port', String(port), '--app-name', `e2e-node-${base}`, '--report', 'report.json'],
        dir,
      ));
      report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    });

    it('exits 0 with a passing verification table', () => {
      assert.equal(status, 0, output);
      assert.match(output, /Verification: verified \(\d+\/\d+ checks passed\)/);
      assert.equal(report.ok, true);
      assert.ok(report.checks.every((c) => c.ok), JSON.stringify(report.checks, null, 1));
    });

    it('created package-lock.json on the host that pins the tested express', () => {
      assert.match(output, /Running `npm install --package-lock-only/);
      const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, { version?: string }> };
      assert.ok(lock.lockfileVersion >= 2);
      assert.equal(lock.packages['node_modules/express']?.version, NODE_PINS.express);
      assert.equal(lock.packages['node_modules/planted-secret'], undefined, 'the lockfile comes from package.json, not the host node_modules');
    });

    it("runs as the image's own node user (uid 1000), asked of the image", () => {
      assert.equal(report.uid, 1000);
      assert.equal(report.user, '1000:1000');
    });

    it('exposes the chosen port', () => {
      assert.deepEqual(report.exposedPorts, [`${port}/tcp`]);
    });

    it('serves the edited greeting after the rebuild', () => {
      assert.match(report.httpBody, new RegExp(`^Hello from e2e-node-${base} \\(edited by slim-docker verify\\)$`));
    });

    it('reuses the dependency layers byte for byte after a code edit', () => {
      assert.ok(check(report, 'dependency layers reused').ok);
      assert.match(check(report, 'dependency layers reused').detail, /layers up to the dependency install identical; 1 rebuilt/);
      // Times are reported, not asserted (speed belongs in `npm run bench`); the layer digests are the proof.
      assert.ok(report.rebuildSeconds > 0 && report.coldBuildSeconds > 0);
    });

    it('stops promptly on SIGTERM and reaches healthy', () => {
      assert.ok(report.stopSeconds < 3, `stop took ${report.stopSeconds} s`);
      assert.ok(check(report, 'healthcheck').ok);
    });

    it('keeps .env, .git and the host node_modules out of the image', () => {
      const secrets = check(report, 'secrets kept out');
      assert.ok(secrets.ok, secrets.detail);
      for (const name of ['.env', '.git', 'node_modules']) assert.match(secrets.detail, new RegExp(name.replace('.', '\\.')));
    });

    it('the image itself: Node as tagged, npm ci output present, planted files absent, code not writable by the app', () => {
      const out = inBuiltImage(
        dir,
        [
          'node --version',
          'id -u',
          'test -f /app/node_modules/express/package.json && echo express-installed',
          'test ! -e /app/node_modules/planted-secret && echo planted-absent',
          'test ! -e /app/.env && test ! -e /app/.git && echo secrets-absent',
          'test -f /app/package-lock.json && test -f /app/server.js && echo code-present',
          'test ! -w /app && test ! -w /app/server.js && test ! -w /app/node_modules && echo read-only-for-app',
          'echo "NODE_ENV=$NODE_ENV"',
        ].join('; '),
      );
      assert.match(out, new RegExp(`^v${VERSION}\\.`, 'm'));
      assert.match(out, /^1000$/m);
      for (const line of ['express-installed', 'planted-absent', 'secrets-absent', 'code-present', 'read-only-for-app', 'NODE_ENV=production']) {
        assert.match(out, new RegExp(`^${line}$`, 'm'), out);
      }
    });

    it('reports sizes of the image and its base', () => {
      assert.equal(report.baseImage, baseImage);
      assert.ok(report.baseImageBytes > 10e6);
      assert.ok(report.imageBytes > report.baseImageBytes);
      // The app adds its dependencies and a few files: well under 50 MB on top of the base.
      assert.ok(report.imageBytes - report.baseImageBytes < 50e6, `${report.imageBytes - report.baseImageBytes} bytes added`);
    });

    it('leaves no verification containers or images behind', () => {
      assert.ok(check(report, 'cleanup').ok);
      assert.deepEqual(leftovers(`e2e-node-${base}`), []);
    });

    it('`slim-docker verify DIR` proves the same folder again without changing a file', () => {
      const beforeHash = treeHash(dir);
      const again = slimDocker(['verify', dir, '--report', join(tmpdir(), `again-node-${base}.json`)], tmpdir());
      assert.equal(again.status, 0, again.output);
      assert.deepEqual(treeHash(dir), beforeHash);
      assert.deepEqual(leftovers(`e2e-node-${base}`), []);
    });
  });
}
