/**
 * The shape stays as designed: no import cycles anywhere in the code (madge, type-only imports
 * included), and the check itself is shown to fail on a cycle.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import madge from 'madge';
import { describe, it } from 'mocha';
import { tempDir } from '../support/temp-tree.js';

const ROOT = new URL('../..', import.meta.url).pathname;

async function cycles(paths: string[]): Promise<string[][]> {
  const result = await madge(paths, { fileExtensions: ['ts'], tsConfig: join(ROOT, 'tsconfig.json') });
  return result.circular();
}

describe('architecture', () => {
  it('src/, generators/ and scripts/ have no import cycles', async () => {
    assert.deepEqual(await cycles(['src', 'generators', 'scripts'].map((dir) => join(ROOT, dir))), []);
  });
  it('the cycle check fails on a cycle, also one made of type-only imports', async () => {
    const dir = tempDir('slim-docker-cycle-');
    try {
      writeFileSync(
        join(dir, 'a.ts'),
        "import type { B } from './b.js';\nexport interface A { b?: B }\nexport const helper = 1;\n",
      );
      writeFileSync(
        join(dir, 'b.ts'),
        "import { helper } from './a.js';\nexport interface B { n: number }\nexport const x = helper;\n",
      );
      assert.equal((await cycles([dir])).length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
