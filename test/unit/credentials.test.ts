/**
 * Credentials an install needs (issue 13): an index URL with a password in requirements.txt, a pip.conf
 * or an .npmrc in the project is found, the Dockerfile mounts the config as a BuildKit secret for the
 * install step alone, and verification passes the project's file for each secret the Dockerfile declares.
 */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { credentialedIndex, redactUrl, secretFlags, secretsToPass } from '../../src/detect/credentials.js';
import { detect } from '../../src/detect/index.js';
import { parseDockerfile } from '../../src/dockerfile-check.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { lintDockerfile } from '../../src/lint.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { tempTree } from '../support/temp-tree.js';

const TOKEN = 'npm_FAKEfakeFAKEfakeFAKEfakeFAKEfake0123';

/** The Dockerfile generated (--yes) for a project folder, and its detection. */
async function generated(files: Record<string, string>, buildkit = true) {
  const dir = tempTree('slim-cred-', files);
  const facts = await detect(dir);
  const { answers } = await resolveAnswers({ flags: { buildkit }, saved: {}, facts, yes: true });
  const rendered = await renderAll(plan(answers, facts));
  return { dir, facts, dockerfile: rendered.find((file) => file.destination === 'Dockerfile')!.contents };
}

const FLASK = { 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };
const EXPRESS = {
  'package.json': JSON.stringify({ name: 'api', main: 'server.js', dependencies: { express: '5.1.0' } }),
  'package-lock.json': '{"lockfileVersion":3}',
  'server.js': "require('express')().listen(3000);\n",
};

describe('credentials in requirement files', () => {
  it('an index URL with a password or a token is found; a ${VARIABLE} or a plain URL is not', () => {
    assert.equal(
      credentialedIndex('--extra-index-url https://deploy:s3cret@pypi.example.com/simple'),
      'https://deploy:s3cret@pypi.example.com/simple',
    );
    assert.ok(credentialedIndex('-i https://TOKEN123@pypi.example.com/simple'));
    assert.ok(credentialedIndex('--index-url=https://u:p@host/simple  # private'));
    assert.equal(credentialedIndex('--extra-index-url https://${PIP_USER}:${PIP_PASSWORD}@host/simple'), undefined);
    assert.equal(credentialedIndex('--extra-index-url https://pypi.example.com/simple'), undefined);
    assert.equal(credentialedIndex('flask==3.1.3'), undefined);
    assert.equal(
      redactUrl('--extra-index-url https://deploy:s3cret@pypi.example.com/simple'),
      '--extra-index-url https://deploy:***@pypi.example.com/simple',
    );
  });

  it('the Dockerfile reads pip.conf as a build secret; requirements.txt is reported, never edited', async () => {
    const requirements = 'flask==3.1.3\n--extra-index-url https://deploy:s3cret@pypi.example.com/simple\n';
    const { facts, dockerfile } = await generated({ ...FLASK, 'requirements.txt': requirements });
    const [secret] = (facts.detected[0].extra as { buildSecrets: { id: string; move: unknown[] }[] }).buildSecrets;
    assert.equal(secret.id, 'pipconf');
    assert.deepEqual(secret.move, [
      { file: 'requirements.txt', line: 2, text: '--extra-index-url https://deploy:***@pypi.example.com/simple' },
    ]);
    assert.match(
      dockerfile,
      /^ {4}--mount=type=cache,target=\/root\/\.cache\/uv \\\n {4}--mount=type=secret,id=pipconf,target=\/etc\/pip\.conf \\\n {4}--mount=type=bind,source=requirements\.txt/m,
    );
    assert.match(dockerfile, /docker build --secret id=pipconf,src=pip\.conf \./);
    assert.doesNotMatch(dockerfile, /s3cret/);
    assert.deepEqual(
      lintDockerfile(parseDockerfile(dockerfile)).filter((finding) => finding.severity === 'error'),
      [],
    );
  });

  it('a pip.conf in the project is mounted the same way (any package manager: pip reads /etc/pip.conf)', async () => {
    const { dockerfile } = await generated({
      ...FLASK,
      'requirements.txt': 'flask==3.1.3\n',
      'pip.conf': '[global]\nindex-url = https://u:p@pypi.example.com/simple\n',
    });
    assert.match(dockerfile, /--mount=type=secret,id=pipconf,target=\/etc\/pip\.conf/);
  });

  it('without any, nothing changes', async () => {
    const { dockerfile } = await generated({ ...FLASK, 'requirements.txt': 'flask==3.1.3\n' });
    assert.doesNotMatch(dockerfile, /type=secret/);
  });
});

describe('.npmrc', () => {
  it('the Dockerfile gives it to `npm ci` as a build secret, and says how to build', async () => {
    const { facts, dockerfile } = await generated({
      ...EXPRESS,
      '.npmrc': `//registry.example/:_authToken=${TOKEN}\n`,
    });
    const secrets = (facts.detected[0].extra as { buildSecrets: { id: string; why: string }[] }).buildSecrets;
    assert.deepEqual(
      secrets.map(({ id, why }) => [id, why]),
      [['npmrc', '.npmrc holds a registry token']],
    );
    assert.equal(secretFlags(secrets as never), '--secret id=npmrc,src=.npmrc');
    assert.match(
      dockerfile,
      /^RUN --mount=type=cache,target=\/root\/\.npm \\\n {4}--mount=type=secret,id=npmrc,target=\/root\/\.npmrc \\\n/m,
    );
    assert.doesNotMatch(dockerfile, new RegExp(TOKEN));
  });
  it('--no-buildkit: no secret mount (the legacy builder has none), a comment says so', async () => {
    const { dockerfile } = await generated({ ...EXPRESS, '.npmrc': `//r/:_authToken=${TOKEN}\n` }, false);
    assert.doesNotMatch(dockerfile, /--mount/);
    assert.match(dockerfile, /# \.npmrc stays out of the build context .* no\n# build secrets: build with BuildKit/);
  });
});

describe('verification passes the secrets the Dockerfile declares', () => {
  const dockerfile = [
    'FROM node:26-slim',
    'RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
    'RUN --mount=type=secret,id=pipconf,target=/etc/pip.conf pip install x',
    'RUN --mount=type=secret,id=missing,target=/x/nothing true',
  ].join('\n');
  it('a file named like the id or like the target is passed; a missing one stays unset', () => {
    const dir = tempTree('slim-pass-', { '.npmrc': 'x', 'pip.conf': 'y' });
    assert.deepEqual(secretsToPass(dockerfile, dir), [
      { id: 'npmrc', src: join(dir, '.npmrc') },
      { id: 'pipconf', src: join(dir, 'pip.conf') },
    ]);
  });
  it('never a file through a symlink that leaves the project, nor a folder', () => {
    const outside = tempTree('slim-outside-', { npmrc: 'token' });
    const dir = tempTree('slim-pass-', {});
    symlinkSync(join(outside, 'npmrc'), join(dir, '.npmrc'));
    mkdirSync(join(dir, 'pip.conf'));
    writeFileSync(join(dir, 'other'), '');
    assert.deepEqual(secretsToPass(dockerfile, dir), []);
  });
});
