import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import { parse } from 'yaml';
import helpers, { result } from 'yeoman-test';
import CiGenerator from '../../generators/ci/index.js';

const resolved = fileURLToPath(new URL('../../generators/ci/index.ts', import.meta.url));
const WORKFLOW = '.github/workflows/docker.yml';
const PKG = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as {
  name: string;
  version: string;
};
const DOCKERFILE = 'FROM scratch\nEXPOSE 5000\nCMD ["/app"]\n';

function run(files: { saved?: unknown; dockerfile?: string; workflow?: string }) {
  return helpers.run(CiGenerator as never, { resolved, namespace: 'slim-docker:ci' }).onTargetDirectory((dir) => {
    if (files.saved !== undefined)
      writeFileSync(join(dir, '.yo-rc.json'), JSON.stringify({ 'generator-slim-docker': files.saved }));
    if (files.dockerfile !== undefined) writeFileSync(join(dir, 'Dockerfile'), files.dockerfile);
    if (files.workflow !== undefined) {
      mkdirSync(join(dir, '.github/workflows'), { recursive: true });
      writeFileSync(join(dir, WORKFLOW), files.workflow);
    }
  });
}

const read = (file: string) => readFileSync(join(result.cwd, file), 'utf8');
type Step = { name?: string; uses?: string; run?: string; id?: string; if?: string; with?: Record<string, unknown> };
function steps(): Step[] {
  const doc = parse(read(WORKFLOW)) as {
    on: Record<string, unknown>;
    permissions: unknown;
    jobs: Record<string, { 'runs-on': string; steps: Step[] }>;
  };
  assert.deepEqual(Object.keys(doc.on).sort(), ['pull_request', 'push']);
  assert.deepEqual(doc.permissions, { contents: 'read' });
  assert.deepEqual(Object.keys(doc.jobs), ['docker']);
  assert.equal(doc.jobs.docker['runs-on'], 'ubuntu-latest');
  return doc.jobs.docker.steps;
}
const using = (all: Step[], action: string) => {
  const found = all.filter((step) => step.uses?.split('@')[0] === action);
  assert.equal(found.length, 1, `one step uses ${action}`);
  return found[0];
};

describe('slim-docker:ci (yeoman-test)', () => {
  it('writes a workflow: checkout, buildx, cached BuildKit build, Node 20, slim-docker verify, report artifact', async () => {
    await run({ saved: { appName: 'team-app', port: 5000, language: 'python' }, dockerfile: DOCKERFILE }).withOptions({
      yes: true,
    } as never);
    const all = steps();
    const order = all.map((step) => step.uses?.split('@')[0] ?? 'run');
    assert.deepEqual(order, [
      'actions/checkout',
      'docker/setup-buildx-action',
      'docker/build-push-action',
      'actions/setup-node',
      'run',
      'actions/upload-artifact',
    ]);
    const buildx = using(all, 'docker/setup-buildx-action');
    // The verify step's plain `docker build` must keep the default builder (which loads into the image store).
    assert.equal(buildx.with?.use, false);
    assert.deepEqual(using(all, 'docker/build-push-action').with, {
      builder: `\${{ steps.${buildx.id}.outputs.name }}`,
      context: '.',
      file: 'Dockerfile',
      load: true,
      tags: 'team-app:ci',
      'cache-from': 'type=gha',
      'cache-to': 'type=gha,mode=max',
    });
    assert.equal(using(all, 'actions/setup-node').with?.['node-version'], '20');
    const verify = all.find((step) => step.run)!;
    assert.equal(verify.run, `npx --yes ${PKG.name}@${PKG.version} verify . --report slim-docker-report.json`);
    const upload = using(all, 'actions/upload-artifact');
    assert.equal(upload.if, '${{ !cancelled() }}');
    assert.equal(upload.with?.path, 'slim-docker-report.json');
  });

  it('--app-name sets the CI tag', async () => {
    await run({ saved: { appName: 'team-app', port: 5000 }, dockerfile: DOCKERFILE }).withOptions({
      yes: true,
      appName: 'other',
    } as never);
    assert.equal(using(steps(), 'docker/build-push-action').with?.tags, 'other:ci');
  });
});

describe('slim-docker:ci errors write nothing', () => {
  const cases: [string, Parameters<typeof run>[0], Record<string, unknown>, RegExp][] = [
    [
      'no .yo-rc.json',
      { dockerfile: DOCKERFILE },
      {},
      /^\.yo-rc\.json: no saved slim-docker answers in .*; run `slim-docker` there first, then `slim-docker ci`$/,
    ],
    [
      'an invalid saved appName',
      { dockerfile: DOCKERFILE, saved: { appName: 'Bad Name', port: 5000 } },
      {},
      /^\.yo-rc\.json "appName": /,
    ],
    [
      'an invalid saved port',
      { dockerfile: DOCKERFILE, saved: { appName: 'ok', port: 0 } },
      {},
      /^\.yo-rc\.json "port": "0" is not allowed/,
    ],
    ['no Dockerfile', { saved: { appName: 'ok', port: 5000 } }, {}, /^Dockerfile: not found in /],
    [
      'a bad --app-name',
      { dockerfile: DOCKERFILE, saved: { appName: 'ok', port: 5000 } },
      { appName: 'Not Valid' },
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
      assert.ok(!existsSync(join(context.targetDirectory!, '.github')));
    });
  }
});

describe('slim-docker:ci never clobbers with --yes', () => {
  const files = { saved: { appName: 'mine', port: 5000 }, dockerfile: DOCKERFILE, workflow: 'name: mine\n' };
  it('keeps an existing, different workflow unless --force', async () => {
    // yeoman-test forces by default; a user's run does not.
    await run(files).withOptions({ yes: true, force: false } as never);
    assert.equal(read(WORKFLOW), 'name: mine\n');
  });
  it('--force overwrites it', async () => {
    await run(files).withOptions({ yes: true, force: true } as never);
    assert.equal(using(steps(), 'docker/build-push-action').with?.tags, 'mine:ci');
  });
});
