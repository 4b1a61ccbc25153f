/**
 * Secrets by content, not by name: every layer of a saved image is searched for a context secret's
 * bytes and token values, so a renamed secret, or one a later layer removed, is still found.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'mocha';
import * as tar from 'tar';
import { secretTokens } from '../../src/secrets.js';
import { layerScanner } from '../../src/verify/layer-scan.js';
import { contextSecrets, judgeSecrets } from '../../src/verify/secrets-check.js';
import { tempDir, tempTree } from '../support/temp-tree.js';

const ENV = 'API_KEY=abcdEFGH1234ijklMNOP5678\nDJANGO_SETTINGS_MODULE=shop.settings\nDEBUG=true\n';
const PRODUCTION = 'DATABASE_URL=postgres://app:hunter2hunter2@db/app\n';

/** A layer tar holding these files (paths relative to /). */
function layerTar(files: Record<string, string>): Buffer {
  const root = tempDir('slim-layer-');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  const file = join(tempDir('slim-layer-tar-'), 'layer.tar');
  tar.c({ cwd: root, file, sync: true, portable: true }, Object.keys(files));
  return readFileSync(file);
}

/** What `docker save` streams: a tar of layer tars (here one plain, one gzipped as some stores keep them) and JSON. */
function savedImage(layers: Buffer[]): Buffer {
  const root = tempDir('slim-save-');
  const names: string[] = [];
  layers.forEach((layer, index) => {
    mkdirSync(join(root, `layer${index}`));
    writeFileSync(join(root, `layer${index}`, 'layer.tar'), index % 2 ? gzipSync(layer) : layer);
    names.push(`layer${index}/layer.tar`);
  });
  writeFileSync(join(root, 'manifest.json'), JSON.stringify([{ Layers: names }]));
  const file = join(tempDir('slim-save-tar-'), 'image.tar');
  tar.c({ cwd: root, file, sync: true, portable: true }, ['manifest.json', ...names]);
  return readFileSync(file);
}

async function scan(context: Record<string, string>, layers: Record<string, string>[]) {
  const dir = tempTree('slim-ctx-', context);
  const secrets = await contextSecrets(dir, Object.keys(context));
  const { parser, done } = layerScanner(secrets);
  const bytes = savedImage(layers.map(layerTar));
  for (let at = 0; at < bytes.length; at += 1000) parser.write(bytes.subarray(at, at + 1000));
  parser.end();
  return { secrets, hits: await done() };
}

describe('secrets by content, in every layer', () => {
  it('token values: secret-named keys, token-shaped and random values; never plain settings', () => {
    const values = secretTokens(`${ENV}${PRODUCTION}{"github": "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB"}\n`);
    assert.deepEqual(
      values.map((token) => token.value),
      [
        'abcdEFGH1234ijklMNOP5678',
        'postgres://app:hunter2hunter2@db/app',
        'ghp_abcdefghijklmnopqrstuvwxyz0123456789AB',
      ],
    );
    assert.equal(values[0].label, 'its value of API_KEY');
  });

  it('`RUN mv deploy/.env.production deploy/settings.txt && rm backend/.env`: both found', async () => {
    const { hits } = await scan({ 'deploy/.env.production': PRODUCTION, 'backend/.env': ENV }, [
      { 'etc/os-release': 'ID=debian\n' },
      // COPY . . : both as they were (the layer keeps backend/.env though a later RUN removes it)
      { 'app/deploy/.env.production': PRODUCTION, 'app/backend/.env': ENV },
      // RUN mv …: the renamed file in a new layer
      { 'app/deploy/settings.txt': PRODUCTION },
    ]);
    const found = hits.map((hit) => `${hit.secret.rel} → ${hit.path} (${hit.how})`).sort();
    assert.ok(found.includes('backend/.env → /app/backend/.env (its bytes)'), found.join('\n'));
    assert.ok(
      found.some((line) => line.startsWith('deploy/.env.production → /app/deploy/')),
      found.join('\n'),
    );
  });

  it('a value pasted into another file is found by that value; the verdict says where and how', async () => {
    const { secrets, hits } = await scan({ '.env': ENV }, [{ 'app/config.py': `KEY = "abcdEFGH1234ijklMNOP5678"\n` }]);
    assert.deepEqual(
      hits.map((hit) => [hit.path, hit.how]),
      [['/app/config.py', 'its value of API_KEY']],
    );
    const verdict = judgeSecrets({
      secrets,
      layerHits: hits,
      files: new Set(['/app/config.py']),
      hashes: new Map(),
      workdir: '/app',
      history: [],
      ignoredLeaked: [],
      ignoredNote: '',
    });
    assert.equal(verdict.ok, false);
    assert.match(verdict.detail, /inside the image: \.env \(.*\) as \/app\/config\.py, found by its value of API_KEY/);
    assert.doesNotMatch(verdict.detail, /abcdEFGH/);
  });

  it('a removed secret is named as still in its layer; an image without any is clean', async () => {
    const removed = await scan({ '.env': ENV }, [{ 'app/.env': ENV }, { 'app/.wh..env': '' }]);
    const verdict = judgeSecrets({
      secrets: removed.secrets,
      layerHits: removed.hits,
      files: new Set(),
      hashes: new Map(),
      workdir: '/app',
      history: [],
      ignoredLeaked: [],
      ignoredNote: '',
    });
    assert.match(verdict.detail, /\.env \(.*\) as \/app\/\.env in a layer \(removed later, still in the layer\)/);
    const clean = await scan({ '.env': ENV }, [{ 'app/main.py': 'print("shop.settings")\n', 'app/empty': '' }]);
    assert.deepEqual(clean.hits, []);
  });
});
