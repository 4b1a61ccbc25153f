/**
 * The verifier never exits 0 without a verdict, and every way out removes what it made (real engine,
 * default bridge unless SLIM_DOCKER_NETWORK says otherwise). Provoked: the event loop running dry
 * mid-probe, an unhandled rejection mid-probe, the container killed mid-probe, and the case that
 * exposed the defect — a slow app behind the port proxy, which accepts connections before the app listens.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'mocha';
import {
  BIN,
  ENGINE,
  NETWORK_ENV,
  freePort,
  leftovers,
  slimDocker,
  tinyPythonProject,
  type Report,
  readReport,
} from './helpers.js';

/** The tiny Python project, its server starting only after `delaySeconds` (a slow app start). */
function slowProject(port: number, delaySeconds: number): string {
  const dir = tinyPythonProject('slim-guard-', port, { afterCopy: ['USER 10001'] });
  const app = readFileSync(join(dir, 'app.py'), 'utf8');
  writeFileSync(join(dir, 'app.py'), `import time\ntime.sleep(${delaySeconds})\n${app}`);
  writeFileSync(join(dir, '.dockerignore'), '.git\nreport.json\n');
  return dir;
}

const reportOf = (dir: string): Report | undefined =>
  existsSync(join(dir, 'report.json')) ? readReport(join(dir, 'report.json')) : undefined;

describe('exit guard: no exit 0 without a verdict, nothing left behind', () => {
  for (const [fault, why] of [
    ['probe-never-settles', /event\s+loop\s+ran\s+dry/],
    ['probe-unhandled-rejection', /\(unhandled\s+rejection\):\s+injected\s+by\s+SLIM_DOCKER_TEST_FAULT/],
  ] as const) {
    it(`${fault}: exit 3, the verdict printed and the report written, containers and images removed`, async () => {
      const port = await freePort();
      const dir = slowProject(port, 0);
      const { status, output } = slimDocker(
        ['verify', '.', '--report', 'report.json', '--timeout', '30'],
        dir,
        300_000,
        {
          SLIM_DOCKER_TEST_FAULT: fault,
        },
      );
      assert.equal(status, 3, output);
      assert.match(output, /Verification: NOT verified/);
      assert.match(output, why);
      assert.match(output, /not\s+a\s+verdict\s+on\s+your\s+app/);
      const report = reportOf(dir);
      assert.ok(report, `report written:\n${output}`);
      assert.equal(report.ok, false);
      assert.deepEqual(leftovers(basename(dir).toLowerCase()), []);
    });
  }

  it('the container killed mid-probe: exit 1 with the verdict, nothing left', async () => {
    const port = await freePort();
    const dir = slowProject(port, 25);
    const name = basename(dir).toLowerCase();
    const child = spawn(process.execPath, [BIN, 'verify', '.', '--report', 'report.json', '--timeout', '60'], {
      cwd: dir,
      env: { ...process.env, SLIM_DOCKER_ENGINE: ENGINE, ...NETWORK_ENV },
    });
    let output = '';
    let killed = false;
    const done = new Promise<number | null>((resolve, reject) => {
      const deadline = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`no exit within 240 s; output:\n${output}`));
      }, 240_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (!killed && /▸ GET http/.test(output)) {
          killed = true;
          // The probe is waiting on the slow app: kill the container from outside, as an OOM killer would.
          const ids = execFileSync(
            ENGINE,
            ['ps', '--filter', 'label=org.slim-docker.verify', '--format', '{{.ID}} {{.Image}}'],
            { encoding: 'utf8' },
          )
            .split('\n')
            .map((row) => row.split(' '))
            .filter(([, image]) => image?.startsWith(`slim-docker-verify/${name}:`))
            .map(([id]) => id);
          for (const id of ids) execFileSync(ENGINE, ['kill', id]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => {
        clearTimeout(deadline);
        resolve(code);
      });
    });
    const code = await done;
    assert.ok(killed, `the probe was reached:\n${output}`);
    assert.equal(code, 1, output);
    assert.match(output, /Verification: NOT verified/);
    assert.match(output, /FAIL\s+http\s+[\s\S]*?the\s+container\s+exited/);
    assert.equal(reportOf(dir)?.ok, false);
    assert.deepEqual(leftovers(name), []);
  });

  it('a slow app behind the port proxy (connections accepted before it listens): verified, exit 0', async () => {
    const port = await freePort();
    const dir = slowProject(port, 6);
    const { status, output } = slimDocker(['verify', '.', '--report', 'report.json', '--timeout', '60'], dir, 300_000);
    assert.equal(status, 0, output);
    assert.match(output, /Verification: verified/);
    assert.equal(reportOf(dir)?.ok, true);
    assert.deepEqual(leftovers(basename(dir).toLowerCase()), []);
  });
});
