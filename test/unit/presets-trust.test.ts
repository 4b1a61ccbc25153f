/**
 * Team presets (issue 23), trust and .yo-rc.json: a preset named by `"extends"` is trusted like a found
 * config (its config, package.json, every template file and its version; a new version asks again); a
 * preset named with --preset is trusted by that act. The run saves each preset's name and resolved
 * version, and a re-run with another installed version says what changed before it writes.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { CancelledError, InputError } from '../../src/errors.js';
import { withPresets } from '../../src/presets/index.js';
import { presetChanges, presetRecords } from '../../src/presets/record.js';
import { decideTeamConfigTrust } from '../../src/presets/trust.js';
import type { Prompter } from '../../src/session/prompter.js';
import { ALL_TEAM_SETTINGS } from '../../src/session/trust.js';
import { loadTeamConfig } from '../../src/team-config.js';
import { runApp } from '../support/generator-run.js';
import { installPreset, presetFolder, projectWithPresets } from '../support/presets.js';
import { tempDir } from '../support/temp-tree.js';

const PY_TEMPLATE = { 'python/Dockerfile.ejs': readFileSync('templates/python/Dockerfile.ejs', 'utf8') };

function answering(choice: string): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async select(name, message) {
      asked.push(`${name}: ${message}`);
      return choice;
    },
    input: async () => '',
    confirm: async () => true,
  };
}

const options = (project: string, env: NodeJS.ProcessEnv, overrides: Record<string, unknown> = {}) => ({
  projectDir: project,
  yes: true,
  trustConfig: false,
  templatesFlag: false,
  uses: ALL_TEAM_SETTINGS,
  prompter: undefined as Prompter | undefined,
  log: () => undefined,
  env,
  ...overrides,
});

const registryPreset = (version = '1.0.0') => ({
  name: 'acme-preset',
  version,
  config: { registry: 'mirror.example', locked: { base: 'slim' } },
  templates: PY_TEMPLATE,
});

describe('presets: trust', () => {
  it('a preset from "extends" that sets more than answers needs trust: --yes refuses it, naming --trust-config and --preset', async () => {
    const project = projectWithPresets([registryPreset()], { extends: 'acme-preset' });
    const team = withPresets(project, loadTeamConfig(project), undefined)!;
    const env = { XDG_CONFIG_HOME: tempDir('slim-xdg-') };
    await assert.rejects(decideTeamConfigTrust(team, options(project, env)), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.field, 'preset acme-preset@1.0.0');
      assert.match(error.message, /not trusted yet.*--trust-config.*--preset acme-preset/);
      return true;
    });
  });

  it('trusted once (prompt or --trust-config), a new version or a changed template asks again', async () => {
    const project = projectWithPresets([registryPreset()], { extends: 'acme-preset' });
    const env = { XDG_CONFIG_HOME: tempDir('slim-xdg-') };
    const load = () => withPresets(project, loadTeamConfig(project), undefined)!;
    const trust = answering('trust');
    const decided = await decideTeamConfigTrust(load(), options(project, env, { yes: false, prompter: trust }));
    assert.equal(decided?.registry, 'mirror.example/');
    assert.match(decided!.templateHashes!['templates/python/Dockerfile.ejs'], /^sha256:/);
    assert.match(trust.asked[0], /^trustPreset: Use preset acme-preset@1\.0\.0\?.*not trusted yet/);
    const store = JSON.parse(readFileSync(join(env.XDG_CONFIG_HOME, 'slim-docker', 'trusted.json'), 'utf8'));
    assert.equal(store.configs['npm:acme-preset'].files.version, '1.0.0');
    assert.ok(await decideTeamConfigTrust(load(), options(project, env)), 'trusted from now on');
    // A new version: asked again, saying so.
    installPreset(presetFolder(project), registryPreset('1.1.0'));
    const again = answering('abort');
    await assert.rejects(
      decideTeamConfigTrust(load(), options(project, env, { yes: false, prompter: again })),
      CancelledError,
    );
    assert.match(again.asked[0], /a new version \(you trusted 1\.0\.0\)/);
    assert.ok(await decideTeamConfigTrust(load(), options(project, env, { trustConfig: true })));
    // One template file changed: named.
    writeFileSync(join(presetFolder(project), 'acme-preset', 'templates', 'python', 'Dockerfile.ejs'), '# edited\n');
    const changed = answering('ignore');
    const ignored = await decideTeamConfigTrust(load(), options(project, env, { yes: false, prompter: changed }));
    assert.match(changed.asked[0], /changed since you trusted it \(templates\/python\/Dockerfile\.ejs\)/);
    assert.equal(ignored?.registry, '', 'ignoring the preset keeps the local config without it');
    assert.deepEqual(ignored?.presets, []);
  });

  it('--preset is trusted by that act; a preset of answers only needs no trust', async () => {
    const env = { XDG_CONFIG_HOME: tempDir('slim-xdg-') };
    const project = projectWithPresets([
      registryPreset(),
      { name: 'answers-preset', config: { defaults: { port: 8000 } } },
    ]);
    const named = withPresets(project, undefined, 'acme-preset')!;
    assert.equal((await decideTeamConfigTrust(named, options(project, env)))?.registry, 'mirror.example/');
    writeFileSync(join(project, '.slim-docker.json'), JSON.stringify({ extends: 'answers-preset' }));
    const answers = withPresets(project, loadTeamConfig(project), undefined)!;
    assert.deepEqual((await decideTeamConfigTrust(answers, options(project, env)))?.defaults, { port: 8000 });
  });
});

describe('presets: .yo-rc.json', () => {
  it('records name, resolved version and what each preset set; another version says what changed', () => {
    const project = projectWithPresets([registryPreset()]);
    const before = presetRecords(withPresets(project, undefined, 'acme-preset'));
    assert.equal(before[0].name, 'acme-preset');
    assert.equal(before[0].version, '1.0.0');
    assert.match(before[0].templates!, /^sha256:/);
    installPreset(presetFolder(project), {
      ...registryPreset('1.2.0'),
      config: { registry: 'mirror.example', locked: { base: 'full' } },
    });
    const lines = presetChanges(before, withPresets(project, undefined, 'acme-preset'));
    assert.deepEqual(lines, [
      'Preset acme-preset: 1.0.0 (saved in .yo-rc.json) → 1.2.0 (installed now): locked.base "slim" → "full"',
    ]);
    assert.deepEqual(presetChanges(before, undefined), [
      'Preset acme-preset@1.0.0: used by the last run, not any more',
    ]);
  });

  it('a run with --preset saves the preset; a re-run after an upgrade says so before writing', async () => {
    const project = projectWithPresets([{ name: 'acme-preset', config: { locked: { port: 8000 } } }]);
    const first = await runApp(project, { yes: true, language: 'python', preset: 'acme-preset' });
    assert.match(first.log, /Team config: .*acme-preset/);
    assert.match(first.log, /^ {2}presets: acme-preset@1\.0\.0 \(--preset\)$/m);
    const saved = JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-slim-docker'];
    assert.equal(saved.port, 8000);
    assert.deepEqual(saved.presets, [{ name: 'acme-preset', version: '1.0.0', locked: { port: 8000 } }]);
    installPreset(presetFolder(project), {
      name: 'acme-preset',
      version: '1.1.0',
      config: { locked: { port: 8001 } },
    });
    const second = await runApp(project, { yes: true, force: true, preset: 'acme-preset' });
    assert.match(
      second.log,
      /Preset acme-preset: 1\.0\.0 \(saved in \.yo-rc\.json\) → 1\.1\.0 \(installed now\): locked\.port 8000 → 8001/,
    );
    const after = JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-slim-docker'];
    assert.equal(after.presets[0].version, '1.1.0');
    assert.equal(after.port, 8001);
    assert.match(readFileSync(join(project, 'Dockerfile'), 'utf8'), /EXPOSE 8001/);
  });
});
