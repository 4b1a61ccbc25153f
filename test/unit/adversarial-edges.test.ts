/**
 * The second adversarial pass (SECURITY.md): an --env-file that is a FIFO, a device or huge is one
 * line at once, never a hang; the --report file is never written through a symlink a repository planted.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { InputError } from '../../src/errors.js';
import { parseEnvFile } from '../../src/input/fields.js';
import { writeReportFile } from '../../src/verify/report.js';
import { tempDir } from '../support/temp-tree.js';

describe('second adversarial pass', () => {
  it('--env-file: a FIFO, a device or a file over 1 MB is refused at once, naming it', () => {
    const dir = tempDir('slim-envfile-');
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    writeFileSync(join(dir, 'big.env'), `A=${'x'.repeat(1 << 20)}\n`);
    symlinkSync(join(dir, 'fifo'), join(dir, 'link-to-fifo'));
    for (const [path, why] of [
      [join(dir, 'fifo'), /is not a regular file/],
      [join(dir, 'link-to-fifo'), /is not a regular file/],
      ['/dev/zero', /is not a regular file/],
      [join(dir, 'big.env'), /is larger than 1 MB/],
    ] as const) {
      const start = Date.now();
      assert.throws(
        () => parseEnvFile('--env-file', path),
        (error) => error instanceof InputError && why.test(error.message),
        path,
      );
      assert.ok(Date.now() - start < 2000, `${path}: no wait`);
    }
  });

  it('--report: a symlink at the path is replaced, the file it pointed to untouched', async () => {
    const project = tempDir('slim-report-');
    const outside = join(tempDir('slim-outside-'), 'precious.txt');
    writeFileSync(outside, 'precious\n');
    symlinkSync(outside, join(project, 'report.json'));
    await writeReportFile(join(project, 'report.json'), '{"ok":true}\n');
    assert.equal(readFileSync(outside, 'utf8'), 'precious\n');
    assert.ok(lstatSync(join(project, 'report.json')).isFile());
    assert.equal(readFileSync(join(project, 'report.json'), 'utf8'), '{"ok":true}\n');
  });
});
