/** .dockerignore matching stays linear in a deep tree (issue 20 item 9), with Docker's meaning kept. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dockerignore from '@balena/dockerignore';
import { describe, it } from 'mocha';
import { contextFilter, walkContext } from '../../src/verify/context.js';
import { tempDir } from '../support/temp-tree.js';

const ignore = ((dockerignore as unknown as { default?: unknown }).default ??
  dockerignore) as unknown as typeof dockerignore.default;

const LINES = ['.git', '**/__pycache__', '**/.env', '**/.env.*', '!.env.example', '**/*.pem', 'd/d/**/tmp', '!**/keep'];

describe('a deep tree with a `!` rule', () => {
  it('matching every path of a 1500-deep tree takes well under a second', () => {
    const filter = contextFilter(LINES);
    const start = Date.now();
    let path = '';
    for (let depth = 0; depth < 1500; depth++) {
      path = path ? `${path}/d` : 'd';
      filter.ignores(path);
      filter.ignores(`${path}/x.pem`);
      filter.ignores(`${path}/keep`);
    }
    assert.ok(Date.now() - start < 500, `${Date.now() - start} ms`);
  });

  it('the walk of a 1500-deep tree finishes in about a second at most', async () => {
    const dir = tempDir('slim-deep-');
    const rel = Array.from({ length: 1500 }, () => 'd').join('/');
    mkdirSync(join(dir, rel), { recursive: true });
    writeFileSync(join(dir, rel, 'app.py'), 'x\n');
    writeFileSync(join(dir, rel, 'x.pem'), 'x\n');
    const start = Date.now();
    const walk = await walkContext(dir, contextFilter(LINES));
    assert.ok(Date.now() - start < 1500, `${Date.now() - start} ms`);
    assert.deepEqual(walk.included, [`${rel}/app.py`]);
    assert.deepEqual(walk.excluded, [`${rel}/x.pem`]);
  });

  it('means what the library (Docker’s rules) means, parents included', () => {
    const paths = [
      '.git',
      '.git/config',
      'a/.env',
      '.env.example',
      'a/.env.example',
      'x/__pycache__/m.pyc',
      'd/d/tmp',
      'd/d/e/f/tmp/z',
      'd/tmp',
      'k/tmp/keep',
      'key.pem',
      'a/b/key.pem',
      'src/app.py',
    ];
    const ours = contextFilter(LINES);
    const library = ignore().add(LINES);
    for (const path of paths) assert.equal(ours.ignores(path), library.ignores(path), path);
  });
});
