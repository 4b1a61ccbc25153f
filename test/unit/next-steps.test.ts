/** Next steps printed for the engine a run used (issue 22 item 4): each command works as printed there. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { legacyBuilderDefault, type EngineFacts } from '../../src/session/engine-facts.js';
import { nextStepLines, type NextStepsInput } from '../../src/session/next-steps.js';

const input: NextStepsInput = {
  appName: 'shop',
  port: 8000,
  buildkit: true,
  secrets: '',
  hasCompose: false,
  sub: (name) => `slim-docker ${name}`,
  verified: true,
};
const docker28: EngineFacts = {
  command: 'docker',
  kind: 'docker',
  client: '28.5.2',
  legacyBuilderDefault: false,
  compose: 'docker compose',
};

describe('next steps for the engine used (issue 22 item 4)', () => {
  it('Docker 20.10 builds with the legacy builder by default: DOCKER_BUILDKIT=1 when the Dockerfile needs BuildKit', () => {
    assert.equal(legacyBuilderDefault('docker', '20.10.24+dfsg1'), true);
    assert.equal(legacyBuilderDefault('docker', '28.5.2'), false);
    assert.equal(legacyBuilderDefault('podman', '4.3.1'), false);
    assert.equal(legacyBuilderDefault('docker', undefined), false);
    const old = { ...docker28, client: '20.10.24', legacyBuilderDefault: true };
    assert.equal(nextStepLines(input, old)[2], '  DOCKER_BUILDKIT=1 docker build -t shop .');
    assert.equal(nextStepLines({ ...input, buildkit: false }, old)[2], '  docker build -t shop .');
    assert.equal(nextStepLines(input, docker28)[2], '  docker build -t shop .');
  });

  it('the network verification used is in the build and the run (host: no -p, the port is the host’s)', () => {
    const lines = nextStepLines(input, { ...docker28, network: 'host' });
    assert.equal(lines[2], '  docker build --network host -t shop .');
    assert.match(lines[3], /^ {2}docker run --rm --network host shop {2}# open http:\/\/127\.0\.0\.1:8000\/$/);
    const named = nextStepLines(input, { ...docker28, network: 'ci-net' });
    // Too long for one line with its note: the note goes above it, as a shell comment.
    assert.equal(named[3], '  # open http://127.0.0.1:8000/');
    assert.equal(named[4], '  docker run --rm --network ci-net -p 127.0.0.1:8000:8000 shop');
    for (const line of named) assert.ok(line.length <= 80, line);
  });

  it('podman commands under podman, with the compose that exists (or none)', () => {
    const podman: EngineFacts = { command: 'podman', kind: 'podman', client: '4.3.1', legacyBuilderDefault: false };
    const lines = nextStepLines({ ...input, hasCompose: true, verified: false }, podman);
    assert.deepEqual(lines, [
      '',
      'Next steps:',
      '  podman build -t shop .',
      '  podman run --rm -p 127.0.0.1:8000:8000 shop  # open http://127.0.0.1:8000/',
      '  # build it for real and prove it: non-root, health, cache reuse, secrets',
      '  slim-docker verify',
    ]);
    assert.equal(
      nextStepLines({ ...input, hasCompose: true }, { ...podman, compose: 'podman-compose' })[4],
      '  podman-compose up --build',
    );
  });

  it('docker compose only with the plugin, else docker-compose, else no compose command', () => {
    assert.equal(nextStepLines({ ...input, hasCompose: true }, docker28)[4], '  docker compose up --build');
    const legacy = { ...docker28, compose: 'docker-compose' };
    assert.equal(nextStepLines({ ...input, hasCompose: true }, legacy)[4], '  docker-compose up --build');
    assert.deepEqual(nextStepLines(input, legacy).slice(4), [
      '  # compose.yaml with the healthcheck',
      '  slim-docker compose && docker-compose up --build',
    ]);
    const none = { ...docker28, compose: undefined };
    assert.equal(nextStepLines({ ...input, hasCompose: true }, none).length, 4);
    assert.doesNotMatch(nextStepLines(input, none).join('\n'), /compose up/);
  });

  it('no engine asked (--skip-verify): the engine named, or docker', () => {
    assert.equal(nextStepLines(input, undefined, '/usr/bin/podman')[2], '  podman build -t shop .');
    assert.equal(nextStepLines(input, undefined)[2], '  docker build -t shop .');
  });
});
