/** Koa, hapi, Hono and node:http servers; npm without a lockfile; a second language that is only tooling. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { chooseServable } from '../../src/detect/servable.js';
import { InputError } from '../../src/errors.js';
import { parseFramework } from '../../src/input/fields.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { node } from '../../src/languages/node.js';
import { plainHttpServer } from '../../src/languages/node-frameworks.js';
import type { Answers, LanguageFacts } from '../../src/model.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { routesIn } from '../../src/verify/target.js';
import { tempTree } from '../support/temp-tree.js';

const LOCK = '{"lockfileVersion":3,"packages":{}}';
const pkg = (dependencies: Record<string, string>, extra: object = {}) =>
  JSON.stringify({ name: 'app', scripts: { start: 'node server.js' }, dependencies, ...extra });
const nodeApp = async (files: Record<string, string>) => {
  const facts = await detect(tempTree('node-fw-', { 'package-lock.json': LOCK, ...files }));
  assert.equal(facts.detected.length, 1, JSON.stringify(facts.detected));
  return facts.detected[0];
};

describe('node server frameworks beyond express, fastify and nest', () => {
  it('koa: framework, port and no address trap when listen has none', async () => {
    const found = await nodeApp({
      'package.json': pkg({ koa: '3.3.0', '@koa/router': '15.7.0' }),
      'server.js': "const Koa = require('koa');\nconst app = new Koa();\napp.listen(process.env.PORT || 3100);\n",
    });
    assert.equal(found.framework, 'koa');
    assert.equal(found.port, 3100);
    assert.equal(found.portEnv, 'PORT');
    assert.deepEqual(found.problems, []);
    assert.equal(found.notes, undefined);
  });
  it('koa bound to 127.0.0.1: one note with the fix', async () => {
    const found = await nodeApp({
      'package.json': pkg({ koa: '3.3.0' }),
      'server.js': "const Koa = require('koa');\nnew Koa().listen(3000, '127.0.0.1');\n",
    });
    assert.match(found.notes?.join() ?? '', /binds 127\.0\.0\.1.*listen\(port, '0\.0\.0\.0'\)/);
  });
  it("hapi: port from Hapi.server's options, and host: 'localhost' is the trap", async () => {
    const good = await nodeApp({
      'package.json': pkg({ '@hapi/hapi': '21.4.13' }),
      'server.js':
        "const Hapi = require('@hapi/hapi');\nconst server = Hapi.server({ port: 3400, host: '0.0.0.0' });\n",
    });
    assert.equal(good.framework, 'hapi');
    assert.equal(good.port, 3400);
    assert.equal(good.notes, undefined);
    const trap = await nodeApp({
      'package.json': pkg({ '@hapi/hapi': '21.4.13' }),
      'server.js':
        "const Hapi = require('@hapi/hapi');\nconst server = Hapi.server({ port: 3000, host: 'localhost' });\n",
    });
    assert.match(trap.notes?.join() ?? '', /binds localhost.*Hapi\.server\(\{ port, host: '0\.0\.0\.0' \}\)/);
    const env = await nodeApp({
      'package.json': pkg({ '@hapi/hapi': '21.4.13' }),
      'server.js': 'const server = Hapi.server({ port: 3000, host: process.env.HOST });\n',
    });
    assert.equal((env.extra as { hostEnv?: string }).hostEnv, 'HOST');
  });
  it("hono: needs @hono/node-server; serve's port and hostname are read", async () => {
    const found = await nodeApp({
      'package.json': pkg({ hono: '4.13.23', '@hono/node-server': '2.1.11' }),
      'server.js': "serve({ fetch: app.fetch, port: 3200, hostname: '127.0.0.1' });\n",
    });
    assert.equal(found.framework, 'hono');
    assert.equal(found.port, 3200);
    assert.match(found.notes?.join() ?? '', /binds 127\.0\.0\.1.*hostname: '0\.0\.0\.0'/);
    const bare = await nodeApp({
      'package.json': pkg({ hono: '4.13.23' }),
      'server.js': 'export default app;\n',
    });
    assert.match(bare.problems.join(), /@hono\/node-server, which is not in dependencies/);
  });
  it('node:http with no dependency: createServer and listen in the entry file', async () => {
    const found = await nodeApp({
      'package.json': JSON.stringify({ scripts: { start: 'node server.js' } }),
      'server.js':
        "const http = require('node:http');\nhttp.createServer((req, res) => res.end('ok')).listen(process.env.PORT || 3300);\n",
    });
    assert.equal(found.framework, 'http');
    assert.equal(found.port, 3300);
    assert.deepEqual(found.problems, []);
    assert.equal(plainHttpServer("import { createServer } from 'http';\ncreateServer(h).listen(8080);\n"), true);
    // Commented out, or no http module: no server.
    assert.equal(plainHttpServer("const http = require('http');\n// http.createServer(h).listen(1);\n"), false);
    assert.equal(plainHttpServer('net.createServer(h).listen(1);\n'), false);
    const none = await nodeApp({
      'package.json': JSON.stringify({ scripts: { start: 'node server.js' } }),
      'server.js': "console.log('hi');\n",
    });
    assert.equal(none.framework, undefined);
    assert.match(none.problems.join(), /no server in package\.json dependencies or the entry file \(supported: .*koa/);
  });
  it('probe routes: koa-router, hapi, hono, node:http', () => {
    const routes = (text: string) => routesIn(text, node.verification);
    assert.deepEqual(routes("router.get('/notes', h);\napp.get('/items/:id', h);"), ['/notes']);
    assert.deepEqual(
      routes(
        "server.route({ method: 'GET', path: '/stock', handler });\nserver.route({ method: 'POST', path: '/x' });",
      ),
      ['/stock'],
    );
    assert.deepEqual(routes("server.route({ method: 'GET', path: '/items/{id}' });"), []);
    assert.deepEqual(routes("if (req.url === '/health') ok();\nif (url == '/ready') ok();"), ['/health', '/ready']);
  });
  it('--framework takes the new names, and names the allowed ones otherwise', () => {
    for (const name of ['koa', 'hapi', 'hono', 'http']) assert.equal(parseFramework('--framework', name, 'node'), name);
    assert.throws(
      () => parseFramework('--framework', 'sails', 'node'),
      (e: InputError) => e.field === '--framework' && /koa.*hapi.*hono.*http/.test(e.message),
    );
  });
});

describe('node without a lockfile', () => {
  const answers: Answers = {
    appName: 'demo',
    language: 'node',
    framework: 'express',
    entrypoint: 'server.js',
    runtimeVersion: '26',
    port: 3000,
    base: 'slim',
    sampleApp: false,
    buildkit: true,
  };
  const dockerfile = async (facts: LanguageFacts, buildkit: boolean) => {
    const files = await renderAll(
      plan({ ...answers, buildkit }, { folderName: 'demo', empty: false, detected: [facts], language: 'node' }),
    );
    return files.find((file) => file.destination === 'Dockerfile')!.contents;
  };
  it('npm install keyed on package.json alone, with a note; the cache proof finds the step', async () => {
    const facts = await detect(
      tempTree('node-unlocked-', {
        'package.json': pkg({ express: '5.1.0' }),
        'server.js': 'app.listen(3000)',
      }),
    );
    const [found] = facts.detected;
    assert.deepEqual(found.problems, []);
    assert.match(found.notes?.join() ?? '', /not reproducible.*`npm install --package-lock-only`/);
    for (const buildkit of [true, false]) {
      const text = await dockerfile(found, buildkit);
      assert.match(text, /npm install --omit=dev --no-save/);
      assert.doesNotMatch(text, /package-lock\.json,target|npm ci/);
      assert.match(text, node.verification.dependencyStep);
      if (!buildkit) assert.match(text, /^COPY package\.json \.\/$/m);
    }
  });
  it('stays refused with a build step, or when another manager is declared', async () => {
    const built = await detect(
      tempTree('node-unlocked-', {
        'package.json': pkg(
          { express: '5' },
          { scripts: { build: 'tsc', start: 'node dist/server.js' }, devDependencies: { typescript: '5' } },
        ),
        'tsconfig.json': '{"compilerOptions":{"outDir":"dist"}}',
        'src/server.ts': 'app.listen(3000)',
      }),
    );
    assert.match(built.detected[0].problems.join(), /no lockfile.*npm install --package-lock-only/);
    const pnpm = await detect(
      tempTree('node-unlocked-', { 'package.json': pkg({ express: '5' }, { packageManager: 'pnpm@9.15.0' }) }),
    );
    assert.match(pnpm.detected[0].problems.join(), /no lockfile.*`pnpm install`/);
  });
});

describe('a second language that is only tooling', () => {
  const fastapi = { 'requirements.txt': 'fastapi==0.115.6\nuvicorn==0.34.0\n', 'main.py': 'app = FastAPI()\n' };
  it('python is chosen over an npm-init package.json for prettier, and --yes needs no --language', async () => {
    const facts = await detect(
      tempTree('tooling-', {
        ...fastapi,
        'package.json': JSON.stringify({
          main: 'index.js',
          scripts: { format: 'prettier --write .' },
          devDependencies: { prettier: '3.6.2' },
        }),
      }),
    );
    assert.deepEqual(
      facts.detected.map((found) => found.language),
      ['python', 'node'],
    );
    assert.equal(facts.language, 'python');
    assert.match(facts.languageNote ?? '', /^python is the app \(fastapi\); node \(package\.json\) ignored: no server/);
    const { answers } = await resolveAnswers({ flags: {}, saved: {}, facts, yes: true });
    assert.equal(answers.language, 'python');
  });
  it('both or neither serving: no choice, and the error says which', async () => {
    const both = await detect(
      tempTree('tooling-', { ...fastapi, 'package.json': pkg({ express: '5' }), 'server.js': 'app.listen(3000)' }),
    );
    assert.equal(both.language, undefined);
    await assert.rejects(
      resolveAnswers({ flags: {}, saved: {}, facts: both, yes: true }),
      (e: InputError) =>
        e.field === '--language' &&
        /several found \(python, node\): both serve HTTP \(python: fastapi, node: express\); set --language/.test(
          e.message,
        ),
    );
    const none = chooseServable([
      { language: 'python', evidence: ['requirements.txt'] },
      { language: 'node', evidence: ['package.json'] },
    ] as LanguageFacts[]);
    assert.deepEqual(none, {
      note: 'none of them serves HTTP as it is (no server framework found in python (requirements.txt) or node (package.json))',
    });
  });
});
