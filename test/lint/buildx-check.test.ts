/**
 * BuildKit's own Dockerfile checks (`docker buildx build --check`, buildx v0.19.3 on a standalone
 * buildkitd v0.18.2) over every golden Dockerfile: zero warnings allowed. The builder and the registry it
 * resolves FROM images through come from scripts/buildkit-up.sh; without them these tests fail (CI runs
 * them), they never skip.
 *
 * --check runs no RUN step, but it does resolve every stage's base image config (its env feeds the
 * UndefinedVar rule): FROM goes through the local registry, which mirrors docker.io and gcr.io with the
 * stand-ins, and with a check-only placeholder for a base no stand-in exists for here (alpine, ...).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'mocha';
import { DOCKERIGNORE_GOLDEN, goldenDockerfiles } from '../support/examples.js';
import { tempDir } from '../support/temp-tree.js';

/** The 28.x client, with buildx as its plugin (scripts/buildkit-up.sh installs it). */
const DOCKER = process.env.SLIM_BUILDX_DOCKER ?? '/usr/local/bin/docker';
const BUILDER = 'slim-docker-ci';
const SETUP = 'run scripts/buildkit-up.sh (root) first';
const CLEAN = /^Check complete, no warnings found\.$/m;

function run(args: string[]): { status: number; output: string } {
  const result = spawnSync(DOCKER, args, {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, BUILDKIT_PROGRESS: 'plain' },
  });
  return {
    status: result.status ?? -1,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`,
  };
}

/**
 * `docker buildx build --check` of one Dockerfile, in a context holding only its .dockerignore (the
 * checks read no other file). Returns the exit status and the client's output (the warnings, each with
 * its rule, line and source excerpt).
 */
function check(dockerfile: string, dockerignore?: string): { status: number; output: string } {
  const context = tempDir('slim-buildx-check-');
  if (dockerignore !== undefined && existsSync(dockerignore))
    copyFileSync(dockerignore, join(context, '.dockerignore'));
  return run(['buildx', 'build', '--builder', BUILDER, '--check', '--file', dockerfile, context]);
}

/** What a failing check prints: the warnings, without the progress lines around them. */
function warnings(output: string): string {
  return output
    .split('\n')
    .filter((line) => !/^#\d+ /.test(line))
    .join('\n')
    .trim();
}

describe('docker buildx build --check over every golden Dockerfile', () => {
  it(`the ${DOCKER} client has the buildx plugin (${SETUP})`, () => {
    const { status, output } = run(['buildx', 'version']);
    assert.equal(status, 0, `${DOCKER} buildx version: ${output}\n${SETUP}`);
    assert.match(output, /github\.com\/docker\/buildx v0\.\d+/);
  });

  it(`the ${BUILDER} builder is a running standalone BuildKit (${SETUP})`, () => {
    const { status, output } = run(['buildx', 'inspect', '--bootstrap', BUILDER]);
    assert.equal(status, 0, `docker buildx inspect ${BUILDER}: ${output}\n${SETUP}`);
    assert.match(output, /^Driver:\s+remote$/m);
    assert.match(output, /^Status:\s+running$/m);
  });

  it('the check does flag a bad Dockerfile (the gate can fail)', () => {
    const dir = tempDir('slim-buildx-check-bad-');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.13-slim as build\nCMD python app.py\n');
    const { status, output } = check(join(dir, 'Dockerfile'));
    assert.notEqual(status, 0, output);
    assert.match(output, /WARNING: FromAsCasing/);
    assert.match(output, /WARNING: JSONArgsRecommended/);
  });

  it('an unknown base image is an error, not a pass (FROM must resolve)', () => {
    const dir = tempDir('slim-buildx-check-unknown-');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM slim-docker-no-such-image:0\nCMD ["true"]\n');
    const { status, output } = check(join(dir, 'Dockerfile'));
    assert.notEqual(status, 0, output);
    assert.match(output, /failed to resolve source metadata/);
    assert.doesNotMatch(output, CLEAN);
  });

  for (const golden of goldenDockerfiles()) {
    it(`${golden.name}: no warnings`, () => {
      const { status, output } = check(golden.path, join(dirname(golden.path), DOCKERIGNORE_GOLDEN));
      assert.ok(status === 0 && CLEAN.test(output), `${golden.path} (exit ${status}):\n${warnings(output)}`);
    });
  }
});
