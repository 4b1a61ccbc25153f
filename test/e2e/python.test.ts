/**
 * End to end with the real engine (never mocked, never skipped): generate into an empty folder through
 * the bin, verify for real, and assert on the report and on the engine's own state.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { before, describe, it } from 'mocha';
import { imageNameFrom } from '../../src/input/fields.js';
import { check, engine, freePort, leftovers, projectWithSecrets, slimDocker, treeHash, type Report } from './helpers.js';




before(() => {
  // The engine must answer: an e2e run without one is a failure, not a skip.
  assert.match(engine(['version', '--format', '{{.Server.Version}}']), /^\d+\./);
});

for (const base of ['slim', 'full'] as const) {
  describe(`python/flask, ${base} base, through the bin`, () => {
    let dir: string;
    let report: Report;
    let port: number;
    let status: number;
    let output: string;

    before(async () => {
      dir = projectWithSecrets('slim-e2e-', { '.venv/lib/site.py': '# a virtualenv\n' });
      port = await freePort();
      ({ status, output } = slimDocker(['--yes', '--sample-app', '--base', base, '--port', String(port), '--app-name', `e2e-${base}`, '--report', 'report.json'], dir));
      report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    });

    it('exits 0 with a passing verification table', () => {
      assert.equal(status, 0, output);
      assert.match(output, /Verification: verified \(\d+\/\d+ checks passed\)/);
      assert.equal(report.ok, true);
      assert.ok(report.checks.every((c) => c.ok), JSON.stringify(report.checks, null, 1));
    });

    it('runs as a non-root user with a fixed high uid, asked of the image', () => {
      assert.equal(report.uid, 10001);
      assert.equal(report.user, '10001:10001');
    });

    it('exposes the chosen port', () => {
      assert.deepEqual(report.exposedPorts, [`${port}/tcp`]);
    });

    it('serves the edited greeting after the rebuild', () => {
      assert.match(report.httpBody, new RegExp(`Hello from e2e-${base} \\(edited by slim-docker verify\\)`));
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

    it('keeps .env, .git and the virtualenv out of the image', () => {
      const secrets = check(report, 'secrets kept out');
      assert.ok(secrets.ok);
      for (const name of ['.env', '.git', '.venv']) assert.match(secrets.detail, new RegExp(name.replace('.', '\\.')));
    });

    it('reports sizes of the image and its base', () => {
      assert.equal(report.baseImage, base === 'slim' ? 'python:3.13-slim' : 'python:3.13');
      assert.ok(report.baseImageBytes > 10e6);
      assert.ok(report.imageBytes > report.baseImageBytes);
    });

    it('leaves no verification containers or images behind', () => {
      assert.ok(check(report, 'cleanup').ok);
      assert.deepEqual(leftovers(`e2e-${base}`), []);
    });

    it('`slim-docker verify DIR --keep-image` proves the same folder again without changing a file', () => {
      const beforeHash = treeHash(dir);
      const again = slimDocker(['verify', dir, '--keep-image', '--report', join(tmpdir(), `again-${base}.json`)], tmpdir());
      assert.equal(again.status, 0, again.output);
      assert.deepEqual(treeHash(dir), beforeHash);
      assert.deepEqual(leftovers(`e2e-${base}`), []);
      // The kept image is there, runs as the app user, and is the user's to remove.
      assert.equal(engine(['image', 'inspect', '--format', '{{.Config.User}}', `e2e-${base}:verified`]), '10001:10001');
      engine(['rmi', `e2e-${base}:verified`]);
    });
  });
}

describe("the seed's counter-example fails verification (the checks can fail)", () => {
  it('flags COPY . . before pip install, root user, shell-form CMD and a missing HEALTHCHECK', async () => {
    const dir = projectWithSecrets('slim-e2e-', { '.venv/lib/site.py': '# a virtualenv\n' });
    const port = await freePort();
    writeFileSync(join(dir, 'requirements.txt'), 'flask==3.1.3\n');
    writeFileSync(join(dir, 'app.py'), `from flask import Flask\napp = Flask(__name__)\n\n@app.get("/")\ndef home():\n    return "Hello"\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", port=${port})\n`);
    writeFileSync(join(dir, '.dockerignore'), '.git\n.env\n.venv\n');
    writeFileSync(join(dir, 'Dockerfile'), `FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nEXPOSE ${port}\nCMD python app.py\n`);
    const { status, output } = slimDocker(['verify', '.', '--report', 'report.json'], dir);
    assert.equal(status, 1, output);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    assert.equal(report.ok, false);
    assert.equal(check(report, 'dependency layers reused').ok, false);
    assert.match(check(report, 'dependency layers reused').detail, /dependency layers changed after a code edit/);
    assert.equal(check(report, 'non-root user').ok, false);
    assert.equal(report.uid, 0);
    assert.equal(check(report, 'healthcheck').ok, false);
    assert.equal(check(report, 'stops on SIGTERM').ok, false);
    assert.ok(report.stopSeconds >= 9, `shell-form CMD waits out the grace period (${report.stopSeconds} s)`);
    assert.equal(check(report, 'secrets kept out').ok, true);
    assert.deepEqual(leftovers(imageNameFrom(basename(dir))), []);
  });
});
