/**
 * The cache proof holds on a shared, busy engine: the same unchanged folder verified again and again
 * while a second process builds other images and a third verifies another project. Every run must
 * pass "dependency layers reused" (0 false failures). CI runs a few; SLIM_DOCKER_LOAD_RUNS=20 gives
 * the BENCHMARKS.md figure.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import { BIN, ENGINE, NETWORK_ENV, engine, slimDocker } from './helpers.js';
import { tempDir } from '../support/temp-tree.js';

const RUNS = Number(process.env.SLIM_DOCKER_LOAD_RUNS ?? 3);
const LOAD_LABEL = `org.slim-docker.test=cache-load-${process.pid}`;

describe(`cache proof under load (${RUNS} verifications of one folder, engine shared)`, () => {
  const dirs: string[] = [];
  const load: ChildProcess[] = [];
  const newProject = (name: string, args: string[]) => {
    const dir = join(tempDir('slim-docker-load-'), name);
    spawnSync('mkdir', ['-p', dir]);
    dirs.push(dir);
    const made = slimDocker(['--yes', '--skip-verify', ...args], dir, 300_000);
    assert.equal(made.status, 0, made.output);
    return dir;
  };

  before(() => {
    const subject = newProject('load-subject', ['--language', 'python']);
    const other = newProject('load-other', ['--language', 'python', '--port', '5123']);
    dirs.unshift(subject);
    // Process 2: builds other images, each with a fresh RUN (bounded: at most 200 builds).
    load.push(
      spawn(
        'sh',
        [
          '-c',
          `for i in $(seq 1 200); do printf 'FROM debian:trixie-slim\\nRUN echo %s-$i > /load\\n' $$ | DOCKER_BUILDKIT=1 ${ENGINE} build -q --network host --label ${LOAD_LABEL} -t slim-docker-load/${process.pid}:$i - >/dev/null 2>&1; done`,
        ],
        { stdio: 'ignore', detached: true },
      ),
    );
    // Process 3: verifies another project over and over (bounded: at most 50 runs).
    load.push(
      spawn('sh', ['-c', `for i in $(seq 1 50); do "${process.execPath}" "${BIN}" verify . >/dev/null 2>&1; done`], {
        cwd: other,
        stdio: 'ignore',
        detached: true,
        env: { ...process.env, SLIM_DOCKER_ENGINE: ENGINE, ...NETWORK_ENV },
      }),
    );
  });

  after(async () => {
    // TERM first: a `slim-docker verify` stopped that way removes its container and images (its exit
    // guard); one killed outright left them on the shared engine after every CI run. KILL after 30 s.
    const signal = (child: ChildProcess, name: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, name);
      } catch {
        /* already ended */
      }
    };
    for (const child of load) signal(child, 'SIGTERM');
    // The whole group (the shell loop and the verify it started), not only the shell, must be gone.
    const ended = (child: ChildProcess) => {
      try {
        if (child.pid) process.kill(-child.pid, 0);
        return !child.pid;
      } catch {
        return true;
      }
    };
    for (let waited = 0; waited < 30_000 && !load.every(ended); waited += 500)
      await new Promise((resolve) => setTimeout(resolve, 500));
    for (const child of load) signal(child, 'SIGKILL');
    const images = engine(['images', '--filter', `label=${LOAD_LABEL}`, '--format', '{{.Repository}}:{{.Tag}}'])
      .split('\n')
      .filter(Boolean);
    if (images.length) engine(['rmi', '--force', ...images]);
    for (const dir of dirs) rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  it('0 false failures of "dependency layers reused"', () => {
    const failures: string[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const report = join(dirs[0], '..', `report-${run}.json`);
      const result = slimDocker(['verify', '.', '--report', report], dirs[0], 600_000);
      const parsed = JSON.parse(readFileSync(report, 'utf8')) as {
        stopSeconds?: number;
        checks: { name: string; ok: boolean; detail: string; warning?: boolean }[];
      };
      const check = parsed.checks.find((candidate) => candidate.name === 'dependency layers reused');
      if (!check?.ok) failures.push(`run ${run}: ${check?.detail ?? 'no cache check'}\n${result.output.slice(-2000)}`);
      const stop = parsed.checks.find((candidate) => candidate.name === 'stops on SIGTERM');
      process.stdout.write(
        `      run ${run}/${RUNS}: ${check?.ok ? (check.warning ? 'pass (inconclusive, warned)' : 'pass') : 'FAIL'}; exit ${result.status}; stop ${parsed.stopSeconds ?? '-'} s${stop?.warning ? ' (slow, warned)' : stop?.ok === false ? ' (FAIL)' : ''}\n`,
      );
    }
    assert.deepEqual(failures, []);
  });
});
