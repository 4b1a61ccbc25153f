/** The Node.js/Express pack: every rendered combination, parsed and checked for order, user, CMD and health. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'mocha';
import { execArgs, isExecForm, parseDockerfile, type ParsedInstruction } from '../../src/dockerfile-check.js';
import { InputError } from '../../src/errors.js';
import { languagePack } from '../../src/languages/index.js';
import { NODE_PINS, node } from '../../src/languages/node.js';
import { lintDockerfile } from '../../src/lint.js';
import { parseRuntimeVersion } from '../../src/input/fields.js';
import type { Answers } from '../../src/model.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { findDependencyStep } from '../../src/verify/cache-proof.js';
import { contextFilter } from '../../src/verify/context.js';

const defaults: Answers = {
  appName: 'demo',
  language: 'node',
  framework: 'express',
  entrypoint: 'server.js',
  runtimeVersion: '24',
  port: 3000,
  base: 'slim',
  sampleApp: true,
  buildkit: true,
};
const render = async (over: Partial<Answers> = {}) => {
  const files = await renderAll(plan({ ...defaults, ...over }, { folderName: 'demo', empty: true, detected: [] }));
  return Object.fromEntries(files.map((file) => [file.destination, file.contents]));
};
const indexOf = (ins: ParsedInstruction[], what: string, test: (i: ParsedInstruction) => boolean) => {
  const index = ins.findIndex(test);
  assert.ok(index >= 0, `${what} present`);
  return index;
};
const healthScript = (healthArgs: string) => {
  const argv = JSON.parse(healthArgs.replace(/^.*?CMD /, '')) as string[];
  assert.deepEqual(argv.slice(0, 2), ['node', '-e']);
  return argv[2];
};

describe('node pack', () => {
  it('is registered and validates major-only LTS versions', () => {
    assert.equal(languagePack('node'), node);
    assert.equal(node.defaultVersion, '26');
    assert.ok(node.versions.includes(node.defaultVersion));
    for (const v of node.versions) assert.match(v, /^\d+$/);
    assert.equal(parseRuntimeVersion('--runtime-version', '22', 'node'), '22');
    for (const bad of ['24.1', 'v24', 'lts', '21', '18', '']) {
      assert.throws(
        () => parseRuntimeVersion('--runtime-version', bad, 'node'),
        (e: Error) => e instanceof InputError && /Node\.js version/.test(e.message),
      );
    }
  });
  it('maps bases to the official tags', () => {
    assert.equal(node.baseImage('24', 'slim'), 'node:24-slim');
    assert.equal(node.baseImage('22', 'alpine'), 'node:22-alpine');
    assert.equal(node.baseImage('20', 'full'), 'node:20');
  });
  it('creates the lockfile for the sample app only, without scripts or node_modules', () => {
    assert.ok(node.sampleInstall);
    assert.deepEqual(node.sampleInstall.command.slice(0, 3), ['npm', 'install', '--package-lock-only']);
    assert.ok(node.sampleInstall.command.includes('--ignore-scripts'));
  });
  it('detects a Node project by its manifest or lockfile', () => {
    for (const marker of ['package.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml'])
      assert.ok(node.markerFiles.includes(marker));
  });
});

describe('node Dockerfile', () => {
  for (const base of ['slim', 'alpine', 'full']) {
    for (const buildkit of [true, false]) {
      for (const sampleApp of [true, false]) {
        it(`${base} base, buildkit ${buildkit}, sample ${sampleApp}: cache order, node user, exec-form node`, async () => {
          const text = (await render({ base, buildkit, sampleApp, port: 8123, runtimeVersion: '22' })).Dockerfile;
          const parsed = parseDockerfile(text);
          const ins = parsed.instructions;
          assert.equal(parsed.stages, 1);
          assert.doesNotMatch(text, /^# *syntax=/m, 'a syntax line would pull a frontend image');
          assert.equal(ins[0].keyword, 'ARG');
          assert.equal(ins[0].args, 'NODE_VERSION=22');
          const from = ins.find((i) => i.keyword === 'FROM')!.args;
          assert.equal(
            from,
            { slim: 'node:${NODE_VERSION}-slim', alpine: 'node:${NODE_VERSION}-alpine', full: 'node:${NODE_VERSION}' }[
              base
            ],
          );

          const env = indexOf(ins, 'NODE_ENV', (i) => i.keyword === 'ENV' && /^NODE_ENV=production\b/.test(i.args));
          const deps = indexOf(ins, 'npm ci', (i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
          const code = indexOf(ins, 'COPY . .', (i) => i.keyword === 'COPY' && i.args === '. .');
          const switchUser = indexOf(ins, 'USER', (i) => i.keyword === 'USER');
          const cmd = indexOf(ins, 'CMD', (i) => i.keyword === 'CMD');
          assert.ok(
            env < deps && deps < code && code < switchUser && switchUser < cmd,
            'NODE_ENV → deps → code → USER → CMD',
          );
          assert.equal(ins.filter((i) => i.keyword === 'USER').length, 1, 'one USER, after the code');
          assert.equal(ins[switchUser].args, '1000:1000', "the image's own node user, numeric");
          assert.ok(
            !ins.some((i) => i.keyword === 'RUN' && /useradd|adduser|chown/.test(i.args)),
            'no user created, no chown of the code',
          );
          assert.ok(!ins.some((i) => i.keyword === 'COPY' && /--chown/.test(i.args)), 'code stays root-owned');

          // The verifier's cache proof finds exactly this step.
          assert.match(ins[deps].args, node.verification.dependencyStep);
          assert.equal(findDependencyStep(parsed, node.verification.dependencyStep)?.line, ins[deps].line);
          assert.match(ins[deps].args, /npm ci --omit=dev/);
          if (buildkit) {
            assert.match(ins[deps].args, /--mount=type=cache,target=\/root\/\.npm/);
            assert.match(ins[deps].args, /--mount=type=bind,source=package\.json,target=\/app\/package\.json/);
            assert.match(
              ins[deps].args,
              /--mount=type=bind,source=package-lock\.json,target=\/app\/package-lock\.json/,
            );
            assert.doesNotMatch(ins[deps].args, /cache clean/);
          } else {
            assert.doesNotMatch(text, /--mount/);
            assert.equal(ins[deps - 1].keyword, 'COPY');
            assert.equal(ins[deps - 1].args, 'package.json package-lock.json ./');
            assert.match(ins[deps].args, /npm ci --omit=dev .*&& npm cache clean --force$/);
          }

          assert.deepEqual(execArgs(parsed, 'CMD'), ['node', 'server.js']);
          // tini is PID 1: node as PID 1 would ignore SIGTERM unless the app handles it.
          assert.deepEqual(execArgs(parsed, 'ENTRYPOINT'), ['tini', '--']);
          const tini = ins.findIndex(
            (i) => i.keyword === 'RUN' && /\b(apt-get install|apk add)\b.*\btini\b/.test(i.args),
          );
          assert.ok(tini >= 0 && tini < deps, 'tini installed before the dependency layer (built once)');
          assert.ok(ins.some((i) => i.keyword === 'EXPOSE' && i.args === '8123'));
          const health = ins.find((i) => i.keyword === 'HEALTHCHECK')!.args;
          assert.ok(isExecForm(health.replace(/^.*?CMD /, '')), 'exec-form healthcheck');
          assert.match(healthScript(health), /http:\/\/127\.0\.0\.1:8123\/health/);
          assert.deepEqual(lintDockerfile(parsed), [], 'no in-process lint findings');
          if (base === 'alpine') assert.match(text, /musl/);
        });
      }
    }
  }
});

/** Runs the rendered HEALTHCHECK script with this machine's node against a server answering `status`. */
async function runHealth(status: number | 'none'): Promise<number> {
  let server: Server | undefined;
  let port = 1;
  if (status !== 'none') {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/health' ? status : 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }
  try {
    const text = (await render({ port })).Dockerfile;
    const health = parseDockerfile(text).instructions.find((i) => i.keyword === 'HEALTHCHECK')!.args;
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', healthScript(health)], { stdio: 'ignore', timeout: 10_000 });
      child.on('error', reject);
      child.on('exit', (exitCode) => resolve(exitCode ?? -1));
    });
    return code;
  } finally {
    server?.closeAllConnections();
    server?.close();
  }
}

describe('node HEALTHCHECK script (run for real with node)', () => {
  it('exits 0 on 200, 1 on 500 and 1 when nothing listens', async () => {
    assert.equal(await runHealth(200), 0);
    assert.equal(await runHealth(500), 1);
    assert.equal(await runHealth('none'), 1);
  });
});

describe('node sample app and .dockerignore', () => {
  it('writes the sample app only when asked', async () => {
    assert.deepEqual(Object.keys(await render()).sort(), ['.dockerignore', 'Dockerfile', 'package.json', 'server.js']);
    assert.deepEqual(Object.keys(await render({ sampleApp: false })).sort(), ['.dockerignore', 'Dockerfile']);
  });
  it('package.json: start script runs node, engines, express pinned exactly', async () => {
    const pkg = JSON.parse((await render({ appName: 'shop.api', runtimeVersion: '22' }))['package.json']) as Record<
      string,
      any
    >;
    assert.equal(pkg.name, 'shop.api');
    assert.equal(pkg.private, true);
    assert.equal(pkg.type, 'module');
    assert.equal(pkg.scripts.start, 'node server.js');
    assert.equal(pkg.engines.node, '>=22');
    assert.deepEqual(pkg.dependencies, { express: NODE_PINS.express });
    assert.match(NODE_PINS.express, /^\d+\.\d+\.\d+$/);
  });
  it('server.js greets with the pack greeting, has /health and shuts down on SIGTERM', async () => {
    const server = (await render({ appName: 'shop.api', port: 4321 }))['server.js'];
    assert.equal(node.sample.greetingFile, 'server.js');
    assert.ok(
      server.includes(JSON.stringify(node.sample.greeting('shop.api'))),
      'greeting literal verification can edit',
    );
    assert.equal(node.sample.greeting('shop.api'), 'Hello from shop.api!');
    assert.match(server, /app\.get\("\/health"/);
    assert.match(server, /Number\(process\.env\.PORT\) \|\| 4321/);
    assert.match(server, /process\.once\("SIGTERM", shutdown\)/);
    assert.match(server, /server\.close\(\(\) => process\.exit\(0\)\)/);
  });
  it('keeps secrets, node_modules and caches out, and never what the Dockerfile copies or the app runs', async () => {
    const filter = contextFilter((await render())['.dockerignore'].split('\n'));
    for (const out of [
      'node_modules',
      'packages/api/node_modules',
      '.env',
      '.env.local',
      '.env.production',
      '.git',
      '.npmrc',
      'npm-debug.log',
      'npm-debug.log.1234',
      'yarn-error.log',
      'pnpm-debug.log',
      'coverage',
      '.nyc_output',
      '.next/cache',
      '.cache',
      '.eslintcache',
      'tsconfig.tsbuildinfo',
      '.idea',
      '.vscode',
      '.DS_Store',
      'Dockerfile',
      '.dockerignore',
      'compose.yaml',
      'docker-compose.yml',
      '.yo-rc.json',
      'key.pem',
    ]) {
      assert.ok(filter.ignores(out), `${out} is ignored`);
    }
    for (const kept of [
      'package.json',
      'package-lock.json',
      'server.js',
      '.env.example',
      'src/index.js',
      'dist/server.js',
      'build/index.js',
      '.next/BUILD_ID',
      '.next/server/app.js',
      'public/index.html',
      'views/home.ejs',
      '.nvmrc',
    ]) {
      assert.ok(!filter.ignores(kept), `${kept} is kept`);
    }
  });
});
