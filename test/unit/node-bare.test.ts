/** A node server without package.json (trial: LRAbbade/web_frameworks_performance's node folder). */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import type { NodeFacts } from '../../src/languages/node-detect.js';
import { onlyBuiltins, startsServer } from '../../src/languages/node-bare.js';
import { node } from '../../src/languages/node.js';
import { tempTree } from '../support/temp-tree.js';

const server = [
  "const http = require('http');",
  'const port = 3000;',
  "const server = http.createServer((req, res) => res.end('Hello World'));",
  "server.listen(port, '0.0.0.0');",
  '',
].join('\n');
const esm = "import { createServer } from 'node:http';\ncreateServer((q, s) => s.end('hi')).listen(8081);\n";

const nodeOf = async (files: Record<string, string>) => {
  const facts = await detect(tempTree('node-bare-', files));
  return { facts, node: facts.detected.find((found) => found.language === 'node') as NodeFacts | undefined };
};

describe('node: a server without package.json', () => {
  it('built-in modules only: bare names, node: names, ESM and CommonJS; a package or a computed require is not', () => {
    assert.ok(onlyBuiltins(server));
    assert.ok(onlyBuiltins(esm));
    assert.ok(
      onlyBuiltins("import fs from 'fs';\nexport { x } from 'node:path';\nconst u = await import('node:url');"),
    );
    assert.equal(onlyBuiltins("const express = require('express');"), false);
    assert.equal(onlyBuiltins("import { Hono } from 'hono';"), false);
    assert.equal(onlyBuiltins("const routes = require('./routes');"), false);
    assert.equal(onlyBuiltins('const lib = require(name);'), false);
    assert.ok(startsServer(server));
    assert.equal(startsServer("const fs = require('fs');\nconsole.log(fs.readdirSync('.'));\n"), false);
  });
  it('index.js on http alone is a node app: no dependency files, no install, the entry and port from the file', async () => {
    const { facts, node: found } = await nodeOf({ 'index.js': server, 'docker-compose.yml': 'services: {}\n' });
    assert.equal(facts.language, 'node');
    assert.equal(found?.framework, 'http');
    assert.deepEqual(found?.entrypoints, ['index.js']);
    assert.deepEqual(found?.evidence, ['index.js']);
    assert.deepEqual(found?.dependencyFiles, []);
    assert.equal(found?.packageManager, undefined);
    assert.equal(found?.port, 3000);
    assert.equal(found?.extra.noPackageJson, true);
    assert.equal(found?.extra.unlocked, undefined);
    assert.deepEqual(found?.problems, []);
    assert.match(found?.notes?.[0] ?? '', /^no package\.json: index\.js .*`npm init -y`/);
    assert.equal(
      found?.notes?.some((note) => /lockfile/.test(note)),
      false,
    );
    const data = node.templateData({ entrypoint: 'index.js', base: 'slim' } as never, found);
    assert.equal(data.noPackageJson, true);
  });
  it('server.mjs in ESM counts too', async () => {
    const { node: found } = await nodeOf({ 'server.mjs': esm });
    assert.deepEqual(found?.entrypoints, ['server.mjs']);
    assert.equal(found?.port, 8081);
  });
  it('is not claimed: a package import, no server, a nested file, or another language at the top', async () => {
    const refused: Record<string, Record<string, string>> = {
      package: { 'index.js': "const express = require('express');\nexpress().listen(3000);\n" },
      'no server': { 'main.js': "console.log(require('os').hostname());\n" },
      nested: { 'src/index.js': server },
      python: { 'app.py': 'print(1)\n', 'requirements.txt': 'flask==3.1.0\n', 'server.js': server },
      'go without go.mod': { 'main.go': 'package main\n', 'index.js': server },
      java: { 'pom.xml': '<project/>\n', 'app.js': server },
      typescript: { 'index.ts': 'export {};\n', 'index.js': server },
    };
    for (const [label, files] of Object.entries(refused)) {
      const { node: found } = await nodeOf(files);
      assert.equal(found, undefined, label);
    }
  });
});
