/** Detection over the examples corpus: what detect(project) finds is what each example.json says. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { dirname, join } from 'node:path';
import { lookupReleases } from '../../src/languages/pypi-lookup.js';
import { pypiSettings } from '../../src/input/pypi-settings.js';
import { withRecordedPypi } from '../support/pypi-fixture.js';
import { copyProject, loadExample, loadExamples, plant } from '../support/examples.js';
import { tempTree, writeTree } from '../support/temp-tree.js';

describe('detection over the examples (test/examples/*/example.json "detect")', () => {
  const examples = loadExamples();

  it('the corpus loads and every example.json is valid', () => {
    assert.ok(examples.length >= 10, `${examples.length} examples`);
  });

  it('an invalid example.json is refused, naming the file and each problem', () => {
    const bad = tempTree('slim-bad-example-', {
      'Bad_Name/example.json': JSON.stringify({
        description: 'x',
        flags: ['--yes', '--port', '80', '--runtime-version', '3.12'],
        detect: null,
        e2e: true,
        plant: false,
        bulk: ['.git'],
        expect: { exitCode: 0, verify: null, surprise: 1 },
      }),
    });
    assert.throws(() => loadExample(join(bad, 'Bad_Name')), /Bad_Name\/example\.json:\n.*surprise/s);
    writeTree(bad, {
      'Bad_Name/example.json': JSON.stringify({
        description: 'x',
        flags: ['--yes', '--port', '80', '--runtime-version', '3.12'],
        detect: null,
        e2e: true,
        plant: false,
        bulk: ['.git'],
        expect: { exitCode: 0, output: ['('], verify: null },
      }),
    });
    assert.throws(
      () => loadExample(join(bad, 'Bad_Name')),
      (error: Error) => {
        for (const problem of [
          'valid image name',
          'project/ is missing',
          '--port is set by the harness',
          'drop --runtime-version',
          'bulk/planted need plant: true',
          'expect.verify is required',
          'expect.output',
        ]) {
          assert.ok(error.message.includes(problem), `${problem} in:\n${error.message}`);
        }
        return true;
      },
    );
  });

  for (const example of examples) {
    const { detect: expected } = example;
    it(`${example.name}: ${expected ? `${expected.language}${expected.framework ? `/${expected.framework}` : ''}` : 'an empty folder (sample app)'}`, async () => {
      // A planted .env and bulky .git/virtualenv/node_modules must not change what is found (detection
      // never reads them). Planted extras (a stale bin/) are files of the user's and may count.
      const dir = copyProject(example);
      plant(example, dir, { megabytes: 0, extras: false });
      // An example with recorded PyPI answers (pypi/) is detected as a generation run would (pins looked up).
      const facts = await withRecordedPypi(dirname(example.projectDir), async (index) =>
        detect(dir, undefined, index && { pypiLookup: (pins) => lookupReleases(pins, pypiSettings(process.env)!) }),
      );
      if (expected === null) {
        assert.equal(facts.empty, true, 'empty');
        assert.deepEqual(facts.detected, []);
        return;
      }
      assert.equal(facts.empty, false, 'not empty');
      // One language, or one that serves beside others taken for tooling (detect/servable.ts says why).
      assert.ok(facts.detected.length === 1 || facts.languageNote !== undefined, JSON.stringify(facts.detected));
      assert.equal(facts.language, expected.language);
      const found = facts.detected.find((candidate) => candidate.language === facts.language)!;
      assert.deepEqual(
        {
          language: found.language,
          framework: found.framework ?? null,
          entrypoint: found.entrypoints[0] ?? null,
          port: found.port ?? null,
          runtimeVersion: found.runtimeVersion ?? null,
        },
        {
          language: expected.language,
          framework: expected.framework,
          entrypoint: expected.entrypoint,
          port: expected.port,
          runtimeVersion: expected.runtimeVersion,
        },
      );
      if (expected.packageManager !== undefined)
        assert.equal(found.packageManager ?? null, expected.packageManager, 'packageManager');
      if (expected.versionSource !== undefined)
        assert.equal(found.versionSource ?? null, expected.versionSource, 'versionSource');
      if (expected.extraPackages) assert.deepEqual(found.extraPackages, expected.extraPackages, 'extraPackages');
      if (expected.dependencyFiles)
        assert.deepEqual(found.dependencyFiles, expected.dependencyFiles, 'dependencyFiles');
      if (expected.statePaths) assert.deepEqual(found.statePaths ?? [], expected.statePaths, 'statePaths');
      if (expected.releaseCommands)
        assert.deepEqual(found.releaseCommands ?? [], expected.releaseCommands, 'releaseCommands');
      for (const [key, value] of Object.entries(expected.extra ?? {}))
        assert.deepEqual((found.extra as Record<string, unknown>)[key], value, `extra.${key}`);
      for (const [key, value] of Object.entries(expected.facts ?? {}))
        assert.deepEqual((found as unknown as Record<string, unknown>)[key], value, key);
      if (expected.portEnv !== undefined) assert.equal(found.portEnv ?? null, expected.portEnv, 'portEnv');
      if (expected.allowedVersions !== undefined)
        assert.deepEqual(found.allowedVersions ?? null, expected.allowedVersions, 'allowedVersions');
      if (expected.services) assert.deepEqual(found.services ?? [], expected.services, 'services');
      if (expected.notes) {
        const notes = found.notes ?? [];
        assert.equal(notes.length, expected.notes.length, notes.join('\n'));
        expected.notes.forEach((pattern, i) => assert.match(notes[i], new RegExp(pattern)));
      }
      const problems = expected.problems ?? [];
      assert.equal(found.problems.length, problems.length, found.problems.join('\n'));
      problems.forEach((pattern, i) => assert.match(found.problems[i], new RegExp(pattern)));
    });
  }
});
