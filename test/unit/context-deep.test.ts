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
  it('matching every path of a deep tree grows with the total path length, not its square', () => {
    // Relative, not absolute: a shared machine under load slows both depths alike. Every path of depth d
    // is d segments, so 4x the depth is ~16x the work when each path is matched in linear time; the
    // backtracking this guards against was a power of the depth more (64x and beyond). Best of 3 runs each.
    const filter = contextFilter(LINES);
    const timed = (depth: number) => {
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const start = process.hrtime.bigint();
        let path = '';
        for (let level = 0; level < depth; level++) {
          path = path ? `${path}/d` : 'd';
          filter.ignores(path);
          filter.ignores(`${path}/x.pem`);
          filter.ignores(`${path}/keep`);
        }
        best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
      }
      return best;
    };
    const small = timed(400);
    const large = timed(1600);
    assert.ok(
      large / Math.max(small, 0.5) < 40,
      `depth 400: ${small.toFixed(1)} ms, depth 1600: ${large.toFixed(1)} ms`,
    );
  });

  it('the walk of a 1500-deep tree finishes (seconds at most, not minutes)', async () => {
    const dir = tempDir('slim-deep-');
    const rel = Array.from({ length: 1500 }, () => 'd').join('/');
    mkdirSync(join(dir, rel), { recursive: true });
    writeFileSync(join(dir, rel, 'app.py'), 'x\n');
    writeFileSync(join(dir, rel, 'x.pem'), 'x\n');
    const start = Date.now();
    const walk = await walkContext(dir, contextFilter(LINES));
    // A net against runaway backtracking (minutes), not a speed target: those live in the benchmark.
    assert.ok(Date.now() - start < 10_000, `${Date.now() - start} ms`);
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
