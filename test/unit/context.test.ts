/** The build context as verification reads it: bounded matching, and no special files read. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { exitCodeOf } from '../../src/errors.js';
import {
  collapseGlobstars,
  contextFilter,
  copyContext,
  refuseLinksOut,
  walkContext,
} from '../../src/verify/context.js';
import { contextSecrets } from '../../src/verify/secrets-check.js';
import { tempDir } from '../support/temp-tree.js';

describe('build context', () => {
  it('a .dockerignore of many `**/` segments matches a deep path quickly, with the same meaning', () => {
    const hostile = `${'**/'.repeat(40)}x`;
    assert.equal(collapseGlobstars(hostile), '**/x');
    const deep = `${Array.from({ length: 60 }, (_, i) => `d${i}`).join('/')}/y`;
    const start = Date.now();
    const filter = contextFilter([hostile, `a/${'**/'.repeat(30)}b`]);
    assert.equal(filter.ignores(deep), false);
    assert.equal(filter.ignores('q/r/x'), true);
    assert.equal(filter.ignores('a/m/n/b'), true);
    assert.ok(Date.now() - start < 1000, `${Date.now() - start} ms`);
  });
  it('FIFOs and sockets are skipped (reading one would block), files are listed', async () => {
    const dir = tempDir('slim-context-');
    writeFileSync(join(dir, 'app.py'), 'x');
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const walk = await walkContext(dir, contextFilter([]));
    assert.deepEqual(walk.included, ['app.py']);
    assert.deepEqual(walk.skipped, ['pipe']);
  });
  it('a link to a FIFO (relative or absolute) is skipped by the walk, and reading or hashing one returns at once', async function () {
    this.timeout(5000);
    const dir = tempDir('slim-context-fifo-');
    writeFileSync(join(dir, 'app.py'), 'x');
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    symlinkSync('pipe', join(dir, 'main.py'));
    symlinkSync(join(dir, 'pipe'), join(dir, 'settings.json'));
    symlinkSync('pipe', join(dir, '.env'));
    const walk = await walkContext(dir, contextFilter([]));
    assert.deepEqual(walk.included, ['app.py']);
    assert.deepEqual(walk.skipped, ['.env', 'main.py', 'pipe', 'settings.json']);
    // The secrets check, given such links anyway, neither blocks nor reads them.
    const secrets = await contextSecrets(dir, ['.env', 'settings.json', 'main.py']);
    assert.deepEqual(
      secrets.map((secret) => [secret.rel, secret.hash]),
      [['.env', undefined]],
    );
    // Nor does it read through a link to a file outside (the engine gets the link, not the token).
    const outside = tempDir('slim-context-outside-');
    writeFileSync(
      join(outside, 'npmrc'),
      '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n',
    );
    symlinkSync(join(outside, 'npmrc'), join(dir, '.npmrc'));
    assert.deepEqual(await contextSecrets(dir, ['.npmrc']), []);
    const copy = tempDir('slim-context-fifo-copy-');
    await copyContext(dir, ['app.py', 'main.py', 'settings.json'], copy);
    assert.deepEqual(readdirSync(copy), ['app.py']);
  });
});

/** Every entry of a folder, recursively, that is a symlink: [path, target]. */
function linksIn(dir: string, rel = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const name of readdirSync(join(dir, rel))) {
    const path = rel ? `${rel}/${name}` : name;
    const info = lstatSync(join(dir, path));
    if (info.isSymbolicLink()) out.push([path, readlinkSync(join(dir, path))]);
    else if (info.isDirectory()) out.push(...linksIn(dir, path));
  }
  return out;
}

describe('the edited copy never writes through a link (issue 20 item 2)', () => {
  it('a symlink out of the project is refused in one line (exit 2); the file it points to is never touched', async () => {
    const outside = tempDir('slim-elsewhere-');
    writeFileSync(join(outside, 'elsewhere.py'), 'print("not yours")\n');
    const dir = tempDir('slim-copy-out-');
    symlinkSync(join(outside, 'elsewhere.py'), join(dir, 'app.py'));
    const copy = tempDir('slim-copy-out-copy-');
    await assert.rejects(copyContext(dir, ['app.py'], copy), (error: Error) => {
      assert.equal(exitCodeOf(error), 2);
      assert.match(error.message, /app\.py.*outside the project/);
      assert.equal(error.message.split('\n').length, 1);
      return true;
    });
    assert.equal(readFileSync(join(outside, 'elsewhere.py'), 'utf8'), 'print("not yours")\n');
    // verify refuses it before the first build, the same way.
    await assert.rejects(refuseLinksOut(dir, ['app.py']), (error: Error) => exitCodeOf(error) === 2);
    // Relative links that climb out are refused the same way, and so are dangling absolute ones.
    const climbing = tempDir('slim-copy-climb-');
    symlinkSync(`../${outside.split('/').pop()}/elsewhere.py`, join(climbing, 'app.py'));
    await assert.rejects(copyContext(climbing, ['app.py'], tempDir('slim-copy-climb-copy-')), /outside the project/);
    const dangling = tempDir('slim-copy-dangling-');
    symlinkSync('/nonexistent/slim-docker-test/app.py', join(dangling, 'app.py'));
    await assert.rejects(copyContext(dangling, ['app.py'], tempDir('slim-copy-dangling-copy-')), /dangling/);
  });

  it('links inside the project: relative ones stay links into the copy, absolute ones become copies; a write reaches only the copy', async () => {
    const dir = tempDir('slim-copy-in-');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/real.py'), 'print(1)\n');
    symlinkSync('src/real.py', join(dir, 'relative.py'));
    symlinkSync(join(dir, 'src/real.py'), join(dir, 'absolute.py'));
    symlinkSync(join(dir, 'src'), join(dir, 'code'));
    await refuseLinksOut(dir, ['absolute.py', 'code', 'relative.py', 'src/real.py']);
    const copy = tempDir('slim-copy-in-copy-');
    await copyContext(dir, ['absolute.py', 'code', 'relative.py', 'src/real.py'], copy);
    for (const [path, target] of linksIn(copy)) {
      assert.ok(!target.startsWith('/'), `${path} → ${target} is absolute`);
      assert.ok(realpathInside(copy, join(copy, path)), `${path} → ${target} leads out of the copy`);
    }
    assert.ok(lstatSync(join(copy, 'absolute.py')).isFile());
    for (const name of ['absolute.py', 'relative.py', 'code/real.py']) writeFileSync(join(copy, name), 'edited\n');
    assert.equal(readFileSync(join(dir, 'src/real.py'), 'utf8'), 'print(1)\n');
    assert.equal(readFileSync(join(copy, 'src/real.py'), 'utf8'), 'edited\n');
  });
});

function realpathInside(root: string, path: string): boolean {
  const real = realpathSync(path);
  return real === realpathSync(root) || real.startsWith(`${realpathSync(root)}/`);
}
