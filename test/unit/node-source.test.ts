/** Node detection's readings of real-app shapes: ports and their env vars, versions, services, state, native addons, workspaces. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { nativeDependencies } from '../../src/languages/node-detect.js';
import { listenHost, portFromSource, statePaths } from '../../src/languages/node-source.js';
import { chooseVersion, dockerfileNodeVersion, majorsAllowed } from '../../src/languages/node-version.js';
import { copyProject, exampleNamed } from '../support/examples.js';
import { tempTree } from '../support/temp-tree.js';

const SUPPORTED = ['20', '22', '24', '26'];
const port = (text: string) => {
  const found = portFromSource([{ path: 'server.js', text }]);
  return found && { port: found.port, env: found.env };
};

describe('node: the port and the env var the code reads it from', () => {
  const cases: [string, { port?: number; env?: string } | undefined][] = [
    ['app.listen(process.env.PORT || 3000)', { port: 3000, env: 'PORT' }],
    ['const port = process.env.APP_PORT ?? 8080;', { port: 8080, env: 'APP_PORT' }],
    ["const port = process.env.APP_PORT ?? '8080';", { port: 8080, env: 'APP_PORT' }],
    ['const port = Number(process.env.X) || 4000;', { port: 4000, env: 'X' }],
    ['const port = parseInt(process.env.HTTP_PORT, 10) || 5000;', { port: 5000, env: 'HTTP_PORT' }],
    ["const port = parseInt(process.env.PORT || '3001', 10);", { port: 3001, env: 'PORT' }],
    ["app.listen(process.env['WEB_PORT'] || 80)", { port: 80, env: 'WEB_PORT' }],
    ['const { PORT = 7000 } = process.env;', { port: 7000, env: 'PORT' }],
    ['app.listen(3000)', { port: 3000, env: undefined }],
    ['server.listen(process.env.PORT)', { port: undefined, env: 'PORT' }],
    // A timeout read from the environment is not a port.
    ['const timeout = process.env.TIMEOUT || 3000;\napp.listen(8000);', { port: 8000, env: undefined }],
    ['console.log("no server here")', undefined],
  ];
  for (const [text, expected] of cases)
    it(`${text.split('\n')[0]} → ${JSON.stringify(expected)}`, () => assert.deepEqual(port(text), expected));

  it('a port only in .env.example is used, with its variable; .env itself is never read', async () => {
    const dir = tempTree('slim-node-dotenv-', {
      'package.json': JSON.stringify({ main: 'index.js', dependencies: { express: '5.1.0' } }),
      'package-lock.json': '{}',
      'index.js': "require('dotenv').config();\nrequire('express')().listen(process.env.SERVER_PORT);\n",
      '.env.example': 'SERVER_PORT=4500\n',
      '.env': 'SERVER_PORT=9999\n',
    });
    const found = (await detect(dir)).detected[0];
    assert.equal(found.port, 4500);
    assert.equal(found.portEnv, 'SERVER_PORT');
  });

  it('below 1024: a note says the non-root user may not bind it, and names the variable to change', async () => {
    const dir = tempTree('slim-node-low-port-', {
      'package.json': JSON.stringify({ main: 'index.js', dependencies: { express: '5.1.0' } }),
      'package-lock.json': '{}',
      'index.js': "require('express')().listen(process.env.X_PORT || 80);\n",
    });
    const found = (await detect(dir)).detected[0];
    assert.equal(found.port, 80);
    assert.match(found.notes?.join('\n') ?? '', /port 80 \(X_PORT\), below 1024.*set X_PORT to 8080/);
  });
});

describe('node: entry points', () => {
  it("express-generator's `node ./bin/www`: the bin script is the entry, its port read through normalizePort", async () => {
    const dir = tempTree('slim-node-bin-www-', {
      'package.json': JSON.stringify({ scripts: { start: 'node ./bin/www' }, dependencies: { express: '4.21.2' } }),
      'package-lock.json': '{}',
      'bin/www':
        "#!/usr/bin/env node\nvar app = require('../app');\nvar http = require('http');\nvar port = normalizePort(process.env.PORT || '3000');\nhttp.createServer(app).listen(port);\n",
      'app.js': "var express = require('express');\nmodule.exports = express();\n",
    });
    const found = (await detect(dir)).detected[0];
    assert.deepEqual([found.entrypoints, found.port, found.portEnv, found.problems], [['bin/www'], 3000, 'PORT', []]);
  });
});

describe('node: versions from every place a project states them', () => {
  it('ranges are read as npm reads them (semver), nvm aliases too', () => {
    assert.deepEqual(majorsAllowed('^20.17.0 || >=22.9.0', SUPPORTED), SUPPORTED);
    assert.deepEqual(majorsAllowed('>=20 <25', SUPPORTED), ['20', '22', '24']);
    assert.deepEqual(majorsAllowed('lts/iron', SUPPORTED), ['20']);
    assert.deepEqual(majorsAllowed('lts/*', SUPPORTED), SUPPORTED);
    assert.deepEqual(majorsAllowed('18', SUPPORTED), []);
    assert.equal(majorsAllowed('not a version', SUPPORTED), undefined);
  });
  it("a user's Dockerfile FROM counts (ARG defaults too); our own generated one does not", () => {
    assert.equal(dockerfileNodeVersion('FROM node:20-alpine AS build\nFROM node:22.11-slim\n'), '22');
    assert.equal(dockerfileNodeVersion('ARG NODE=24\nFROM docker.io/library/node:${NODE}-slim\n'), '24');
    assert.equal(
      dockerfileNodeVersion('# Generated by slim-docker for x\nARG NODE_VERSION=26\nFROM node:${NODE_VERSION}\n'),
      undefined,
    );
    assert.equal(dockerfileNodeVersion('FROM python:3.13\n'), undefined);
  });
  it('the newest major every constraint allows; disagreeing files are named in the problem', () => {
    const c = (source: string, spec: string) => ({ source, spec, majors: majorsAllowed(spec, SUPPORTED)! });
    assert.deepEqual(chooseVersion([c('engines', '>=20'), c('.nvmrc', '22')], SUPPORTED), {
      version: '22',
      allowed: ['22'],
      source: 'engines, .nvmrc',
    });
    assert.match(
      chooseVersion([c('.nvmrc', '20'), c('engines', '>=22')], SUPPORTED).problem ?? '',
      /disagree \(\.nvmrc "20", engines ">=22"\).*--runtime-version/,
    );
    assert.match(chooseVersion([c('.nvmrc', '18')], SUPPORTED).problem ?? '', /\.nvmrc "18" allows none/);
  });
});

describe('node: writable state and native addons', () => {
  it('SQLite files and multer folders become state paths; a database in the project root gets a note', () => {
    const found = statePaths(
      [
        {
          path: 'src/db.js',
          text: "const Database = require('better-sqlite3');\nmodule.exports = new Database(path.join(__dirname, '../var', 'app.sqlite'));",
        },
        { path: 'src/upload.js', text: "const multer = require('multer');\nmulter({ dest: './files/' });" },
        { path: 'legacy.js', text: "const sqlite3 = require('sqlite3');\nnew sqlite3.Database('./legacy.db');" },
      ],
      ['better-sqlite3', 'sqlite3', 'multer'],
    );
    assert.deepEqual(found.paths, ['var', 'files']);
    assert.ok(found.ignore.includes('var/app.sqlite') && found.ignore.includes('var/app.sqlite-wal'));
    assert.match(found.notes.join('\n'), /legacy\.db in the project root/);
  });
  it('a database at an absolute path outside the project is found (detect() then refuses it: not under the app folder)', () => {
    const found = statePaths(
      [
        {
          path: 'src/persistence/sqlite.js',
          text: "const sqlite3 = require('sqlite3').verbose();\nconst location = process.env.SQLITE_DB_LOCATION || '/etc/todos/todo.db';",
        },
      ],
      ['sqlite3'],
    );
    assert.deepEqual(found.paths, ['/etc/todos']);
    assert.deepEqual(found.ignore, [], 'nothing of the build context to keep out');
  });
  it('native addons come from the lockfile: an install script plus a node-gyp helper, production only', () => {
    const lock = JSON.stringify({
      packages: {
        '': {},
        'node_modules/better-sqlite3': {
          hasInstallScript: true,
          dependencies: { bindings: '^1', 'prebuild-install': '^7' },
        },
        'node_modules/esbuild': { hasInstallScript: true, dev: true, dependencies: {} },
        'node_modules/core-js': { hasInstallScript: true },
        'node_modules/bcrypt': {
          hasInstallScript: true,
          dependencies: { 'node-addon-api': '^8', 'node-gyp-build': '^4' },
        },
      },
    });
    assert.deepEqual(nativeDependencies(lock), ['bcrypt', 'better-sqlite3']);
    assert.deepEqual(nativeDependencies('not json'), []);
  });
});

describe('node: npm workspaces', () => {
  it('run in a member folder: one problem naming the workspace root to run in, nothing guessed', async () => {
    const root = copyProject(exampleNamed('npm-workspace-api'));
    const found = (await detect(join(root, 'packages/api'))).detected[0];
    assert.equal(found.problems.length, 1, found.problems.join('\n'));
    assert.match(found.problems[0], /npm workspace packages\/api of \.\.\/\.\..*run slim-docker in \.\.\/\.\./);
  });
  it('a Fastify member of a workspace root is the server (and its localhost bind gets the note)', async () => {
    const root = tempTree('node-ws-fastify-', {
      'package.json': JSON.stringify({ private: true, workspaces: ['packages/*'], devDependencies: { prettier: '3' } }),
      'package-lock.json': '{"lockfileVersion":3,"packages":{}}',
      'packages/api/package.json': JSON.stringify({
        scripts: { start: 'node src/main.js' },
        dependencies: { fastify: '5' },
      }),
      'packages/api/src/main.js': 'await app.listen({ port: Number(process.env.PORT) || 7001 });\n',
      'packages/shared/package.json': '{"main":"index.js"}',
    });
    const found = (await detect(root)).detected[0];
    assert.equal(found.framework, 'fastify');
    assert.deepEqual(found.entrypoints, ['packages/api/src/main.js']);
    assert.equal(found.port, 7001);
    assert.match(found.notes?.join() ?? '', /packages\/api\/src\/main\.js: .* binds localhost only/);
  });
});

describe('node: the address listen() binds', () => {
  const host = (text: string, loopbackByDefault = true) => {
    const found = listenHost([{ path: 'src/server.ts', text }], loopbackByDefault);
    return found && { host: found.host, env: found.env, loopback: found.loopback };
  };
  const cases: [string, boolean, ReturnType<typeof host>][] = [
    // Fastify: no host means localhost.
    ['await app.listen({ port: 3000 })', true, { host: undefined, env: undefined, loopback: true }],
    ["await app.listen({ port, host: '0.0.0.0' })", true, { host: '0.0.0.0', env: undefined, loopback: false }],
    ["app.listen({ port, host: '::' })", true, { host: '::', env: undefined, loopback: false }],
    ["fastify.listen(3000, '127.0.0.1', (err) => {})", true, { host: '127.0.0.1', env: undefined, loopback: true }],
    // An address from the environment: the image sets it, whatever the code's local default.
    [
      "const host = process.env.HOST || 'localhost';\nawait app.listen({ port, host })",
      true,
      { host: 'localhost', env: 'HOST', loopback: false },
    ],
    [
      "const { BIND_ADDR = '0.0.0.0' } = process.env;\napp.listen({ port: 1, host: BIND_ADDR })",
      true,
      { host: '0.0.0.0', env: 'BIND_ADDR', loopback: false },
    ],
    // Express binds every interface without an address; a callback is no address; 'localhost' is loopback anywhere.
    ["app.listen(port, () => console.log('up'))", false, { host: undefined, env: undefined, loopback: false }],
    ["app.listen(3000, 'localhost')", false, { host: 'localhost', env: undefined, loopback: true }],
    // Nest on the Fastify adapter: app.listen(port) binds localhost like Fastify.
    ['await app.listen(process.env.PORT ?? 3000)', true, { host: undefined, env: undefined, loopback: true }],
    // An address the code computes: unknown, so no warning.
    ['app.listen({ port, host: pickAddress() })', true, { host: undefined, env: undefined, loopback: false }],
  ];
  for (const [text, byDefault, expected] of cases)
    it(`${text.split('\n').pop()}${byDefault ? '' : ' (express)'} → ${JSON.stringify(expected)}`, () =>
      assert.deepEqual(host(text, byDefault), expected));
  it('a listen() of something else (no port argument) does not count', () => {
    assert.equal(host("emitter.listen('change', handler)"), undefined);
  });
});
