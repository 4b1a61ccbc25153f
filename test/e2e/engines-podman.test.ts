/**
 * Podman end to end, with the real engine and no mocks, rootful and rootless: `slim-docker --yes` in an
 * empty folder writes the Flask sample and its Dockerfile and verifies them with podman (build, run
 * non-root, HTTP, healthy, SIGTERM, secrets, cache reuse), leaving no container or image behind.
 * scripts/podman-up.sh prepares both (run as root; it needs python:3.13-slim in the docker engine).
 * Rootless runs as that script's user with no engine named: docker (root's socket) does not answer
 * it, so the run says it picked podman. It generates with --no-buildkit: rootless podman 4.3.1
 * (buildah 1.28) cannot bind-mount from another build stage (`RUN --mount=type=bind,from=tools`), and
 * its cache mounts share /var/tmp/buildah-cache with root's; the adapter names the first in its error.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'mocha';
import { BIN, ROOT, type Report, check } from './helpers.js';
import { tempDir } from '../support/temp-tree.js';

const USER = process.env.SLIM_PODMAN_USER ?? 'podtester';
const LABEL = 'org.slim-docker.verify';

/** What this app's verification left in podman's storage (as root, or as the rootless user). */
function leftovers(app: string, asUser?: string): string[] {
  const podman = (args: string[]) =>
    execFileSync(asUser ? 'runuser' : 'podman', asUser ? ['-u', asUser, '--', ...userEnv(), 'podman', ...args] : args, {
      encoding: 'utf8',
      timeout: 60_000,
      cwd: '/',
    })
      .split('\n')
      .filter(Boolean);
  const containers = podman(['ps', '--all', '--filter', `label=${LABEL}`, '--format', '{{.ID}} {{.Image}}']);
  const images = podman(['images', '--all', '--filter', `label=${LABEL}`, '--format', '{{.ID}} {{.Repository}}']);
  const ours = (row: string) => row.includes(`slim-docker-verify/${app}`);
  return [
    ...containers.filter(ours).map((row) => `container ${row}`),
    ...images.filter(ours).map((row) => `image ${row}`),
  ];
}

function userEnv(): string[] {
  const uid = execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim();
  const home = execFileSync('getent', ['passwd', USER], { encoding: 'utf8' }).split(':')[5];
  return ['env', '-i', `HOME=${home}`, `USER=${USER}`, `XDG_RUNTIME_DIR=/run/user/${uid}`, `PATH=${process.env.PATH}`];
}

function verifyReport(dir: string, output: string): Report {
  assert.match(output, /Verification: verified/, output);
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
}

describe('podman end to end (rootful and rootless)', function () {
  this.timeout(1_200_000);

  before(() => {
    assert.equal(process.getuid?.(), 0, 'the podman e2e prepares podman as root (scripts/podman-up.sh)');
    execFileSync('bash', [join(ROOT, 'scripts/podman-up.sh'), 'python:3.13-slim'], {
      stdio: 'inherit',
      timeout: 600_000,
    });
  });

  it('rootful: SLIM_DOCKER_ENGINE=podman slim-docker --yes verifies the Flask sample, nothing left', () => {
    const dir = tempDir('slim-podman-rootful-');
    const app = 'podman-rootful';
    const started = Date.now();
    const result = spawnSync(process.execPath, [BIN, '--yes', '--app-name', app, '--report', 'report.json'], {
      cwd: dir,
      env: { ...process.env, SLIM_DOCKER_ENGINE: 'podman', SLIM_DOCKER_NETWORK: '' },
      encoding: 'utf8',
      timeout: 900_000,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    assert.equal(result.status, 0, output);
    const report = verifyReport(dir, output);
    console.log(`      rootful podman verification: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.match(report.engine, /^podman \(podman client 4\.\d+\.\d+/);
    assert.ok(report.uid > 0, `non-root uid ${report.uid}`);
    assert.match(check(report, 'healthcheck').detail, /reached healthy/);
    assert.match(check(report, 'non-root user').detail, /as the kernel sees it/);
    assert.deepEqual(leftovers(app), []);
  });

  it('rootless (a non-root user, no engine named, --no-buildkit): picks podman, says so, verifies, nothing left', () => {
    const dir = tempDir('slim-podman-rootless-');
    execFileSync('chown', [`${USER}:`, dir]);
    chmodSync(dir, 0o755);
    const app = 'podman-rootless';
    const started = Date.now();
    const result = spawnSync(
      'runuser',
      [
        '-u',
        USER,
        '--',
        ...userEnv(),
        process.execPath,
        BIN,
        '--yes',
        '--no-buildkit',
        '--app-name',
        app,
        '--report',
        'report.json',
      ],
      { cwd: dir, encoding: 'utf8', timeout: 900_000 },
    );
    const output = `${result.stdout}\n${result.stderr}`;
    assert.equal(result.status, 0, output);
    assert.match(output, /^Engine: podman 4\.\d+\.\d+ \(docker did not answer\)$/m);
    const report = verifyReport(dir, output);
    console.log(`      rootless podman verification: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.match(report.engine, /^podman \(rootless podman client/);
    // The kernel's uid inside the container's namespace, not the subordinate host uid it maps to.
    assert.ok(report.uid > 0 && report.uid < 65536, `container uid ${report.uid}`);
    assert.match(check(report, 'non-root user').detail, /as the kernel sees it/);
    assert.match(check(report, 'healthcheck').detail, /reached healthy/);
    assert.deepEqual(leftovers(app, USER), []);
  });
});
