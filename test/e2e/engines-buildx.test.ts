/**
 * A current client verifies the sample (issue 19): the 28.x CLI at /usr/local/bin/docker with buildx as
 * its plugin (scripts/buildkit-up.sh installs it), building through the daemon's default builder (the
 * docker driver: the engine's own BuildKit and image store), on the default bridge with the app's port
 * published on 127.0.0.1 — no --network, as users run it. The package's bin, `--yes` in an empty folder.
 * Fails (never skips) when the client or its plugin is missing.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'mocha';
import { leftovers, slimDocker, treeHash, type Report } from './helpers.js';
import { tempDir } from '../support/temp-tree.js';

const CLIENT = process.env.SLIM_BUILDX_DOCKER ?? '/usr/local/bin/docker';
const APP = 'buildx-sample';
/** The bin's engine settings: this client, no --network (the default bridge), the daemon's default builder. */
const ENV = { SLIM_DOCKER_ENGINE: CLIENT, SLIM_DOCKER_NETWORK: '', BUILDX_BUILDER: 'default' };

const client = (args: string[]) =>
  execFileSync(CLIENT, args, { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...ENV } }).trim();

describe(`the ${CLIENT} client with buildx verifies the sample (default builder, default bridge)`, () => {
  let version: string;
  let dir: string;
  let status: number;
  let output: string;
  let report: Report | undefined;

  before(() => {
    version = client(['version', '--format', '{{.Client.Version}}']);
    // Docker 23+ builds through buildx: without the plugin this client falls back to the legacy builder.
    assert.ok(
      Number(version.split('.')[0]) >= 23,
      `${CLIENT} is client ${version}: this test is about a buildx client`,
    );
    assert.match(client(['buildx', 'version']), /github\.com\/docker\/buildx v0\.\d+/, 'run scripts/buildkit-up.sh');
    const builder = client(['buildx', 'inspect', 'default']);
    assert.match(builder, /^Driver:\s+docker$/m, `the default builder is the daemon's:\n${builder}`);

    dir = join(tempDir('slim-buildx-e2e-'), APP);
    mkdirSync(dir);
    ({ status, output } = slimDocker(['--yes', '--report', 'report.json'], dir, 900_000, ENV));
    const file = join(dir, 'report.json');
    report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Report) : undefined;
  });

  /** The --report JSON; its absence fails with the bin's output. */
  const written = (): Report => {
    assert.ok(report, `no report.json written (exit ${status}):\n${output}`);
    return report;
  };

  it('writes the sample, verifies it and exits 0', () => {
    assert.equal(status, 0, output);
    assert.match(output, /Verification: verified \(\d+\/\d+ checks passed\)/);
    const { ok, checks } = written();
    assert.equal(ok, true, JSON.stringify(checks, null, 2));
    assert.ok(
      checks.every((check) => check.ok),
      checks
        .filter((check) => !check.ok)
        .map((check) => `${check.name}: ${check.detail}`)
        .join('\n'),
    );
    for (const file of ['Dockerfile', '.dockerignore', 'app.py', 'requirements.txt'])
      assert.ok(file in treeHash(dir), `${file} written`);
  });

  it(`built with BuildKit through this client (${CLIENT})`, () => {
    const escaped = CLIENT.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    assert.match(
      written().engine,
      new RegExp(`^${escaped} \\(docker client ${version.replace(/\./g, '\\.')}, server .+, BuildKit\\)$`),
    );
    // The generated Dockerfile uses cache and bind mounts: only BuildKit builds it.
    assert.match(readFileSync(join(dir, 'Dockerfile'), 'utf8'), /RUN --mount=type=cache/);
  });

  it('ran on the default bridge, reached through a port published on 127.0.0.1', () => {
    const { httpStatus, exposedPorts, baseImage, uid } = written();
    assert.ok(httpStatus !== undefined && httpStatus < 400, `HTTP status ${httpStatus}`);
    assert.deepEqual(exposedPorts, ['5000/tcp']);
    // On the host network the probe would go to the app's own port; published, it is an ephemeral one.
    const probed = /GET http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
    assert.ok(probed, output);
    assert.notEqual(Number(probed[1]), 5000, `probed the app's own port, not a published one:\n${output}`);
    assert.equal(baseImage, 'python:3.13-slim');
    assert.equal(uid, 10001);
  });

  it('leaves no verification container or image behind', () => {
    assert.deepEqual(leftovers(APP), []);
  });
});
