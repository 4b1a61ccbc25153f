/**
 * Yeoman composition (issue 23): a team's own generator (test/presets/generator-acme-docker) asks its
 * question first, then composes slim-docker's app generator with the answers it fixes and its preset
 * (test/presets/acme-preset). Fixed answers are never asked; what the team leaves open is.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import helpers, { result } from 'yeoman-test';
import AppGenerator from '../../generators/app/index.js';
import { InputError } from '../../src/errors.js';
import { tempDir } from '../support/temp-tree.js';

const app = fileURLToPath(new URL('../../generators/app/index.ts', import.meta.url));
const acme = fileURLToPath(new URL('../presets/generator-acme-docker/generators/app/index.js', import.meta.url));
const preset = fileURLToPath(new URL('../presets/acme-preset', import.meta.url));

/** A new service folder whose parent's node_modules holds Acme's preset (as npm install puts it). */
function service(): string {
  const root = tempDir('slim-acme-');
  mkdirSync(join(root, 'node_modules', '@acme'), { recursive: true });
  symlinkSync(preset, join(root, 'node_modules', '@acme', 'slim-docker-preset'), 'dir');
  const dir = join(root, 'svc');
  mkdirSync(dir);
  return dir;
}

// Imported here (as ESM): yeoman-environment would require() the path, which tsx turns into CommonJS.
const AcmeGenerator = ((await import(acme)) as { default: unknown }).default;

const runAcme = (dir: string, options: Record<string, unknown>) =>
  helpers
    .run(AcmeGenerator as never, { namespace: 'acme-docker:app', resolved: acme })
    .cd(dir)
    .withGenerators([[AppGenerator as never, { namespace: 'slim-docker:app', resolved: app }]])
    .withOptions({ skipVerify: true, force: false, ...options } as never);

const saved = (dir: string) => JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-slim-docker'];

describe('a team generator composing slim-docker', () => {
  it("asks the team's question first, then only what the team leaves open", async () => {
    const dir = service();
    await runAcme(dir, {}).withAnswers({ stack: 'go', appName: 'orders', port: '9090' });
    const asked = result.askedQuestions.map((question: { name: string }) => question.name);
    assert.equal(asked[0], 'stack', "the team's own prompt comes first");
    assert.ok(!asked.includes('language'), `the language is fixed by the team, not asked (${asked.join(', ')})`);
    assert.ok(asked.includes('appName') && asked.includes('port'), `open answers are asked (${asked.join(', ')})`);
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /FROM golang:/);
    assert.match(dockerfile, /org\.opencontainers\.image\.vendor="Acme"/);
    assert.match(dockerfile, /EXPOSE 9090/);
    assert.match(readFileSync(join(dir, '.dockerignore'), 'utf8'), /^\.acme-scratch\/$/m, "the preset's template");
    const answers = saved(dir);
    assert.equal(answers.appName, 'orders');
    assert.deepEqual(
      answers.presets.map((p: { name: string; version: string }) => `${p.name}@${p.version}`),
      ['@acme/slim-docker-preset@1.0.0'],
    );
  });

  it("--yes through the team generator asks nothing and takes the preset's defaults", async () => {
    const dir = service();
    await runAcme(dir, { yes: true, stack: 'node' });
    assert.equal(Object.keys(result.askedQuestions).length, 0);
    const answers = saved(dir);
    assert.equal(answers.language, 'node');
    assert.equal(answers.port, 8080, "the preset's default port");
    assert.equal(answers.buildkit, true);
  });

  it("the service's own .slim-docker.json cannot unlock the preset's lock: one line naming both", async () => {
    const dir = service();
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.slim-docker.json'), JSON.stringify({ locked: { buildkit: false } }));
    await assert.rejects(runAcme(dir, { yes: true, stack: 'python' }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.field, /\.slim-docker\.json locked\.buildkit$/);
      assert.match(error.message, /locked by preset @acme\/slim-docker-preset@1\.0\.0/);
      return true;
    });
  });
});
