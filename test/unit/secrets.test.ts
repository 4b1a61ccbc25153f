/** Secret shapes and the verdict over an image's files and history (the engine part is e2e). */
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { readFileSync } from 'node:fs';
import { renderFile, TEMPLATES_DIR } from '../../src/render.js';
import {
  isCredentialFile,
  SECRET_IGNORE_LINES,
  SECRET_SHAPES,
  secretContent,
  secretInHistory,
  secretPath,
} from '../../src/secrets.js';
import { contextFilter } from '../../src/verify/context.js';
import { contextSecrets, judgeSecrets } from '../../src/verify/secrets-check.js';
import { tempDir } from '../support/temp-tree.js';

describe('secret shapes', () => {
  it('by name: dotenv files, keys, cloud and registry credentials, Terraform state', () => {
    for (const rel of [
      '.env',
      'config/.env.production',
      'id_rsa',
      'deploy/id_ed25519',
      'tls/server.key',
      'cert.pem',
      '.aws/credentials',
      '.docker/config.json',
      'infra/prod.tfstate',
      '.git-credentials',
    ]) {
      assert.ok(secretPath(rel), rel);
    }
    for (const rel of ['.env.example', 'id_rsa.pub', 'app.py', 'environment.py', 'keys.py', 'requirements.txt'])
      assert.equal(secretPath(rel), undefined, rel);
  });
  it('by contents: a token in a credential file or a copied config, not a plain registry setting', () => {
    assert.ok(secretContent('.npmrc', '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n'));
    assert.equal(secretContent('.npmrc', 'registry=https://registry.npmjs.org/\n'), undefined);
    assert.ok(secretContent('pip.conf', '[global]\nextra-index-url = https://deploy:s3cret@pypi.example.com/simple\n'));
    assert.ok(
      secretContent(
        'requirements.txt',
        '--extra-index-url https://deploy:s3cret@pypi.example.com/simple\nflask==3.1.3\n',
      ),
    );
    assert.ok(secretContent('config/settings.json', '{"aws": "AKIAABCDEFGHIJKLMNOP"}'));
    assert.equal(
      secretContent('requirements.txt', 'flask==3.1.3\ngit+https://github.com/pallets/flask@main\n'),
      undefined,
    );
  });
  it('in history: a secret-named build argument with a value, not one that only names a variable', () => {
    assert.ok(secretInHistory('|1 NPM_TOKEN=abc123 /bin/sh -c npm ci'));
    assert.equal(secretInHistory('/bin/sh -c #(nop)  ENV NODE_ENV=production'), undefined);
    assert.equal(secretInHistory('|1 NPM_TOKEN=$NPM_TOKEN /bin/sh -c npm ci'), undefined);
  });
});

/** The generated .dockerignore of each language, rendered from the built-in templates. */
async function generatedDockerignores(): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const language of ['node', 'python', 'go', 'java', 'rust']) {
    const file = await renderFile({
      template: `${language}/dockerignore.ejs`,
      destination: '.dockerignore',
      kind: 'dockerignore',
      data: { statePaths: [], stateIgnore: [] },
    });
    out.push([language, file.contents]);
  }
  return out;
}

describe('secret shapes at every depth (issue 20 item 3)', () => {
  const SENT_BEFORE = [
    'config/.env',
    'backend/.env.production',
    'frontend/.npmrc',
    'sub/.netrc',
    'deploy/.aws/credentials',
    'sub/.docker/config.json',
    'service-account.json',
    'deploy/service-account-prod.json',
    'infra/terraform.tfvars',
    'kubeconfig',
    'deploy/kubeconfig.yaml',
    'android/release.jks',
    'certs/client.p12',
    '.pgpass',
    'db/.pgpass',
    '.git-credentials',
    'sub/.git-credentials',
    '.pypirc',
    'pkg/.pypirc',
    'id_rsa',
    'keys/id_ed25519',
    'id_ecdsa_sk',
    'deploy/id_rsa_github',
    'sub/pip.conf',
  ];
  const NOT_SENT = ['id_utils.py', 'src/id_card.go', 'id_rsa.pub', '.env.example', 'keys.py', 'environment.py'];
  const NOT_SECRETS = [
    ...NOT_SENT,
    'keys/id_ed25519_sk.pub',
    'app/.env.sample',
    'id_utils.py',
    'src/id_card.go',
    'id_rsa.pub',
    'keys/id_ed25519_sk.pub',
    '.env.example',
    'app/.env.sample',
    'keys.py',
    'environment.py',
  ];

  it('every generated .dockerignore keeps each shape out, at the root and deeper, and lets look-alikes in', async () => {
    for (const [language, text] of await generatedDockerignores()) {
      const filter = contextFilter(text.split('\n'));
      for (const rel of [...SENT_BEFORE, ...SECRET_SHAPES.flatMap((shape) => shape.examples)])
        assert.ok(filter.ignores(rel), `${language}: ${rel} reaches the build context`);
      for (const rel of NOT_SENT) assert.equal(filter.ignores(rel), false, `${language}: ${rel} kept out`);
    }
  });
  it('the verifier tells the same shapes (one list: the template renders it, no second copy)', () => {
    for (const rel of SENT_BEFORE) assert.ok(secretPath(rel) ?? isCredentialFile(rel), rel);
    for (const rel of NOT_SECRETS) assert.equal(secretPath(rel), undefined, rel);
    for (const shape of SECRET_SHAPES)
      for (const rel of shape.examples)
        assert.ok(shape.content ? isCredentialFile(rel) : secretPath(rel) === shape.why, rel);
    const partial = readFileSync(`${TEMPLATES_DIR}/common/dockerignore-secrets.ejs`, 'utf8');
    assert.doesNotMatch(partial, /\.env|\.pem|npmrc|id_rsa/, 'the partial lists no shape of its own');
    assert.match(partial, /secretIgnore/);
    assert.ok(
      SECRET_IGNORE_LINES.every((line) => line.startsWith('**/') || line === '!.env.example'),
      'every line applies at any depth; no `!**/` negation makes walks descend into every excluded folder',
    );
  });
});

describe('secrets verdict', () => {
  it('fails for a secret from the context inside the image (found by name and bytes, wherever a COPY put it), warns for one only sent', async () => {
    const dir = tempDir('slim-secrets-');
    mkdirSync(join(dir, '.aws'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, '.aws/credentials'), '[default]\naws_secret_access_key=x\n');
    writeFileSync(join(dir, 'src/.env'), 'TOKEN=1\n');
    writeFileSync(join(dir, 'app.py'), 'print(1)\n');
    const secrets = await contextSecrets(dir, ['.aws/credentials', 'src/.env', 'app.py']);
    assert.deepEqual(
      secrets.map((secret) => secret.rel),
      ['.aws/credentials', 'src/.env'],
    );
    const envHash = secrets[1].hash!;
    // `COPY src/ .` put src/.env at /app/.env; a base image's own /etc/.env with other bytes is not it.
    const leaked = judgeSecrets({
      secrets,
      files: new Set(['/app/app.py', '/app/.env', '/etc/.env']),
      hashes: new Map([
        ['/app/.env', envHash],
        ['/etc/.env', 'other'],
      ]),
      workdir: '/app',
      history: [],
      ignoredLeaked: [],
      ignoredNote: '',
    });
    assert.equal(leaked.ok, false);
    assert.match(leaked.detail, /inside the image: src\/\.env \(a dotenv file\) at \/app\/\.env/);
    assert.doesNotMatch(leaked.detail, /\/etc\/\.env/);
    const sent = judgeSecrets({
      secrets,
      files: new Set(['/app/app.py']),
      hashes: new Map(),
      workdir: '/app',
      history: [],
      ignoredLeaked: [],
      ignoredNote: '',
    });
    assert.equal(sent.ok, true);
    assert.equal(sent.warning, true);
    const history = judgeSecrets({
      secrets: [],
      files: new Set(),
      hashes: new Map(),
      workdir: '/app',
      history: ['|1 GITHUB_TOKEN=ghp_x /bin/sh -c make'],
      ignoredLeaked: [],
      ignoredNote: '',
    });
    assert.equal(history.ok, false);
    assert.doesNotMatch(history.detail, /ghp_x/, 'the value is redacted');
  });
});
