/**
 * `slim-docker preset init DIR` (issue 23): a ready preset package, accepted by the preset reader, whose
 * templates a project then renders through --preset.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import helpers from 'yeoman-test';
import PresetGenerator from '../../generators/preset/index.js';
import { InputError } from '../../src/errors.js';
import { LANGUAGE_IDS } from '../../src/languages/index.js';
import { readPresetPackage } from '../../src/presets/resolve.js';
import { runApp } from '../support/generator-run.js';
import { tempDir } from '../support/temp-tree.js';

const resolved = fileURLToPath(new URL('../../generators/preset/index.ts', import.meta.url));
const init = (cwd: string, args: string[], options: Record<string, unknown>) =>
  helpers
    .run(PresetGenerator as never, { resolved, namespace: 'slim-docker:preset' })
    .cd(cwd)
    .withArguments(args)
    .withOptions(options as never);

describe('slim-docker preset init', () => {
  it('writes package.json (keyword, files, peer), the config, templates of the languages asked, README and a test', async () => {
    const cwd = tempDir('slim-preset-init-');
    await init(cwd, ['init', 'acme'], { yes: true, name: '@acme/slim-docker-preset', languages: 'python,go' });
    const dir = join(cwd, 'acme');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.name, '@acme/slim-docker-preset');
    assert.deepEqual(pkg.keywords, ['slim-docker-preset']);
    assert.deepEqual(pkg['slim-docker'], { config: 'slim-docker.json', templates: 'templates' });
    assert.deepEqual(pkg.files, ['slim-docker.json', 'templates', 'README.md']);
    assert.ok(pkg.peerDependencies['generator-slim-docker']);
    assert.ok(pkg.devDependencies['yeoman-test'] && pkg.devDependencies.mocha);
    for (const file of ['python/Dockerfile.ejs', 'go/Dockerfile.ejs', 'common/dockerignore-secrets.ejs'])
      assert.ok(existsSync(join(dir, 'templates', file)), file);
    assert.equal(existsSync(join(dir, 'templates', 'node')), false, 'only the languages asked');
    const test = readFileSync(join(dir, 'test', 'preset.test.js'), 'utf8');
    assert.match(test, /yeoman-test/);
    assert.match(test, /'verify'/);
    for (const id of LANGUAGE_IDS) assert.ok(test.includes(`"${id}"`), `the test renders ${id}`);
    assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /"extends": "@acme\/slim-docker-preset"/);
    const found = readPresetPackage(dir, '--preset', 'flag');
    assert.equal(found.templates, join(dir, 'templates'));

    // A project installs it (a link in node_modules, as `npm install ../acme` makes) and renders through it.
    writeFileSync(
      join(dir, 'templates', 'python', 'Dockerfile.ejs'),
      `# acme standard image\n${readFileSync(join(dir, 'templates', 'python', 'Dockerfile.ejs'), 'utf8')}`,
    );
    const project = join(tempDir('slim-preset-use-'), 'svc');
    mkdirSync(join(project, '..', 'node_modules', '@acme'), { recursive: true });
    symlinkSync(dir, join(project, '..', 'node_modules', '@acme', 'slim-docker-preset'), 'dir');
    mkdirSync(project);
    await runApp(project, { yes: true, language: 'python', preset: '@acme/slim-docker-preset' });
    const dockerfile = readFileSync(join(project, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^# acme standard image/);
    assert.match(dockerfile, /LABEL .*org\.opencontainers\.image\.vendor="acme"/);
  });

  it('refuses a bad language, a bad name and a folder that is not empty (one line, exit 2)', async () => {
    const cwd = tempDir('slim-preset-init-');
    await assert.rejects(init(cwd, ['init', 'x'], { yes: true, languages: 'cobol' }), (error: unknown) => {
      return error instanceof InputError && error.field === '--languages';
    });
    await assert.rejects(init(cwd, ['init', 'x'], { yes: true, name: 'Not Valid' }), (error: unknown) => {
      return error instanceof InputError && error.field === '--name';
    });
    mkdirSync(join(cwd, 'full'));
    writeFileSync(join(cwd, 'full', 'a'), '');
    await assert.rejects(init(cwd, ['init', 'full'], { yes: true }), (error: unknown) => {
      return error instanceof InputError && error.field === 'DIR';
    });
    await assert.rejects(init(cwd, ['publish', 'y'], { yes: true }), (error: unknown) => {
      return error instanceof InputError && error.field === 'ACTION';
    });
  });
});
