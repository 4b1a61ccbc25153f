/**
 * Team presets (issue 23), resolution and merge: a preset is an npm package found the way Node finds
 * one from the project; its config goes through the same validator (one line naming the preset and the
 * field); presets, the local config and flags merge in the documented order, later wins, and a lock is
 * never loosened (a conflict names both sources).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { InputError, exitCodeOf } from '../../src/errors.js';
import { parseArguments, commandNamed } from '../../src/input/commands.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import type { Facts } from '../../src/model.js';
import { withPresets } from '../../src/presets/index.js';
import { mergeLayers } from '../../src/presets/merge.js';
import { findPreset, parsePresetNames } from '../../src/presets/resolve.js';
import { loadTeamConfig, teamAnswers } from '../../src/team-config.js';
import { installPreset, projectWithPresets } from '../support/presets.js';
import { tempDir } from '../support/temp-tree.js';

const facts: Facts = { folderName: 'svc', empty: true, detected: [] };
const field = (pattern: RegExp) => (error: unknown) =>
  error instanceof InputError && pattern.test(error.field) && exitCodeOf(error) === 2;

describe('presets: names and resolution', () => {
  it('--preset is repeatable and takes comma lists; a name that is not a package is refused', () => {
    assert.deepEqual(parsePresetNames('--preset', ['a,@acme/b', ' c ', 'a']), ['a', '@acme/b', 'c']);
    assert.deepEqual(parsePresetNames('--preset', 'a,b'), ['a', 'b']);
    assert.throws(() => parsePresetNames('--preset', '../evil'), field(/^--preset$/));
    assert.throws(() => parsePresetNames('--preset', 'Bad Name'), field(/^--preset$/));
    const { options } = parseArguments(commandNamed('app'), ['--preset', 'a', '--preset=b,c']);
    assert.deepEqual(parsePresetNames('--preset', options.preset), ['a', 'b', 'c']);
  });

  it("is found in the project's node_modules, then in a parent folder's, like require()", () => {
    const project = projectWithPresets([{ name: '@acme/slim-docker-preset', config: { defaults: { port: 8000 } } }]);
    const found = findPreset(project, '@acme/slim-docker-preset', '--preset', 'flag');
    assert.equal(found.name, '@acme/slim-docker-preset');
    assert.equal(found.version, '1.0.0');
    assert.match(found.config, /slim-docker\.json$/);
    const sub = join(project, 'services', 'api');
    mkdirSync(sub, { recursive: true });
    assert.equal(findPreset(sub, '@acme/slim-docker-preset', '--preset', 'flag').dir, found.dir);
  });

  it('a global prefix (npm_config_prefix) is searched after the project', () => {
    const prefix = tempDir('slim-prefix-');
    installPreset(join(prefix, 'lib', 'node_modules'), { name: 'global-preset', config: {} });
    const project = projectWithPresets([]);
    const env = { ...process.env, npm_config_prefix: prefix };
    assert.equal(findPreset(project, 'global-preset', '--preset', 'flag', env).name, 'global-preset');
  });

  it('a missing preset, a package that is no preset, and paths out of the package are one line each (exit 2)', () => {
    const project = projectWithPresets([
      { name: 'not-a-preset', config: {}, pkg: { keywords: [], 'slim-docker': undefined } },
      { name: 'escapes', config: {}, pkg: { 'slim-docker': { config: '../../package.json' } } },
    ]);
    assert.throws(
      () => findPreset(project, 'nowhere-preset', '--preset', 'flag', { PATH: '' }),
      (error: unknown) => field(/^--preset$/)(error) && /not installed.*npm install/.test((error as Error).message),
    );
    assert.throws(() => findPreset(project, 'not-a-preset', '--preset', 'flag'), /is not a slim-docker preset/);
    assert.throws(() => findPreset(project, 'escapes', '--preset', 'flag'), /leaves the package/);
  });

  it("validates the preset's config with the team-config validator, naming the preset and the field", () => {
    const project = projectWithPresets([
      { name: 'bad-preset', config: { registry: 'UPPER CASE' } },
      { name: 'nested-preset', config: { extends: 'other' } },
    ]);
    assert.throws(() => withPresets(project, undefined, 'bad-preset'), field(/^preset bad-preset@1\.0\.0 registry$/));
    assert.throws(() => withPresets(project, undefined, 'nested-preset'), /cannot extend another preset/);
  });

  it('"extends" (a string or a list) in .slim-docker.json brings presets in, before the local config', () => {
    const project = projectWithPresets(
      [
        { name: 'base-preset', config: { defaults: { port: 8000, base: 'slim' }, labels: { a: '1', b: '1' } } },
        { name: 'web-preset', version: '2.1.0', config: { defaults: { port: 9000 }, labels: { b: '2' } } },
      ],
      { extends: ['base-preset', 'web-preset'], defaults: { base: 'full' }, registry: 'mirror.example' },
    );
    const local = loadTeamConfig(project)!;
    assert.deepEqual(local.extends, ['base-preset', 'web-preset']);
    const team = withPresets(project, local, undefined)!;
    assert.deepEqual(team.defaults, { port: 9000, base: 'full' });
    assert.deepEqual(team.labels, { a: '1', b: '2' });
    assert.equal(team.registry, 'mirror.example/');
    assert.deepEqual(
      team.presets!.map((preset) => [preset.name, preset.version, preset.via]),
      [
        ['base-preset', '1.0.0', 'extends'],
        ['web-preset', '2.1.0', 'extends'],
      ],
    );
    assert.equal(team.sources!.defaults.port, 'preset web-preset@2.1.0');
    assert.equal(team.sources!.defaults.base, local.path);
    // A string is one preset; --preset adds after the config's own, before the local config.
    writeFileSync(join(project, '.slim-docker.json'), JSON.stringify({ extends: 'base-preset' }));
    const merged = withPresets(project, loadTeamConfig(project)!, 'web-preset')!;
    assert.deepEqual(
      merged.presets!.map((preset) => `${preset.name}:${preset.via}`),
      ['base-preset:extends', 'web-preset:flag'],
    );
  });

  it('the last source with templates gives the templates folder; a preset folder resolves inside its package', () => {
    const project = projectWithPresets([
      { name: 'tpl-a', config: {}, templates: { 'python/Dockerfile.ejs': 'FROM a\n' } },
      { name: 'tpl-b', config: {}, templates: { 'node/Dockerfile.ejs': 'FROM b\n' } },
    ]);
    const team = withPresets(project, undefined, 'tpl-a,tpl-b')!;
    assert.match(team.templates!, /tpl-b[\\/]templates$/);
  });
});

describe('presets: merge order and locks', () => {
  const layer = (label: string, part: { defaults?: object; locked?: object }) => ({
    path: `/x/${label}.json`,
    discovered: false,
    defaults: { ...part.defaults } as Record<string, unknown>,
    locked: { ...part.locked } as Record<string, unknown>,
    registry: '',
    labels: {},
    preset: { name: label, version: '1.0.0', via: 'flag' as const, dir: `/x/${label}` },
  });

  it('later wins for defaults; a later lock tightens an earlier default', () => {
    const team = mergeLayers([
      layer('a', { defaults: { port: 8000, base: 'slim' } }),
      layer('b', { locked: { base: 'full' } }),
    ]);
    assert.deepEqual(team.defaults, { port: 8000 });
    assert.deepEqual(team.locked, { base: 'full' });
    assert.equal(team.sources!.locked.base, 'preset b@1.0.0');
  });

  it('a later source cannot change or unlock a lock; the error names both sources', () => {
    for (const later of [{ locked: { base: 'full' } }, { defaults: { base: 'full' } }]) {
      assert.throws(
        () => mergeLayers([layer('a', { locked: { base: 'slim' } }), layer('b', later)]),
        (error: unknown) =>
          field(/^preset b@1\.0\.0 (locked|defaults)\.base$/)(error) &&
          /locked by preset a@1\.0\.0/.test((error as Error).message),
      );
    }
    // The same value again is no conflict; the first source keeps the credit.
    const same = mergeLayers([layer('a', { locked: { base: 'slim' } }), layer('b', { locked: { base: 'slim' } })]);
    assert.equal(same.sources!.locked.base, 'preset a@1.0.0');
  });

  it('a flag that disagrees with a lock names the preset that locked it', async () => {
    const team = mergeLayers([layer('a', { locked: { port: 8000 } }), layer('b', { defaults: { base: 'slim' } })]);
    await assert.rejects(
      resolveAnswers({
        flags: { language: 'python', port: '9000' },
        saved: {},
        facts,
        team: teamAnswers(team),
        yes: true,
      }),
      (error: unknown) => field(/^--port$/)(error) && /\(preset a@1\.0\.0\)/.test((error as Error).message),
    );
    const { answers } = await resolveAnswers({
      flags: { language: 'python' },
      saved: {},
      facts,
      team: teamAnswers(team),
      yes: true,
    });
    assert.equal(answers.port, 8000);
  });

  it("a bad answer in a preset's defaults names the preset and the field", async () => {
    const team = mergeLayers([layer('a', { defaults: { port: 'http' } })]);
    await assert.rejects(
      resolveAnswers({ flags: { language: 'python' }, saved: {}, facts, team: teamAnswers(team), yes: true }),
      field(/^preset a@1\.0\.0 defaults\.port$/),
    );
  });
});
