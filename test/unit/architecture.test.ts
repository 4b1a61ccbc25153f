/**
 * The shape stays as designed: no import cycles anywhere in the code (madge, type-only imports
 * included), and the check itself is shown to fail on a cycle; no source file grows past 400 lines.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import madge from 'madge';
import { describe, it } from 'mocha';
import { tempDir } from '../support/temp-tree.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/** A file past this many lines holds more than one idea; split it by what it does. */
const MAX_LINES = 400;
/** Files allowed past MAX_LINES for now, each with the reason it is (none today). */
const LONG_FILES = new Set<string>([]);

/** Every .ts file under a folder (relative to the repository root). */
function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** Lines as an editor numbers them (a last line without a newline counts, as `wc -l` would not). */
const lineCount = (text: string) => (text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));

/** The files under the folders that pass MAX_LINES, but the allowlisted, as "path: N lines". */
function longFiles(dirs: string[]): string[] {
  return dirs
    .flatMap(tsFiles)
    .filter((file) => !LONG_FILES.has(file))
    .map((file) => ({ file, lines: lineCount(readFileSync(join(ROOT, file), 'utf8')) }))
    .filter(({ lines }) => lines > MAX_LINES)
    .map(({ file, lines }) => `${file}: ${lines} lines`);
}

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
  it(`no .ts file under src/ or generators/ passes ${MAX_LINES} lines (but the allowlisted)`, () => {
    assert.ok(tsFiles('src').includes('src/verify/index.ts'), 'the walk finds the sources');
    assert.deepEqual(longFiles(['src', 'generators']), []);
  });
  it('the line check fails on a long file, counting lines as an editor numbers them', () => {
    const dir = tempDir('slim-docker-long-');
    try {
      writeFileSync(join(dir, 'long.ts'), 'x;\n'.repeat(MAX_LINES + 1));
      writeFileSync(join(dir, 'limit.ts'), 'x;\n'.repeat(MAX_LINES - 1) + 'x;');
      assert.deepEqual(longFiles([relative(ROOT, dir)]), [`${relative(ROOT, join(dir, 'long.ts'))}: 401 lines`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(lineCount(''), 0);
  });
});
