/**
 * Safe on untrusted repositories (issue 13), through the bin: a hostile team config in a cloned repo
 * runs nothing under --yes; credentials an install needs reach it only as a build secret (a private
 * registry on loopback that answers only with the token: the real engine builds through it, the image
 * keeps neither the file nor the token); a full or read-only disk leaves the old files and says so in
 * one line (exit 3); two runs in one folder; a run in $HOME.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import { create as createTar } from 'tar';
import { LOCK_FILE } from '../../src/session/files.js';
import { tempDir, treeHash, writeTree } from '../support/temp-tree.js';
import {
  BIN,
  ENGINE,
  NETWORK_ENV,
  ROOT,
  check,
  freePort,
  leftovers,
  slimDocker,
  type Report,
  readReport,
} from './helpers.js';

/** The bin, without blocking this process (a server in this process must keep answering meanwhile). */
function slimDockerAsync(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 600_000,
): Promise<{ status: number; output: string; pid: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, SLIM_DOCKER_ENGINE: ENGINE, ...NETWORK_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, output, pid: child.pid! });
    });
  });
}

/** Trust and other user state of these runs stays in a folder of the test's own. */
const stateEnv = () => ({ XDG_CONFIG_HOME: tempDir('slim-e2e-xdg-') });
/** The error line of a run (stderr's last line). */
const lastLine = (output: string) => output.trim().split('\n').pop() ?? '';

describe('a cloned repository with a hostile team config (bin, --yes)', () => {
  it('runs no template, writes nothing, and says in one line how to trust it (exit 2)', () => {
    const parent = tempDir('slim-e2e-hostile-');
    const marker = join(parent, 'PWNED');
    writeTree(parent, {
      '.slim-docker.json': JSON.stringify({ templates: './tpl', registry: 'evil.example/hub' }),
      'tpl/python/Dockerfile.ejs': `<% process.getBuiltinModule('child_process').execSync('touch ${marker}') %>FROM evil\n`,
      'tpl/python/dockerignore.ejs': '.git\n',
    });
    const project = join(parent, 'cloned');
    mkdirSync(project);
    const { status, output } = slimDocker(['--yes', '--skip-verify'], project, 60_000, stateEnv());
    assert.equal(status, 2, output);
    assert.match(
      lastLine(output),
      /^slim-docker: .*\.slim-docker\.json: was found \(in \.\.\), not given with --config, and is not trusted yet: it sets templates \(code that runs as you\), registry; review it, then rerun with --trust-config/,
    );
    assert.match(output, /registry: every base image comes from evil\.example\/hub\/ instead of Docker Hub/);
    assert.ok(!existsSync(marker), 'the template never ran');
    assert.deepEqual(readdirSync(project), []);
  });
});

/**
 * A private npm registry on 127.0.0.1 that serves one package, and only to a request carrying the
 * token: a build gets it only when the .npmrc reaches `npm ci` (as a build secret).
 */
async function privateRegistry(token: string): Promise<{
  server: Server;
  url: string;
  authorized: () => number;
  refused: () => number;
  tarball: Buffer;
}> {
  const dir = tempDir('slim-e2e-pkg-');
  writeTree(dir, {
    'package/package.json': JSON.stringify({ name: '@slimtest/greeting', version: '1.0.0', main: 'index.js' }),
    // Random per run: nothing about this package can be in any cache yet.
    'package/index.js': `module.exports = 'private hello ${randomBytes(6).toString('hex')}';\n`,
  });
  await createTar({ gzip: true, cwd: dir, file: join(dir, 'greeting.tgz'), portable: true }, ['package']);
  const tarball = readFileSync(join(dir, 'greeting.tgz'));
  let authorized = 0;
  let refused = 0;
  const server = createServer((request, response) => {
    if (request.headers.authorization !== `Bearer ${token}`) {
      refused++;
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"token required"}');
      return;
    }
    authorized++;
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (request.url?.endsWith('.tgz')) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball);
      return;
    }
    const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
    const shasum = createHash('sha1').update(tarball).digest('hex');
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        name: '@slimtest/greeting',
        'dist-tags': { latest: '1.0.0' },
        versions: {
          '1.0.0': {
            name: '@slimtest/greeting',
            version: '1.0.0',
            main: 'index.js',
            dist: { tarball: `${base}/@slimtest/greeting/-/greeting-1.0.0.tgz`, integrity, shasum },
          },
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    authorized: () => authorized,
    refused: () => refused,
    tarball,
  };
}

describe('an .npmrc token reaches `npm ci` as a build secret, and nothing of it the image (real engine)', () => {
  const token = `npm_${randomBytes(18).toString('hex').slice(0, 36)}`;
  let registry: Awaited<ReturnType<typeof privateRegistry>>;
  let dir: string;
  let report: Report;
  let plainBuild: { status: number; output: string };
  let run: { status: number; output: string };

  before(async () => {
    registry = await privateRegistry(token);
    dir = join(tempDir('slim-e2e-npmrc-'), 'private-api');
    mkdirSync(dir);
    const lock = JSON.parse(
      readFileSync(join(ROOT, 'test/examples/express-lockfile/project/package-lock.json'), 'utf8'),
    );
    lock.name = 'private-api';
    lock.packages[''].name = 'private-api';
    lock.packages[''].dependencies['@slimtest/greeting'] = '1.0.0';
    lock.packages['node_modules/@slimtest/greeting'] = {
      version: '1.0.0',
      resolved: `${registry.url}@slimtest/greeting/-/greeting-1.0.0.tgz`,
      integrity: `sha512-${createHash('sha512').update(registry.tarball).digest('base64')}`,
    };
    const pkg = JSON.parse(readFileSync(join(ROOT, 'test/examples/express-lockfile/project/package.json'), 'utf8'));
    writeTree(dir, {
      'package.json': JSON.stringify(
        { ...pkg, name: 'private-api', dependencies: { ...pkg.dependencies, '@slimtest/greeting': '1.0.0' } },
        null,
        2,
      ),
      'package-lock.json': JSON.stringify(lock, null, 2),
      'src/index.js': readFileSync(join(ROOT, 'test/examples/express-lockfile/project/src/index.js'), 'utf8').replace(
        "res.send('express ok')",
        "res.send(require('@slimtest/greeting'))",
      ),
      '.npmrc': `@slimtest:registry=${registry.url}\n${registry.url.replace(/^http:/, '')}:_authToken=${token}\n`,
    });
    const port = await freePort();
    // The private registry listens on this machine's loopback: only a build on the host network reaches it
    // (on the bridge, 127.0.0.1 inside the build is the build's own container).
    run = await slimDockerAsync(['--yes', '--port', String(port), '--report', join(dir, '..', 'report.json')], dir, {
      ...stateEnv(),
      SLIM_DOCKER_NETWORK: 'host',
    });
    if (existsSync(join(dir, '..', 'report.json'))) report = readReport(join(dir, '..', 'report.json'));
    // Control: the same Dockerfile built without the secret cannot install the private package.
    plainBuild = await new Promise((resolve) => {
      const child = spawn(
        ENGINE,
        [
          'build',
          '--network',
          'host',
          '--no-cache',
          '--label',
          'org.slim-docker.e2e=npmrc',
          '-t',
          'slim-docker-e2e/npmrc-control:1',
          dir,
        ],
        { env: { ...process.env, DOCKER_BUILDKIT: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('close', (code) => resolve({ status: code ?? -1, output }));
    });
  });

  after(() => {
    registry?.server.close();
    // Built only if the control wrongly succeeded: removed quietly either way.
    spawnSync(ENGINE, ['rmi', 'slim-docker-e2e/npmrc-control:1'], { stdio: 'ignore', timeout: 60_000 });
  });

  it('generates the secret mount, keeps .npmrc out, prints the build command; verification builds and passes', () => {
    assert.equal(run.status, 0, run.output);
    assert.match(readFileSync(join(dir, 'Dockerfile'), 'utf8'), /--mount=type=secret,id=npmrc,target=\/root\/\.npmrc/);
    assert.match(readFileSync(join(dir, '.dockerignore'), 'utf8'), /^\*\*\/\.npmrc$/m);
    assert.match(run.output, /Build it with: docker build --secret id=npmrc,src=\.npmrc -t private-api \./);
    assert.ok(report.ok, JSON.stringify(report.checks, null, 1));
    assert.match(report.httpBody, /private hello [0-9a-f]{12}/, 'the private package is what the app serves');
  });

  it('the registry saw the token (from the secret), and the build without the secret is refused by it', () => {
    assert.ok(registry.authorized() >= 1, `authorized requests: ${registry.authorized()}`);
    assert.notEqual(plainBuild.status, 0, 'built without the token?');
    assert.match(plainBuild.output, /E401|401|token required/);
  });

  it('the image holds neither .npmrc nor the token, and verification said nothing of its value', () => {
    assert.ok(check(report, 'secrets kept out').ok, check(report, 'secrets kept out').detail);
    assert.match(check(report, 'secrets kept out').detail, /\.npmrc/);
    assert.ok(!run.output.includes(token), 'the token is never printed');
    assert.ok(!JSON.stringify(report).includes(token));
    assert.deepEqual(leftovers('private-api'), []);
  });
});

/** A small tmpfs for this test, unmounted (and removed) afterwards. */
function smallDisk(kilobytes: number): { mount: string; unmount: () => void } {
  const mount = tempDir('slim-e2e-disk-', { removeAtExit: false });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kilobytes}k`, 'tmpfs', mount]);
  return {
    mount,
    unmount: () => {
      execFileSync('umount', [mount]);
      rmSync(mount, { recursive: true, force: true });
    },
  };
}

/** Fills the file system under dir to the last byte. */
function fill(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const page = Buffer.alloc(4096, 1);
  try {
    for (let i = 0; i < 100_000; i++) writeSync(fd, page);
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    closeSync(fd);
  }
}

describe('a full or read-only disk (a small tmpfs)', () => {
  it('full: the run stops with one line naming the file (exit 3); the old Dockerfile and .yo-rc.json stay, no 0-byte or temporary file', () => {
    const disk = smallDisk(64);
    try {
      const project = join(disk.mount, 'full');
      mkdirSync(project);
      const first = slimDocker(['--yes', '--skip-verify', '--skip-install'], project, 60_000, stateEnv());
      assert.equal(first.status, 0, first.output);
      const before = treeHash(project);
      // One page left, taken by the lock: the staged Dockerfile finds the disk full.
      writeFileSync(join(disk.mount, 'spare'), 'x');
      fill(disk.mount);
      rmSync(join(disk.mount, 'spare'));
      const second = slimDocker(['--yes', '--skip-verify', '--port', '8000'], project, 60_000, stateEnv());
      assert.equal(second.status, 3, second.output);
      assert.equal(
        lastLine(second.output),
        'slim-docker: Dockerfile: cannot write: no space left on the device (ENOSPC)',
      );
      assert.deepEqual(treeHash(project), before, 'every file as it was (none truncated), nothing staged left');
      assert.ok(readFileSync(join(project, 'Dockerfile'), 'utf8').length > 0);
      // Room again: the next run works and takes the answer.
      rmSync(join(disk.mount, 'filler'));
      const third = slimDocker(['--yes', '--skip-verify', '--port', '8000'], project, 60_000, stateEnv());
      assert.equal(third.status, 0, third.output);
      assert.match(readFileSync(join(project, 'Dockerfile'), 'utf8'), /^EXPOSE 8000$/m);
    } finally {
      disk.unmount();
    }
  });

  it('read-only: one line naming the path (exit 3), nothing changed', () => {
    const disk = smallDisk(256);
    try {
      const project = join(disk.mount, 'ro');
      mkdirSync(project);
      assert.equal(slimDocker(['--yes', '--skip-verify', '--skip-install'], project, 60_000, stateEnv()).status, 0);
      const before = treeHash(project);
      execFileSync('mount', ['-o', 'remount,ro', disk.mount]);
      const run = slimDocker(['--yes', '--skip-verify', '--port', '8000'], project, 60_000, stateEnv());
      assert.equal(run.status, 3, run.output);
      assert.match(lastLine(run.output), /^slim-docker: \S+: .*the file system is read-only \(EROFS\)$/);
      assert.deepEqual(treeHash(project), before);
    } finally {
      disk.unmount();
    }
  });

  it('a folder where the Dockerfile belongs: one line, exit 2 (bad input), nothing written', () => {
    const project = join(tempDir('slim-e2e-eisdir-'), 'app');
    mkdirSync(join(project, 'Dockerfile'), { recursive: true });
    const run = slimDocker(['--yes', '--skip-verify', '--skip-install'], project, 60_000, stateEnv());
    assert.equal(run.status, 2, run.output);
    assert.equal(
      lastLine(run.output),
      'slim-docker: Dockerfile: is a folder; slim-docker writes a file there: move it away first',
    );
    assert.deepEqual(readdirSync(project), ['Dockerfile']);
  });
});

describe('two runs in one folder, and a run in $HOME', () => {
  it('the second run stops with one line naming the first (exit 3); the first finishes, its files whole', async () => {
    const project = join(tempDir('slim-e2e-twice-'), 'twice');
    mkdirSync(project);
    // An engine that takes 4 s to say it is not there: the first run holds the folder meanwhile.
    const slowEngine = join(tempDir('slim-e2e-engine-'), 'slow-engine');
    writeFileSync(slowEngine, '#!/bin/sh\nsleep 4\necho "no daemon here" >&2\nexit 1\n');
    chmodSync(slowEngine, 0o755);
    const first = slimDockerAsync(['--yes', '--skip-install', '--engine', slowEngine], project, stateEnv(), 60_000);
    const deadline = Date.now() + 20_000;
    while (!existsSync(join(project, LOCK_FILE)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(existsSync(join(project, LOCK_FILE)), 'the first run took the lock');
    const second = slimDocker(['--yes', '--skip-verify', '--language', 'go'], project, 60_000, stateEnv());
    const firstDone = await first;
    assert.equal(second.status, 3, second.output);
    assert.match(
      lastLine(second.output),
      new RegExp(
        `^slim-docker: \\.slim-docker\\.lock: another slim-docker run \\(pid ${firstDone.pid}\\) is working in .*twice; wait for it to finish`,
      ),
    );
    assert.equal(firstDone.status, 0, firstDone.output);
    assert.match(
      readFileSync(join(project, 'Dockerfile'), 'utf8'),
      /^FROM python:/m,
      "the first run's files, not mixed",
    );
    assert.ok(!existsSync(join(project, 'go.mod')));
    assert.ok(!existsSync(join(project, LOCK_FILE)), 'released at exit');
  });

  it('$HOME: refused without --force (exit 2); nothing of it read or written', () => {
    const home = tempDir('slim-e2e-home-');
    // A stray Flask app in the home folder: without the refusal the run would proceed and send it all.
    writeTree(home, {
      '.ssh/id_ed25519': 'PRIVATE\n',
      '.aws/credentials': '[default]\n',
      '.bash_history': 'ls\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'requirements.txt': 'flask==3.1.3\n',
    });
    const before = treeHash(home);
    const run = slimDocker(['--yes', '--skip-verify'], home, 60_000, { HOME: home, ...stateEnv() });
    assert.equal(run.status, 2, run.output);
    assert.match(
      lastLine(run.output),
      /^slim-docker: folder: .* is your home folder: everything in it \(\.ssh, \.aws, shell history …\)/,
    );
    assert.deepEqual(treeHash(home), before);
  });
});
