/**
 * The engine adapters read what each engine really answers: outputs captured from docker 20.10
 * (Debian's client and daemon), the 28.x client against that daemon, and podman 4.3.1 (rootful and
 * rootless), kept byte for byte in engine-outputs/.
 */
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import {
  imageRefs,
  namespaceUid,
  parseHostPort,
  parseImage,
  parseState,
  parseTopUid,
  parseVersion,
  shortRef,
} from '../../src/verify/engines/parse.js';
import { createEngine, detectEngine } from '../../src/verify/engines/index.js';
import { buildProgress, Steps } from '../../src/verify/progress.js';
import { parseEngine } from '../../src/input/fields.js';
import { tempDir } from '../support/temp-tree.js';

const output = (name: string) => readFileSync(new URL(`engine-outputs/${name}`, import.meta.url), 'utf8');

describe('engine adapters: versions', () => {
  it('docker 20.10 and the 28.x client: client and daemon versions', () => {
    assert.deepEqual(parseVersion(output('docker20-version.json')), {
      kind: 'docker',
      client: '20.10.24+dfsg1',
      server: '20.10.24+dfsg1',
    });
    assert.deepEqual(parseVersion(output('docker28-version.json')), {
      kind: 'docker',
      client: '28.2.2',
      server: '20.10.24+dfsg1',
    });
  });
  it('a docker client whose daemon is down answers with Server null: no server version', () => {
    assert.equal(parseVersion(output('docker28-nodaemon.json'))?.server, '');
    assert.equal(parseVersion(output('docker20-nodaemon.json'))?.server, '');
  });
  it("podman 4.3 answers its client alone, in its own field names: podman, whatever the command's name", () => {
    assert.deepEqual(parseVersion(output('podman-version.json')), {
      kind: 'podman',
      client: '4.3.1',
      server: '4.3.1',
    });
  });
  it('no JSON, no version', () => {
    assert.equal(parseVersion('Cannot connect to the Docker daemon'), undefined);
    assert.equal(parseVersion(''), undefined);
  });
});

describe('engine adapters: containers', () => {
  it('published ports: docker 20.10, 28.x and podman print ADDRESS:PORT', () => {
    assert.equal(parseHostPort(output('docker20-port.txt')), 32768);
    assert.equal(parseHostPort(output('docker28-port.txt')), 32768);
    assert.equal(parseHostPort(output('podman-port.txt')), 46291);
    assert.equal(parseHostPort('0.0.0.0:49153\n[::]:49153\n'), 49153);
    assert.equal(parseHostPort(''), undefined);
  });
  it('health: docker .State.Health, podman 4.3 (starting until a check runs, then healthy)', () => {
    assert.deepEqual(parseState(output('docker-state-healthy.json')), {
      running: true,
      exitCode: 0,
      health: 'healthy',
    });
    assert.deepEqual(parseState(output('podman-state-starting.json')), {
      running: true,
      exitCode: 0,
      health: 'starting',
    });
    assert.deepEqual(parseState(output('podman-state-healthy.json')).health, 'healthy');
    assert.equal(parseState('{"Running":true,"ExitCode":0,"Healthcheck":{"Status":"unhealthy"}}').health, 'unhealthy');
    assert.equal(parseState('{"Running":false,"ExitCode":3,"Health":{"Status":""}}').health, '');
  });
  it('the kernel uid: docker top, and /proc status through the uid map (rootless podman: 110000 is 10001)', () => {
    assert.equal(parseTopUid(output('docker-top.txt'), '14284'), 10001);
    assert.equal(namespaceUid(output('podman-rootless-status.txt'), output('podman-rootless-uid_map.txt')), 10001);
    assert.equal(namespaceUid(output('podman-rootless-status.txt'), output('rootful-uid_map.txt')), 110000);
    assert.equal(namespaceUid('Uid:\t0\t0\t0\t0\n', output('podman-rootless-uid_map.txt')), undefined);
    assert.equal(namespaceUid('Uid:\t1001\t1001\t1001\t1001\n', output('podman-rootless-uid_map.txt')), 0);
  });
});

describe('engine adapters: images', () => {
  it('docker keeps HEALTHCHECK in Config; podman (docker format) beside it, in an array of one', () => {
    for (const name of ['docker-image-inspect.json', 'podman-image-inspect.json']) {
      const image = parseImage(output(name));
      assert.equal(image.user, 'app', name);
      assert.deepEqual(image.exposedPorts, ['8000/tcp'], name);
      assert.equal(image.hasHealthcheck, true, name);
      assert.deepEqual(image.healthcheck, ['CMD-SHELL', 'test -f /hello'], name);
      assert.deepEqual(image.cmd, ['sleep', '300'], name);
      assert.ok(image.layers.length >= 1 && image.size > 0, name);
    }
  });
  it('podman names local images localhost/…; matching by short name keeps the kept image', () => {
    assert.equal(shortRef('localhost/app:verified'), 'app:verified');
    assert.equal(shortRef('docker.io/library/python:3.13-slim'), 'python:3.13-slim');
    assert.deepEqual(imageRefs(output('podman-images-label.txt'), 'capt/app:1'), ['localhost/capt/app:2']);
    assert.deepEqual(imageRefs('abc <none>:<none>\ndef app:1\n'), ['abc', 'app:1']);
  });
  it("podman's build output: its steps, and the ones from its cache marked", () => {
    const lines: string[] = [];
    const progress = buildProgress(new Steps((line) => lines.push(line), undefined));
    for (const line of output('podman-build-warm.txt').split('\n')) progress.onLine(line);
    progress.flush();
    assert.equal(lines.length, 8);
    assert.match(lines[0], /STEP 1\/8: FROM debian:trixie-slim$/);
    assert.match(lines[1], /STEP 2\/8: RUN useradd -u 10001 app {2}\(cached\)$/);
  });
});

describe('engine adapters: choosing one', () => {
  const fakeCli = (answer: string, info = 'false') => {
    const path = join(tempDir('slim-engine-cli-'), 'engine');
    writeFileSync(
      path,
      `#!/bin/sh\ncase "$1" in version) printf '%s\\n' '${answer}';; info) echo ${info};; *) exit 1;; esac\n`,
    );
    chmodSync(path, 0o755);
    return path;
  };
  it('the adapter follows the binary’s own answer, not its name (a docker that is podman)', async () => {
    const shim = fakeCli(output('podman-version.json').trim());
    assert.equal((await createEngine(shim, undefined)).kind, 'podman');
    assert.equal((await createEngine(fakeCli(output('docker20-version.json').trim()), undefined)).kind, 'docker');
    assert.equal((await createEngine('/nonexistent/podman', undefined)).kind, 'podman');
    assert.equal((await createEngine('/nonexistent/docker', undefined)).kind, 'docker');
  });
  it('with none named, the first that answers, said in one line', async () => {
    const podman = fakeCli(output('podman-version.json').trim(), 'true');
    const found = await detectEngine(undefined, undefined, ['/nonexistent/docker', podman]);
    assert.equal(found.engine.command, podman);
    assert.equal(found.line, `Engine: podman 4.3.1 via ${podman} (/nonexistent/docker did not answer)`);
    const none = await detectEngine(undefined, undefined, ['/nonexistent/docker', '/nonexistent/podman']);
    assert.equal(none.engine.command, '/nonexistent/docker');
    assert.match(none.line, /none answered/);
  });
  it('a newer client against an older daemon names both (the client decides what builds)', async () => {
    const docker = fakeCli(output('docker28-version.json').trim(), 'true');
    const found = await detectEngine(undefined, undefined, [docker]);
    assert.match(found.line, /^Engine: docker 20\.10\.24\+dfsg1 \(client 28\.2\.2\) via /);
  });
  it('--engine is docker, podman or an absolute path', () => {
    for (const ok of ['docker', 'podman', '/usr/bin/docker', '/usr/local/bin/podman-remote'])
      assert.equal(parseEngine('--engine', ok), ok);
    for (const bad of ['docker; rm -rf /', 'bin/docker', 'nerdctl', '/usr/bin/../bin/docker', '/', 'docker\n'])
      assert.throws(() => parseEngine('--engine', bad), /--engine/);
  });
});
