/**
 * Injected faults with the real engine. Each must end with a clear message, a non-zero exit, the
 * user's files untouched and no verification container or image left behind.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import { BIN, ENGINE, NETWORK_ENV, freePort, leftovers, slimDocker, treeHash } from './helpers.js';
import { tempDir } from '../support/temp-tree.js';

/** A generated Flask project (no verification yet), with a secret planted. */
async function project(): Promise<{ dir: string; port: number }> {
  const dir = tempDir('slim-fault-');
  const port = await freePort();
  const generated = slimDocker(
    ['--yes', '--sample-app', '--skip-verify', '--port', String(port), '--app-name', 'faulty'],
    dir,
  );
  assert.equal(generated.status, 0, generated.output);
  writeFileSync(join(dir, '.env'), 'TOKEN=secret\n');
  return { dir, port };
}

/** Runs `slim-docker verify` and asserts the common outcome of every fault. */
function verifyFails(dir: string, args: string[], expected: RegExp, env: NodeJS.ProcessEnv = {}, code = 1) {
  const before = treeHash(dir);
  const { status, output } = slimDocker(['verify', '.', ...args], dir, 300_000, env);
  assert.equal(status, code, output);
  assert.match(output, expected);
  assert.deepEqual(treeHash(dir), before, 'user files untouched');
  assert.deepEqual(leftovers('faulty'), [], 'no verification containers or images left');
  return output;
}

/** Starts the bin, sends SIGINT once the output matches `when`, and resolves with its exit. */
function interruptWhen(
  dir: string,
  when: RegExp,
  extraArgs: string[] = [],
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'verify', '.', ...extraArgs], {
      cwd: dir,
      env: { ...process.env, SLIM_DOCKER_ENGINE: ENGINE, ...NETWORK_ENV },
    });
    let output = '';
    let sent = false;
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit within 180 s; output:\n${output}`));
    }, 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!sent && when.test(output)) {
        sent = true;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(deadline);
      resolve({ code, output });
    });
  });
}

describe('faults with the real engine', () => {
  it('engine binary missing', async () => {
    const { dir } = await project();
    verifyFails(dir, ['--engine', '/nonexistent/docker'], /engine not found: \/nonexistent\/docker/);
  });

  it('daemon not answering (DOCKER_HOST points at a dead socket)', async () => {
    const { dir } = await project();
    verifyFails(dir, [], /engine does not answer/, { DOCKER_HOST: `unix://${join(tmpdir(), 'no-daemon-here.sock')}` });
  });

  it('a build that fails (bad requirement)', async () => {
    const { dir } = await project();
    writeFileSync(join(dir, 'requirements.txt'), 'flask==3.1.3\nno-such-package-slim-docker-zz==0.0.1\n');
    verifyFails(dir, [], /cold build.*failed|build .*failed/s);
  });

  it('a container that exits at start', async () => {
    const { dir } = await project();
    writeFileSync(join(dir, 'app.py'), 'print("this module has no app object")\n');
    verifyFails(dir, ['--timeout', '30'], /the\s+container\s+exited\s+with\s+code\s+\d+/);
  });

  it('the port already in use, on the host network (the container needs the port itself there)', async () => {
    const { dir, port } = await project();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '0.0.0.0', resolve));
    try {
      verifyFails(dir, [], new RegExp(`port ${port} is already in use`), { SLIM_DOCKER_NETWORK: 'host' });
    } finally {
      holder.close();
    }
  });

  it('a server slower than the timeout', async () => {
    const { dir } = await project();
    writeFileSync(join(dir, 'app.py'), 'import time\ntime.sleep(60)\nfrom flask import Flask\napp = Flask(__name__)\n');
    verifyFails(dir, ['--timeout', '4'], /no\s+answer\s+within\s+4\s+s/);
  });

  it('Ctrl-C (SIGINT) during the build', async () => {
    const { dir } = await project();
    const before = treeHash(dir);
    const { code, output } = await interruptWhen(dir, /cold build \(no layer cache\)/);
    assert.equal(code, 130, output);
    assert.match(output, /interrupted/i);
    assert.deepEqual(treeHash(dir), before);
    assert.deepEqual(leftovers('faulty'), []);
  });

  it('Ctrl-C (SIGINT) while the container runs', async () => {
    const { dir } = await project();
    writeFileSync(join(dir, 'app.py'), 'import time\ntime.sleep(120)\n');
    const before = treeHash(dir);
    const { code, output } = await interruptWhen(dir, /▸ GET http/, ['--timeout', '120']);
    assert.equal(code, 130, output);
    assert.deepEqual(treeHash(dir), before);
    assert.deepEqual(leftovers('faulty'), []);
  });
});

/**
 * The daemon dies during verification. A second, private dockerd (own socket, data root and containerd
 * namespace, still without a bridge) is killed mid-build, so the shared engine is never disturbed.
 */
describe('the daemon stops during verification', () => {
  // Not removed at exit by the helper: after() unmounts the private daemon's mounts first, then removes it.
  const root = tempDir('slim-dockerd-', { removeAtExit: false });
  const socket = `unix://${root}/docker.sock`;
  // Its builds and container use the host network: this test is about the daemon going away.
  const env = { DOCKER_HOST: socket, SLIM_DOCKER_NETWORK: 'host' };
  // A bridge of its own: dockerd started with --bridge=none deletes the default docker0, which the
  // machine's own daemon (and every other test on the default bridge) is using.
  const bridge = 'slimfault0';

  const startDaemon = async () => {
    spawnSync(
      'sh',
      [
        '-c',
        `ip link show ${bridge} >/dev/null 2>&1 || { ip link add ${bridge} type bridge && ip addr add 172.18.254.1/24 dev ${bridge}; }`,
      ],
      { timeout: 10_000 },
    );
    const daemon = spawn(
      'dockerd',
      [
        `--bridge=${bridge}`,
        '--iptables=false',
        '--ip-masq=false',
        '-H',
        socket,
        '--data-root',
        `${root}/data`,
        '--exec-root',
        `${root}/exec`,
        '--pidfile',
        `${root}/docker.pid`,
        '--containerd-namespace',
        'slimfault',
        '--containerd-plugins-namespace',
        'slimfault-plugins',
      ],
      { detached: true, stdio: ['ignore', openSync(`${root}/dockerd.log`, 'a'), openSync(`${root}/dockerd.log`, 'a')] },
    );
    daemon.unref();
    for (let attempt = 0; attempt < 60; attempt++) {
      if (spawnSync(ENGINE, ['info'], { env: { ...process.env, ...env }, timeout: 5000 }).status === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(
      `the private dockerd did not answer within 30 s:\n${readFileSync(`${root}/dockerd.log`, 'utf8').split('\n').slice(-8).join('\n')}`,
    );
  };
  /** Stops the daemon like `systemctl stop docker` would (SIGTERM), waiting a bounded time for it to exit. */
  const stopDaemon = () => {
    const pid = Number(readFileSync(`${root}/docker.pid`, 'utf8'));
    process.kill(pid, 'SIGTERM');
    spawnSync(
      'sh',
      ['-c', `for i in $(seq 1 60); do kill -0 ${pid} 2>/dev/null || exit 0; sleep 0.5; done; kill -KILL ${pid}`],
      { timeout: 40_000 },
    );
  };

  before(async () => {
    await startDaemon();
    const save = spawnSync('sh', ['-c', `${ENGINE} save python:3.13-slim | DOCKER_HOST=${socket} ${ENGINE} load`], {
      timeout: 180_000,
      encoding: 'utf8',
    });
    assert.equal(save.status, 0, save.stderr);
  });

  after(() => {
    try {
      stopDaemon();
    } catch {
      // already stopped
    }
    spawnSync(
      'sh',
      [
        '-c',
        `pkill -KILL -f ${root}; grep -o " ${root}[^ ]*" /proc/mounts | sort -r | xargs -r umount -l; rm -rf ${root}; ip link del ${bridge} 2>/dev/null || true`,
      ],
      { timeout: 60_000 },
    );
  });

  it('a clear error, non-zero exit, files untouched, and nothing left once the daemon is back', async () => {
    const { dir } = await project();
    const before = treeHash(dir);
    const result = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'verify', '.'], {
        cwd: dir,
        env: { ...process.env, SLIM_DOCKER_ENGINE: ENGINE, ...NETWORK_ENV, ...env },
      });
      let output = '';
      let killed = false;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`no exit within 180 s:\n${output}`));
      }, 180_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        // Build steps are printed when a build ends (grouped); the step line is printed as it starts.
        if (!killed && /▸ cold build/.test(output)) {
          killed = true;
          stopDaemon();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
    assert.equal(result.code, 1, result.output);
    assert.match(result.output, /FAIL\s+engine\s+[\s\S]*?stopped\s+answering\s+during\s+the\s+cold\s+build/i);
    assert.deepEqual(treeHash(dir), before);
    await startDaemon();
    const left = spawnSync(ENGINE, ['ps', '--all', '--quiet', '--filter', 'label=org.slim-docker.verify'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    }).stdout.trim();
    const images = spawnSync(ENGINE, ['images', '--quiet', '--filter', 'label=org.slim-docker.verify'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    }).stdout.trim();
    assert.equal(left, '', 'no containers');
    assert.equal(images, '', 'no verification images');
  });
});
