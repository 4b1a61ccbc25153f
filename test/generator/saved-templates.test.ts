/**
 * Team templates are remembered (issue 22 item 10): `--templates DIR` is saved in .yo-rc.json as a path
 * relative to the project, a re-run renders with it, and, as for a found team config, it is used only
 * as the user trusted it (their own trust store, a SHA-256 per file): else asked, or refused under --yes.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'mocha';
import helpers from 'yeoman-test';
import ComposeGenerator from '../../generators/compose/index.js';
import { TEMPLATES_DIR } from '../../src/render.js';
import { runApp } from '../support/generator-run.js';
import { tempDir } from '../support/temp-tree.js';

const KEY = 'generator-slim-docker';
const MARK = '# Approved by the platform team.';

/** A project folder beside a team templates folder whose Python Dockerfile carries MARK. */
function setup(name: string): { dir: string; templates: string } {
  const parent = tempDir('slim-saved-templates-');
  const templates = join(parent, 'team-templates');
  mkdirSync(join(templates, 'python'), { recursive: true });
  const builtIn = readFileSync(join(TEMPLATES_DIR, 'python', 'Dockerfile.ejs'), 'utf8');
  writeFileSync(join(templates, 'python', 'Dockerfile.ejs'), `${MARK}\n${builtIn}`);
  const dir = join(parent, name);
  mkdirSync(dir);
  return { dir, templates };
}
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const saved = (dir: string) => JSON.parse(read(dir, '.yo-rc.json'))[KEY];

describe('--templates is saved, and a re-run uses it once trusted', () => {
  let savedXdg: string | undefined;
  const asUser = () => (process.env.XDG_CONFIG_HOME = tempDir('slim-saved-templates-xdg-'));
  before(() => {
    savedXdg = process.env.XDG_CONFIG_HOME;
    asUser();
  });
  after(() => {
    if (savedXdg === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = savedXdg;
  });

  it('saved relative to the project; a re-run with --yes keeps the team template (never "regenerated" without it)', async () => {
    const { dir } = setup('shop');
    await runApp(dir, { yes: true, templates: '../team-templates' });
    assert.ok(read(dir, 'Dockerfile').startsWith(MARK));
    assert.equal(saved(dir).templates, '../team-templates');
    const again = await runApp(dir, { yes: true });
    assert.ok(read(dir, 'Dockerfile').startsWith(MARK), 'the team template still renders');
    assert.match(again.log, /Templates: \.\.\/team-templates \(saved in \.yo-rc\.json; trusted on \d{4}-\d\d-\d\d\)/);
    assert.doesNotMatch(again.log, /regenerated/);
    assert.equal(saved(dir).templates, '../team-templates');
  });

  it('another user (no trust recorded) under --yes: refused with one line naming --templates, nothing written', async () => {
    const { dir } = setup('clone');
    await runApp(dir, { yes: true, templates: '../team-templates' });
    const before = read(dir, '.yo-rc.json');
    asUser();
    await assert.rejects(
      runApp(dir, { yes: true }),
      /\.yo-rc\.json "templates": \.\.\/team-templates is not trusted by you yet; templates are code .*rerun with --templates \.\.\/team-templates to use it/,
    );
    assert.equal(read(dir, '.yo-rc.json'), before);
  });

  it('a template changed since it was trusted is asked about: trust uses it, ignore renders the built-in one', async () => {
    const { dir, templates } = setup('changed');
    await runApp(dir, { yes: true, templates: '../team-templates' });
    const file = join(templates, 'python', 'Dockerfile.ejs');
    writeFileSync(file, read(templates, 'python/Dockerfile.ejs').replace(MARK, `${MARK} v2`));
    await assert.rejects(runApp(dir, { yes: true }), /changed since you trusted it \(python\/Dockerfile\.ejs\)/);
    const ignored = await runApp(dir, {}, { savedTemplates: 'ignore' });
    assert.ok(ignored.asked.includes('savedTemplates'));
    assert.ok(!read(dir, 'Dockerfile').includes(MARK), 'built-in templates this time');
    assert.equal(saved(dir).templates, '../team-templates', 'still saved');
    const trusted = await runApp(dir, {}, { savedTemplates: 'trust' });
    assert.match(trusted.log, /trusted; recorded in /);
    assert.ok(read(dir, 'Dockerfile').startsWith(`${MARK} v2`));
    // Trusted now: asked no more.
    const quiet = await runApp(dir, { yes: true });
    assert.match(quiet.log, /Templates: \.\.\/team-templates \(saved/);
  });

  it('a saved folder that is gone is one line naming what to do', async () => {
    const { dir } = setup('gone');
    await runApp(dir, { yes: true, templates: '../team-templates' });
    writeFileSync(
      join(dir, '.yo-rc.json'),
      JSON.stringify({ [KEY]: { ...saved(dir), templates: 'missing' } }, null, 2),
    );
    await assert.rejects(
      runApp(dir, { yes: true }),
      /"templates": missing is not a folder here; rerun with --templates DIR/,
    );
  });

  it('slim-docker compose renders with the saved folder too (its compose template)', async () => {
    const { dir, templates } = setup('composed');
    mkdirSync(join(templates, 'compose'));
    const builtIn = readFileSync(join(TEMPLATES_DIR, 'compose', 'compose.yaml.ejs'), 'utf8');
    writeFileSync(join(templates, 'compose', 'compose.yaml.ejs'), `${MARK}\n${builtIn}`);
    await runApp(dir, { yes: true, templates: '../team-templates' });
    await helpers
      .run(ComposeGenerator as never, {
        resolved: fileURLToPath(new URL('../../generators/compose/index.ts', import.meta.url)),
        namespace: 'slim-docker:compose',
      })
      .cd(dir)
      .withOptions({ yes: true, force: false } as never);
    assert.ok(read(dir, 'compose.yaml').startsWith(MARK), read(dir, 'compose.yaml'));
  });
});
