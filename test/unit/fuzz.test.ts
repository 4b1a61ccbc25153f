/**
 * Property-based: every input is either rejected with a one-line InputError naming its field, or it
 * renders Dockerfiles that parse to the same instruction list as the defaults — no input can add an
 * instruction, break out of a quoted string or change the command the image runs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import fc from 'fast-check';
import { execArgs, isExecForm, parseDockerfile, type ParsedDockerfile } from '../../src/dockerfile-check.js';
import { InputError } from '../../src/errors.js';
import { LANGUAGE_IDS, LANGUAGE_PACKS } from '../../src/languages/index.js';
import { QUESTIONS } from '../../src/input/questions.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import type { Answers, Facts } from '../../src/model.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { parseTeamConfig, teamAnswers, type TeamConfig } from '../../src/team-config.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const facts: Facts = { folderName: 'fuzz', empty: true, detected: [] };

/** Hostile and ordinary values alike. */
const anyValue = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '5000\nRUN rm -rf /',
    '"]\nUSER root',
    '3.13\rCMD ["sh"]',
    '${PORT}',
    '$(id)',
    '`id`',
    'a\\\nb',
    'slim\u0000',
    '80 443',
    ' 8080 ',
    'python\n',
    '\u2028',
    '../../etc/passwd',
    'x"y',
    "a'b",
    '-1',
    '0x50',
    '1e3',
  ),
  fc.constantFrom(
    ...LANGUAGE_IDS,
    'flask',
    'express',
    'net/http',
    '3.13',
    '22',
    '1.24',
    '5000',
    'slim',
    'full',
    'alpine',
    'distroless',
    'scratch',
    'my-app',
  ),
  fc.integer({ min: -10, max: 70_000 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);

const keys = QUESTIONS.map((question) => question.key as string);
/**
 * A coherent set of answers for one language (some keys left out), with up to two fields replaced by
 * anything at all: most cases are near-valid, so both outcomes are exercised in every run.
 */
const coherent = fc.constantFrom(...LANGUAGE_PACKS).chain((pack) =>
  fc.record(
    {
      appName: fc.constantFrom('my-app', 'shop.api', 'a'),
      language: fc.constant(pack.id),
      framework: fc.constantFrom(...pack.frameworks),
      entrypoint: fc.constant(pack.sampleEntrypoint),
      runtimeVersion: fc.constantFrom(...pack.versions),
      port: fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }).map(String)),
      base: fc.constantFrom(...pack.bases.map((b) => b.id)),
      sampleApp: fc.constant(true),
      buildkit: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
);
const answerRecord = fc
  .tuple(coherent, fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 2 }), fc.boolean())
  .map(([good, bad, mutate]) => (mutate ? { ...good, ...bad } : good));
const input = fc.record({ flags: answerRecord, saved: answerRecord });

const keywords = (parsed: ParsedDockerfile) => parsed.instructions.map((i) => i.keyword).join(' ');
const command = (parsed: ParsedDockerfile) => JSON.stringify([execArgs(parsed, 'ENTRYPOINT'), execArgs(parsed, 'CMD')]);

async function dockerfiles(answers: Answers): Promise<ParsedDockerfile[]> {
  const files = await renderAll(plan(answers, facts));
  return files.filter((file) => file.kind === 'dockerfile').map((file) => parseDockerfile(file.contents));
}

describe(`fuzzed answers (${RUNS} cases per property)`, () => {
  it('flags and .yo-rc.json values: rejected with the field named, or rendered safely', async () => {
    let rejected = 0;
    let rendered = 0;
    await fc.assert(
      fc.asyncProperty(input, async ({ flags, saved }) => {
        // null means "not given" for a flag, as in the generator's option reading.
        const cleanFlags = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== null));
        let answers: Answers;
        try {
          answers = (await resolveAnswers({ flags: cleanFlags, saved, facts, yes: true })).answers;
        } catch (error) {
          assert.ok(error instanceof InputError, `not an InputError: ${String(error)}`);
          assert.match(error.field, /^(--[a-z-]+|\.yo-rc\.json "[a-zA-Z]+"|project)$/);
          const key = error.field.startsWith('--')
            ? error.field.slice(2)
            : (/"(\w+)"/.exec(error.field)?.[1] ?? error.field);
          // "project": answers that leave nothing to serve (no sample app and no project in the folder).
          assert.ok(
            key === 'project' || QUESTIONS.some((q) => q.flag === key || q.key === key),
            `field ${error.field} is a real question`,
          );
          assert.ok(!error.message.includes('\n') && !error.message.includes('\r'), 'one line');
          rejected++;
          return;
        }
        const fuzzed = await dockerfiles(answers);
        const baseline = await dockerfiles({ ...answers, appName: 'baseline', port: 8080 });
        const sameButName = await dockerfiles({ ...answers, appName: 'baseline' });
        assert.equal(fuzzed.length, baseline.length);
        fuzzed.forEach((parsed, index) => {
          assert.equal(keywords(parsed), keywords(baseline[index]), 'same instruction list');
          assert.equal(command(parsed), command(sameButName[index]), 'the app name never changes the command');
          for (const instruction of parsed.instructions.filter((i) => /^(CMD|ENTRYPOINT)$/.test(i.keyword))) {
            assert.ok(isExecForm(instruction.args), `${instruction.keyword} stays exec form`);
          }
          const expose = parsed.instructions.find((i) => i.keyword === 'EXPOSE');
          assert.equal(expose?.args, String(answers.port));
        });
        rendered++;
      }),
      { numRuns: RUNS },
    );
    // Both outcomes must really occur, or the property proved nothing.
    console.log(`fuzz: rejected ${rejected}, rendered ${rendered}`);
    assert.ok(rejected > RUNS / 10, `rejected ${rejected}`);
    assert.ok(rendered > RUNS / 10, `rendered ${rendered}`);
  });
});

describe(`fuzzed team config (${RUNS} cases)`, () => {
  it('every field: rejected naming the config field, or rendered without new instructions', async () => {
    const registry = fc.oneof(
      fc.constantFrom(
        'mycorp.example',
        'mirror.example:5000/library',
        'a/b',
        'UPPER.example',
        'x y',
        'evil\nRUN id',
        '',
        'host/',
      ),
      fc.string({ maxLength: 20 }),
    );
    const labelKey = fc.oneof(
      fc.constantFrom('org.opencontainers.image.vendor', 'com.example.team', 'Bad Key', 'a\nb', 'x'),
      fc.string({ maxLength: 10 }),
    );
    const labelValue = fc.oneof(
      fc.constantFrom('Example Corp', 'quote " and \\ backslash', '$HOME ${PATH}', 'line\nbreak', '\u0000', 'ünïcødé'),
      fc.string({ maxLength: 30 }),
    );
    const hostile = fc.record(
      {
        registry,
        labels: fc.dictionary(labelKey, labelValue, { maxKeys: 3 }),
        uid: fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.constant('1000')),
        defaults: fc.dictionary(fc.constantFrom(...keys, 'colour'), anyValue, { maxKeys: 3 }),
        locked: fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 3 }),
        extra: fc.constant(1),
      },
      { requiredKeys: [] },
    );
    // Mostly well-formed configs (so rendering is exercised), with hostile values still in the mix.
    const plausible = fc.record(
      {
        registry: fc.constantFrom('mycorp.example', 'mirror.example:5000/library', 'registry.local/team-a'),
        labels: fc.dictionary(
          fc.constantFrom('org.opencontainers.image.vendor', 'com.example.team', 'org.opencontainers.image.source'),
          labelValue,
          { maxKeys: 3 },
        ),
        uid: fc.integer({ min: 1000, max: 65533 }),
        defaults: fc.record(
          {
            port: fc.oneof(fc.integer({ min: 1, max: 65535 }), anyValue),
            base: fc.constantFrom('slim', 'full', 'alpine'),
          },
          { requiredKeys: [] },
        ),
        locked: fc.record(
          { runtimeVersion: fc.constantFrom('3.12', '3.13'), language: fc.constantFrom('python', 'node', 'go') },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    const config = fc.oneof({ arbitrary: plausible, weight: 3 }, { arbitrary: hostile, weight: 1 });
    let rejected = 0;
    let rendered = 0;
    await fc.assert(
      fc.asyncProperty(config, async (raw) => {
        let team: TeamConfig;
        let answers: Answers;
        try {
          team = parseTeamConfig(raw, '/team/.slim-docker.json', '.slim-docker.json', '/team/project');
          answers = (await resolveAnswers({ flags: {}, saved: {}, facts, team: teamAnswers(team), yes: true })).answers;
        } catch (error) {
          assert.ok(error instanceof InputError, String(error));
          assert.match(
            error.field,
            /^(\.slim-docker\.json( .+)?|\/team\/\.slim-docker\.json (locked|defaults)\.\w+|project)$/,
          );
          assert.ok(!error.message.includes('\n'), 'one line');
          rejected++;
          return;
        }
        const files = await renderAll(plan(answers, facts, team));
        // The team's uid may add the user it names (node's image user is replaced): compare with that uid.
        const plain = await renderAll(plan(answers, facts, { uid: team.uid }));
        for (const [index, file] of files.entries()) {
          if (file.kind !== 'dockerfile') continue;
          const parsed = parseDockerfile(file.contents);
          const base = parseDockerfile(plain[index].contents);
          // Team settings add at most one LABEL instruction; nothing else changes the instruction list.
          const labels = Object.keys(team.labels).length ? 1 : 0;
          const keywords = parsed.instructions.map((i) => i.keyword);
          assert.equal(keywords.filter((k) => k === 'LABEL').length, labels);
          assert.deepEqual(
            keywords.filter((k) => k !== 'LABEL'),
            base.instructions.map((i) => i.keyword),
          );
          assert.equal(command(parsed), command(base), 'team settings never change the command');
          if (team.uid !== undefined)
            assert.match(
              [...parsed.instructions].reverse().find((i) => i.keyword === 'USER')!.args,
              new RegExp(`^${team.uid}:`),
              'the team uid is the user',
            );
          for (const from of parsed.instructions.filter(
            (i) => i.keyword === 'FROM' && !/^(scratch|build)$/.test(i.args),
          )) {
            assert.ok(from.args.startsWith(team.registry), `${from.args} starts with ${team.registry}`);
          }
        }
        rendered++;
      }),
      { numRuns: RUNS },
    );
    console.log(`team fuzz: rejected ${rejected}, rendered ${rendered}`);
    assert.ok(rejected > RUNS / 10 && rendered > RUNS / 10, `rejected ${rejected}, rendered ${rendered}`);
  });
});

describe('fuzzed flags through the generator (yeoman-test)', () => {
  it('a rejected flag writes no file at all', async () => {
    const { default: helpers } = await import('yeoman-test');
    const { default: AppGenerator } = await import('../../generators/app/index.js');
    const { readdirSync } = await import('node:fs');
    const resolved = new URL('../../generators/app/index.ts', import.meta.url).pathname;
    const hostile = fc.constantFrom('5000\nRUN id', '"]', 'x y', '99999', 'latest', 'UPPER', '3.13\n', '');
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('port', 'appName', 'runtimeVersion', 'base', 'language', 'framework'),
        hostile,
        async (key, value) => {
          const context = helpers
            .run(AppGenerator as never, { resolved, namespace: 'slim-docker:app' })
            .withOptions({ yes: true, skipVerify: true, [key]: value } as never);
          try {
            await context;
          } catch (error) {
            assert.ok(error instanceof InputError, String(error));
            assert.deepEqual(readdirSync(context.targetDirectory!), [], 'nothing written');
            checked++;
          }
        },
      ),
      { numRuns: 40 },
    );
    assert.ok(checked > 20, `rejections checked: ${checked}`);
  });
});
