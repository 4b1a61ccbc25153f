import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import { parse } from 'yaml';
import helpers, { result } from 'yeoman-test';
import ComposeGenerator from '../../generators/compose/index.js';
import { yamlString } from '../../src/escape.js';
import { LANGUAGE_PACKS } from '../../src/languages/index.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';

const resolved = fileURLToPath(new URL('../../generators/compose/index.ts', import.meta.url));
const KEY = 'generator-slim-docker';

/** Saved answers as the app generator writes them, for a pack's defaults. */
function answersFor(language: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const pack = LANGUAGE_PACKS.find((candidate) => candidate.id === language)!;
  return {
    appName: `team-${language}`,
    language,
    framework: pack.defaultFramework,
    entrypoint: (pack as unknown as { sampleEntrypoint?: string }).sampleEntrypoint,
    runtimeVersion: pack.defaultVersion,
    port: 4321,
    base: pack.defaultBase,
    sampleApp: false,
    buildkit: true,
    ...extra,
  };
}

/** The Dockerfile the app generator renders for these answers (the real templates). */
async function dockerfileFor(answers: Record<string, unknown>): Promise<string> {
  const files = await renderAll(plan(answers as never, { folderName: 'x', empty: false, detected: [] } as never));
  return files.find((file) => file.kind === 'dockerfile')!.contents;
}

/** The folder as slim-docker left it: .yo-rc.json on disk (withYoRcConfig only writes mem-fs) and a Dockerfile. */
function run(files: { saved?: unknown; dockerfile?: string; extra?: Record<string, string> }) {
  return helpers
    .run(ComposeGenerator as never, { resolved, namespace: 'slim-docker:compose' })
    .onTargetDirectory((dir) => {
      if (files.saved !== undefined)
        writeFileSync(join(dir, '.yo-rc.json'), JSON.stringify({ [KEY]: files.saved }, null, 2));
      if (files.dockerfile !== undefined) writeFileSync(join(dir, 'Dockerfile'), files.dockerfile);
      for (const [name, text] of Object.entries(files.extra ?? {})) writeFileSync(join(dir, name), text);
    });
}

const read = (file: string) => readFileSync(join(result.cwd, file), 'utf8');
type Service = Record<string, any>;
const composeService = (name: string): Service => {
  const doc = parse(read('compose.yaml')) as { services: Record<string, Service> };
  assert.deepEqual(Object.keys(doc), ['services']);
  assert.deepEqual(Object.keys(doc.services), [name]);
  return doc.services[name];
};

/** Read straight from the Dockerfile text (not through the generator's parser): flags and the exec-form array. */
function dockerfileHealthcheck(text: string): { flags: Record<string, string>; command: string[] } {
  const match = /^HEALTHCHECK ((?:--\S+ )*)\\\n\s+CMD (\[.*\])$/m.exec(text);
  assert.ok(match, 'the rendered Dockerfile has an exec-form HEALTHCHECK');
  const flags = Object.fromEntries(
    match[1]
      .trim()
      .split(' ')
      .map((flag) => flag.slice(2).split('=') as [string, string]),
  );
  return { flags, command: JSON.parse(match[2]) as string[] };
}

const MINIMAL = 'FROM scratch\nEXPOSE 4321\nCMD ["/app"]\n';

describe('slim-docker:compose (yeoman-test)', () => {
  for (const pack of LANGUAGE_PACKS) {
    it(`${pack.id}: one service from the saved answers, loopback port, restart policy, the Dockerfile's own healthcheck`, async () => {
      const saved = answersFor(pack.id);
      const dockerfile = await dockerfileFor(saved);
      await run({ saved, dockerfile }).withOptions({ yes: true } as never);
      const service = composeService(`team-${pack.id}`);
      assert.deepEqual(service.build, { context: '.', dockerfile: 'Dockerfile' });
      assert.equal(service.image, `team-${pack.id}:latest`);
      assert.deepEqual(service.ports, ['127.0.0.1:4321:4321']);
      assert.equal(service.restart, 'unless-stopped');
      assert.equal(service.stop_grace_period, '10s');
      assert.equal(service.read_only, true);
      assert.deepEqual(service.tmpfs, ['/tmp']);
      const expected = dockerfileHealthcheck(dockerfile);
      assert.deepEqual(service.healthcheck.test, ['CMD', ...expected.command]);
      assert.equal(service.healthcheck.interval, expected.flags.interval);
      assert.equal(service.healthcheck.timeout, expected.flags.timeout);
      assert.equal(service.healthcheck.start_period, expected.flags['start-period']);
      assert.equal(service.healthcheck.retries, Number(expected.flags.retries));
      // The comment says how to expose it publicly; the saved answers are left alone, compose.yaml is recorded as ours.
      assert.match(read('compose.yaml'), /To expose it\n\s+# publicly, drop the address \("4321:4321"\)/);
      const { files, ...answers } = JSON.parse(read('.yo-rc.json'))[KEY];
      assert.deepEqual(answers, saved);
      assert.deepEqual(Object.keys(files), ['compose.yaml']);
    });
  }

  it("--port sets the published host port (the container port stays the app's); --app-name renames service and image", async () => {
    await run({ saved: answersFor('python'), dockerfile: await dockerfileFor(answersFor('python')) }).withOptions({
      yes: true,
      port: '8080',
      appName: 'shop',
    } as never);
    const service = composeService('shop');
    assert.equal(service.image, 'shop:latest');
    assert.deepEqual(service.ports, ['127.0.0.1:8080:4321']);
  });

  it('mirrors a shell-form HEALTHCHECK as CMD-SHELL, with $ escaped from compose interpolation, from the final stage only', async () => {
    const dockerfile = [
      'FROM alpine AS build',
      'HEALTHCHECK CMD ["false"]',
      'FROM alpine',
      'EXPOSE 4321/tcp',
      'HEALTHCHECK --interval=5s --retries=2 CMD wget -q -O- "http://127.0.0.1:$PORT/health" || exit 1',
      'CMD ["/app"]',
      '',
    ].join('\n');
    await run({ saved: { appName: 'shell', port: 4321 }, dockerfile }).withOptions({ yes: true } as never);
    assert.deepEqual(composeService('shell').healthcheck, {
      test: ['CMD-SHELL', 'wget -q -O- "http://127.0.0.1:$$PORT/health" || exit 1'],
      interval: '5s',
      retries: 2,
    });
  });

  for (const [label, dockerfile] of [
    ['no HEALTHCHECK', MINIMAL],
    ['HEALTHCHECK NONE', 'FROM scratch\nEXPOSE 4321\nHEALTHCHECK NONE\nCMD ["/app"]\n'],
  ] as const) {
    it(`${label} in the Dockerfile → no healthcheck in compose.yaml`, async () => {
      await run({ saved: { appName: 'plain', port: 4321 }, dockerfile }).withOptions({ yes: true } as never);
      assert.equal(composeService('plain').healthcheck, undefined);
      assert.match(read('compose.yaml'), /no HEALTHCHECK/);
    });
  }

  it("without a saved port, publishes the Dockerfile's EXPOSE", async () => {
    await run({ saved: { appName: 'noport' }, dockerfile: MINIMAL }).withOptions({ yes: true } as never);
    assert.deepEqual(composeService('noport').ports, ['127.0.0.1:4321:4321']);
  });
});

describe('slim-docker:compose errors write nothing', () => {
  const cases: [string, Parameters<typeof run>[0], Record<string, unknown>, RegExp][] = [
    [
      'no .yo-rc.json',
      { dockerfile: MINIMAL },
      {},
      /^\.yo-rc\.json: no saved slim-docker answers in .*; run `slim-docker` there first, then `slim-docker compose`$/,
    ],
    [
      '.yo-rc.json without our answers',
      { dockerfile: MINIMAL, saved: {} },
      {},
      /^\.yo-rc\.json: no saved slim-docker answers/,
    ],
    [
      'an invalid saved port',
      { dockerfile: MINIMAL, saved: { appName: 'ok', port: 'http' } },
      {},
      /^\.yo-rc\.json "port": "http" is not allowed/,
    ],
    [
      'an invalid saved appName',
      { dockerfile: MINIMAL, saved: { appName: 'Bad Name', port: 4321 } },
      {},
      /^\.yo-rc\.json "appName": /,
    ],
    [
      'saved answers that are not an object',
      { dockerfile: MINIMAL, saved: 'oops' },
      {},
      /^\.yo-rc\.json "generator-slim-docker": must be an object/,
    ],
    [
      'no Dockerfile',
      { saved: { appName: 'ok', port: 4321 } },
      {},
      /^Dockerfile: not found in .*; run `slim-docker` there first/,
    ],
    [
      'a saved port the Dockerfile does not EXPOSE',
      { dockerfile: MINIMAL, saved: { appName: 'ok', port: 5000 } },
      {},
      /^\.yo-rc\.json "port": is 5000 but the Dockerfile EXPOSEs 4321/,
    ],
    [
      'a bad --port',
      { dockerfile: MINIMAL, saved: { appName: 'ok', port: 4321 } },
      { port: '70000' },
      /^--port: "70000" is not allowed/,
    ],
    [
      'a bad --app-name',
      { dockerfile: MINIMAL, saved: { appName: 'ok', port: 4321 } },
      { appName: 'No!' },
      /^--app-name: /,
    ],
  ];
  for (const [label, files, options, message] of cases) {
    it(`${label} → a one-line error naming the field`, async () => {
      const context = run(files).withOptions({ yes: true, ...options } as never);
      await assert.rejects(context, (error: Error) => {
        assert.match(error.message, message);
        assert.ok(!error.message.includes('\n'), error.message);
        return true;
      });
      assert.ok(!readdirSync(context.targetDirectory!).includes('compose.yaml'));
    });
  }
});

describe('slim-docker:compose never clobbers with --yes', () => {
  const files = {
    saved: { appName: 'mine', port: 4321 },
    dockerfile: MINIMAL,
    extra: { 'compose.yaml': 'services: {}\n' },
  };
  it('keeps an existing, different compose.yaml unless --force', async () => {
    // yeoman-test forces by default; a user's run does not.
    await run(files).withOptions({ yes: true, force: false } as never);
    assert.equal(read('compose.yaml'), 'services: {}\n');
  });
  it('--force overwrites it', async () => {
    await run(files).withOptions({ yes: true, force: true } as never);
    assert.equal(composeService('mine').image, 'mine:latest');
  });
});

describe('yamlString', () => {
  for (const value of [
    'plain',
    'a "quoted" \\ back\\slash',
    "it's: a # not-comment",
    '{[*&!|>%@`]}',
    'ünïcödé — …',
    '\u0085\u00a0\ufeff\u2028',
    '😀 astral',
    '',
    '- not a list',
    'true',
    '123',
  ]) {
    it(`round-trips ${JSON.stringify(value)} as a string`, () => {
      const text = yamlString(value);
      assert.match(text, /^"[\x20-\x7e]*"$/);
      assert.equal(parse(`key: ${text}\n`).key, value);
    });
  }
  it('refuses newlines and control characters', () => {
    assert.throws(() => yamlString('a\nb'), /newline or control character/);
    assert.throws(() => yamlString('a\u0000'), /newline or control character/);
  });
});
