/**
 * The secrets check can fail (real engine): planted secrets of every shape reach an image built with
 * `COPY . .` and no .dockerignore, and verification names each; slim-docker's own .dockerignore keeps
 * them out; a token baked in by a build command is found in the image history; a secret renamed or
 * removed by a later layer is found by its content in the image's layers.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { tempDir } from '../support/temp-tree.js';
import { check, freePort, slimDocker, tinyPythonProject, type Report, readReport } from './helpers.js';

const PLANTED: Record<string, string> = {
  '.env': 'DATABASE_URL=postgres://app:hunter2@db/app\n',
  id_rsa: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
  '.npmrc': '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n',
  'pip.conf': '[global]\nextra-index-url = https://deploy:s3cret@pypi.example.com/simple\n',
  '.aws/credentials': '[default]\naws_access_key_id = AKIAABCDEFGHIJKLMNOP\n',
  'config/settings.json': '{"github": "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB"}\n',
};

function project(port: number, extraRun = ''): string {
  const dir = tinyPythonProject('slim-secrets-', port, {
    beforeCopy: extraRun ? [extraRun] : [],
    afterCopy: ['USER 10001'],
  });
  for (const [rel, text] of Object.entries(PLANTED)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

function verifyReport(dir: string): { status: number; output: string; report: Report } {
  const file = join(tempDir('slim-secrets-report-'), 'report.json');
  const result = slimDocker(['verify', '.', '--report', file, '--timeout', '30'], dir, 300_000);
  return { ...result, report: readReport(file) };
}

describe('secrets check with the real engine', () => {
  it('every planted secret shape in an image without .dockerignore is caught and named', async () => {
    const dir = project(await freePort());
    const { status, report, output } = verifyReport(dir);
    assert.equal(status, 1, output);
    const secrets = check(report, 'secrets kept out');
    assert.equal(secrets.ok, false);
    for (const rel of Object.keys(PLANTED))
      assert.match(secrets.detail, new RegExp(`inside the image: ${rel.replace(/\./g, '\\.')} \\(`), `${rel} named`);
  });

  it("slim-docker's own .dockerignore keeps every secret-shaped file out; a token inside an ordinary config file is still caught", async () => {
    const dir = project(await freePort());
    const made = slimDocker(
      ['dockerignore', '--yes', '--language', 'python', '--framework', 'flask', '--entrypoint', 'app:app'],
      dir,
      120_000,
    );
    assert.equal(made.status, 0, made.output);
    const { status, report, output } = verifyReport(dir);
    const secrets = check(report, 'secrets kept out');
    // No .dockerignore can know that settings.json holds a token: only its contents say so.
    assert.equal(
      secrets.detail,
      'inside the image: config/settings.json (a GitHub token) at /app/config/settings.json',
      output,
    );
    assert.equal(status, 1);
  });

  it('by content, not by name: `RUN mv deploy/.env.production deploy/settings.txt && rm backend/.env` is caught', async () => {
    const port = await freePort();
    const dir = tinyPythonProject('slim-secrets-renamed-', port, {
      afterCopy: ['RUN mv deploy/.env.production deploy/settings.txt && rm backend/.env', 'USER 10001'],
    });
    const files = {
      'deploy/.env.production': 'DATABASE_URL=postgres://app:Prod-pass-0042@db/app\n',
      'backend/.env': 'API_KEY=kq93Jd83hf72Hsl0Pq7x\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(dir, rel, '..'), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    const { status, report, output } = verifyReport(dir);
    assert.equal(status, 1, output);
    const secrets = check(report, 'secrets kept out');
    assert.equal(secrets.ok, false);
    assert.doesNotMatch(secrets.detail, /sent to the builder but not in the image/);
    assert.match(
      secrets.detail,
      /inside the image: deploy\/\.env\.production \(.*\) as \/app\/deploy\/settings\.txt, found by its bytes/,
    );
    assert.match(
      secrets.detail,
      /inside the image: backend\/\.env \(.*\) as \/app\/backend\/\.env in a layer \(removed later, still in the layer\)/,
    );
    assert.doesNotMatch(secrets.detail, /Prod-pass-0042|kq93Jd83hf72Hsl0Pq7x/);
  });

  it('a token baked in by a build command is found in the image history, value redacted', async () => {
    const token = 'npm_abcdefghijklmnopqrstuvwxyz0123456789';
    const dir = project(
      await freePort(),
      `RUN echo "//registry.npmjs.org/:_authToken=${token}" > /tmp/npmrc-baked && rm /tmp/npmrc-baked`,
    );
    writeFileSync(join(dir, '.dockerignore'), Object.keys(PLANTED).join('\n') + '\n');
    const { status, report } = verifyReport(dir);
    assert.equal(status, 1);
    const secrets = check(report, 'secrets kept out');
    assert.match(secrets.detail, /in the image history: an npm token in a build command/);
    assert.doesNotMatch(secrets.detail, new RegExp(token));
  });
});
