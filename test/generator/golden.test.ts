/**
 * Golden outputs: the Dockerfile and .dockerignore generated for every example (test/examples/<case>/golden/)
 * and for every sample app, language × base × BuildKit on/off (test/golden/<language>-<base>-<buildkit|nobuildkit>/),
 * compared byte for byte. Nothing is masked: each run happens in a folder named after its case, so even
 * the app name is fixed.
 *
 * After an intended change, rewrite them and review the diff:
 *   SLIM_DOCKER_CAPTURE=1 npx mocha test/generator/golden.test.ts
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, it } from 'mocha';
import { prepareCommand } from 'yeoman-environment';
import helpers from 'yeoman-test';
import AppGenerator from '../../generators/app/index.js';
import { LANGUAGE_PACKS } from '../../src/languages/index.js';
import {
  DOCKERIGNORE_GOLDEN,
  GOLDEN_ROOT,
  SAMPLE_BASES,
  copyProject,
  loadExamples,
  plantedNames,
  sampleGoldens,
  type Example,
} from '../support/examples.js';
import { withRecordedPypi } from '../support/pypi-fixture.js';
import { copyTree, tempDir, treeHash } from '../support/temp-tree.js';

const resolved = fileURLToPath(new URL('../../generators/app/index.ts', import.meta.url));
const CAPTURE = process.env.SLIM_DOCKER_CAPTURE === '1';
/** Flags every golden run adds: no engine, no registry. */
const GOLDEN_FLAGS = ['--skip-verify', '--skip-install'];

/**
 * The generator options the bin passes for these flags: parsed by the same yeoman-environment command
 * the bin builds from the generator's declared options (so `--no-buildkit` and friends mean the same).
 */
async function optionsFor(flags: readonly string[]): Promise<Record<string, unknown>> {
  const command = await prepareCommand({ generator: AppGenerator as never, resolved, namespace: 'slim-docker:app' });
  let options: Record<string, unknown> | undefined;
  command.exitOverride().action(function (this: Command) {
    options = this.opts();
  });
  await command.parseAsync([...flags], { from: 'user' });
  assert.ok(options, `flags not parsed: ${flags.join(' ')}`);
  return options;
}

/**
 * Runs the app generator through yeoman-test with the flags, in `dir` (its name becomes the app name),
 * holding a copy of `project` when given. Returns dir.
 */
async function generate(dir: string, flags: readonly string[], project?: string): Promise<string> {
  const options = await optionsFor([...flags, ...GOLDEN_FLAGS]);
  await helpers
    .run(AppGenerator as never, { resolved, namespace: 'slim-docker:app' })
    .inDir(dir, () => project && copyTree(project, dir))
    .withOptions(options as never);
  return dir;
}

/** The example's project as a user has it (placeholders such as .gitkeep left out), copied once. */
const copies = new Map<string, string>();
function projectCopy(example: Example): string {
  if (!copies.has(example.name)) copies.set(example.name, copyProject(example));
  return copies.get(example.name)!;
}

const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

/** Compares (or, capturing, writes) the two goldens of one generated folder. */
function compareGoldens(generated: string, goldenDir: string, label: string): void {
  const pairs = [
    ['Dockerfile', 'Dockerfile'],
    ['.dockerignore', DOCKERIGNORE_GOLDEN],
  ] as const;
  for (const [file, golden] of pairs) {
    const actual = read(join(generated, file));
    assert.ok(actual !== undefined, `${label}: the generator wrote no ${file}`);
    if (CAPTURE) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(join(goldenDir, golden), actual);
      continue;
    }
    const expected = read(join(goldenDir, golden));
    assert.ok(
      expected !== undefined,
      `${label}: no golden ${join(goldenDir, golden)}; capture with SLIM_DOCKER_CAPTURE=1`,
    );
    // Byte for byte; assert.equal's diff shows where (rerun with SLIM_DOCKER_CAPTURE=1 if the change is intended).
    assert.equal(actual, expected, `${label}: ${file} differs from ${join(goldenDir, golden)}`);
  }
}

/** The checks example.json states about generated files (these are not captured: they hold when goldens move). */
function checkExpectations(example: Example, dir: string, before: Record<string, string>): void {
  const { expect } = example;
  const after = treeHash(dir);
  const dockerfile = read(join(dir, 'Dockerfile')) ?? '';
  for (const pattern of expect.dockerfile ?? [])
    assert.match(dockerfile, new RegExp(pattern, 'm'), `${example.name}: Dockerfile`);
  for (const file of expect.keeps ?? [])
    assert.equal(
      read(join(dir, file)),
      read(join(example.projectDir, file)),
      `${example.name}: ${file} stays the user's`,
    );
  for (const [file, contents] of Object.entries(expect.files ?? {}))
    assert.equal(read(join(dir, file)), contents, `${example.name}: ${file}`);
  // A user's .dockerignore is merged, never replaced: their lines come first, in order.
  const mine = read(join(example.projectDir, '.dockerignore'));
  if (mine !== undefined)
    assert.ok(
      read(join(dir, '.dockerignore'))!.startsWith(mine),
      `${example.name}: the user's .dockerignore lines come first`,
    );
  if (expect.writes) {
    // --skip-install: the install step's own output (the sample's lockfile) is not written here, and
    // nothing is planted, so nothing lands inside planted folders either.
    const installed = expect.lockfileCreated ? [example.language === 'rust' ? 'Cargo.lock' : 'package-lock.json'] : [];
    const planted = plantedNames(example);
    const expected = expect.writes.filter(
      (file) => !installed.includes(file) && !planted.some((name) => file.startsWith(`${name}/`)),
    );
    const added = Object.keys(after)
      .filter((path) => !(path in before))
      .sort();
    assert.deepEqual(added, expected.sort(), `${example.name}: files written`);
  }
  for (const [path, hash] of Object.entries(before)) {
    if (!(expect.changes ?? []).includes(path)) assert.equal(after[path], hash, `${example.name}: ${path} unchanged`);
  }
}

describe('goldens: every example', () => {
  for (const example of loadExamples()) {
    if (example.generates) {
      it(`${example.name}: Dockerfile and .dockerignore as in ${example.name}/golden/`, async () => {
        const dir = join(tempDir('slim-golden-'), example.name);
        await withRecordedPypi(dirname(example.projectDir), () => generate(dir, example.flags, projectCopy(example)));
        compareGoldens(dir, example.goldenDir, example.name);
        checkExpectations(example, dir, treeHash(projectCopy(example)));
      });
    } else {
      it(`${example.name}: ${example.command === 'verify' ? 'a verify example (it builds its own Dockerfile)' : 'refused with a clear error and no file written'}, so no golden`, async () => {
        if (CAPTURE) rmSync(example.goldenDir, { recursive: true, force: true });
        assert.ok(!existsSync(example.goldenDir), `${example.name}: stale ${example.goldenDir}`);
        if (example.command !== 'app') return;
        const dir = join(tempDir('slim-golden-'), example.name);
        await assert.rejects(generate(dir, example.flags, projectCopy(example)), (error: Error) => {
          for (const pattern of example.expect.output ?? []) assert.match(error.message, new RegExp(pattern, 'm'));
          return true;
        });
        assert.deepEqual(treeHash(dir), treeHash(projectCopy(example)), 'no file written');
      });
    }
  }
});

describe('goldens: sample app, every language × base × BuildKit on/off', () => {
  it('the matrix covers every base of every language pack', () => {
    assert.deepEqual(
      Object.fromEntries(LANGUAGE_PACKS.map((pack) => [pack.id, pack.bases.map((base) => base.id)])),
      SAMPLE_BASES,
    );
  });
  it('test/golden holds exactly the matrix (no stale folders)', () => {
    const expected = sampleGoldens()
      .map((golden) => golden.name)
      .sort();
    if (CAPTURE && existsSync(GOLDEN_ROOT)) {
      for (const name of readdirSync(GOLDEN_ROOT))
        if (!expected.includes(name)) rmSync(join(GOLDEN_ROOT, name), { recursive: true, force: true });
      return;
    }
    assert.deepEqual(readdirSync(GOLDEN_ROOT).sort(), expected);
  });
  for (const golden of sampleGoldens()) {
    it(`${golden.name}: ${golden.flags.join(' ')}`, async () => {
      // The folder name is the app name the files carry: the golden's own name.
      const dir = await generate(join(tempDir('slim-golden-'), golden.name), golden.flags);
      compareGoldens(dir, golden.dir, golden.name);
    });
  }
});
