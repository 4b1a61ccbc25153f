/**
 * The next steps a verified run prints work as printed on the engine it used (issue 22 item 4): the
 * build line is run as a user would paste it (a shell in the project folder). On Debian's Docker 20.10
 * client the line carries DOCKER_BUILDKIT=1 (its default legacy builder rejects RUN --mount); the
 * compose line names a compose command that exists, or none.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'mocha';
import { tempDir } from '../support/temp-tree.js';
import { engine, ENGINE, freePort, slimDocker } from './helpers.js';

describe('next steps, run as printed (issue 22 item 4)', function () {
  const app = `next-steps-${randomBytes(3).toString('hex')}`;
  let built = false;
  after(() => {
    // Only the image this test's pasted build made.
    if (built) spawnSync(ENGINE, ['image', 'rm', '--force', `${app}:latest`], { timeout: 60_000 });
  });

  it('the build line of a verified Go sample builds on this engine; compose only when one is installed', async () => {
    const dir = join(tempDir('slim-next-'), app);
    mkdirSync(dir);
    const port = String(await freePort());
    const run = slimDocker(['--yes', '--language', 'go', '--port', port], dir);
    assert.equal(run.status, 0, run.output);
    const lines = run.output.split('\n');
    const start = lines.indexOf('Next steps:');
    assert.ok(start > 0, run.output);
    const build = lines[start + 1].trim();
    const client = engine(['version', '--format', '{{.Client.Version}}']);
    const major = Number(client.split('.')[0]);
    if (major < 23) assert.match(build, /^DOCKER_BUILDKIT=1 /, `Docker ${client}: ${build}`);
    else assert.doesNotMatch(build, /DOCKER_BUILDKIT/);
    assert.match(build, new RegExp(` -t ${app} \\.$`));
    const pasted = spawnSync('/bin/sh', ['-c', build], { cwd: dir, encoding: 'utf8', timeout: 600_000 });
    built = true;
    assert.equal(pasted.status, 0, `${build}\n${pasted.stdout}${pasted.stderr}`);
    const compose = lines.slice(start + 1).find((line) => /compose up --build/.test(line));
    if (compose) {
      const tool = /(\S+(?: compose)?) up --build/.exec(compose.replace(/.*&& /, ''))![1].split(' ');
      const probe = spawnSync(tool[0], [...tool.slice(1), 'version'], { timeout: 30_000 });
      assert.equal(probe.status, 0, `${tool.join(' ')} is printed but does not run here`);
    }
  });
});
