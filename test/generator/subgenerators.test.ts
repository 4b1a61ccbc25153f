import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import helpers, { result } from 'yeoman-test';
import AppGenerator from '../../generators/app/index.js';
import DockerfileGenerator from '../../generators/dockerfile/index.js';
import DockerignoreGenerator from '../../generators/dockerignore/index.js';
import EjectTemplatesGenerator from '../../generators/eject-templates/index.js';
import SampleGenerator from '../../generators/sample/index.js';
import { LANGUAGE_PACKS } from '../../src/languages/index.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { tempDir } from '../support/temp-tree.js';

const at = (name: string) => fileURLToPath(new URL(`../../generators/${name}/index.ts`, import.meta.url));
const run = (Gen: unknown, name: string) =>
  helpers.run(Gen as never, { resolved: at(name), namespace: `slim-docker:${name}` });

describe('sub-generators, each alone', () => {
  it('slim-docker:dockerfile writes only the Dockerfile (and the saved answers)', async () => {
    await run(DockerfileGenerator, 'dockerfile').withOptions({ yes: true } as never);
    assert.deepEqual(readdirSync(result.cwd).sort(), ['.yo-rc.json', 'Dockerfile']);
  });
  it('slim-docker:dockerignore writes only .dockerignore', async () => {
    await run(DockerignoreGenerator, 'dockerignore').withOptions({ yes: true } as never);
    assert.deepEqual(readdirSync(result.cwd).sort(), ['.dockerignore', '.yo-rc.json']);
  });
  it('slim-docker:sample writes only the sample app', async () => {
    await run(SampleGenerator, 'sample').withOptions({ yes: true, language: 'python' } as never);
    assert.deepEqual(readdirSync(result.cwd).sort(), ['.yo-rc.json', 'app.py', 'requirements.txt']);
  });
  it('the app generator composes compose and ci when asked', async () => {
    await run(AppGenerator, 'app').withOptions({ yes: true, skipVerify: true, compose: true, ci: true } as never);
    result.assertFile(['Dockerfile', 'compose.yaml', '.github/workflows/docker.yml']);
  });
});

describe('slim-docker eject-templates', () => {
  it('writes every built-in template and TEMPLATES.md; ejected templates render identically', async () => {
    await run(EjectTemplatesGenerator, 'eject-templates').withArguments(['team-templates']);
    const dir = join(result.cwd, 'team-templates');
    assert.match(readFileSync(join(dir, 'TEMPLATES.md'), 'utf8'), /## Data each template receives/);
    for (const pack of LANGUAGE_PACKS) {
      for (const sampleApp of [true, false]) {
        const answers = {
          appName: 'x',
          language: pack.id,
          framework: pack.defaultFramework,
          entrypoint: pack.sampleEntrypoint,
          runtimeVersion: pack.defaultVersion,
          port: 8080,
          base: pack.defaultBase,
          sampleApp,
          buildkit: true,
        };
        const planned = plan(answers, { folderName: 'x', empty: true, detected: [] });
        assert.deepEqual(await renderAll(planned, dir), await renderAll(planned), `${pack.id} sample=${sampleApp}`);
      }
    }
  });
  it('an edited ejected template is used through --templates, the rest fall back', async () => {
    // Ejected outside yeoman-test's folders (it cleans the previous one when the next run starts).
    const dir = tempDir('ejected-');
    await run(EjectTemplatesGenerator, 'eject-templates').withArguments([dir]);
    writeFileSync(join(dir, 'python/dockerignore.ejs'), '.git\n# team rule\n');
    await run(AppGenerator, 'app').withOptions({ yes: true, skipVerify: true, templates: dir } as never);
    assert.equal(readFileSync(join(result.cwd, '.dockerignore'), 'utf8'), '.git\n# team rule\n');
    assert.match(readFileSync(join(result.cwd, 'Dockerfile'), 'utf8'), /FROM python:/);
  });
  it('a missing --templates folder is an error, not a silent fallback', async () => {
    await assert.rejects(
      run(AppGenerator, 'app').withOptions({
        yes: true,
        skipVerify: true,
        templates: '/nonexistent/templates',
      } as never),
      /--templates: .* does not exist/,
    );
  });
});
