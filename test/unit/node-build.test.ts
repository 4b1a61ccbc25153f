import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import type { NodeFacts } from '../../src/languages/node-detect.js';
import { node } from '../../src/languages/node.js';
import { tempTree } from '../support/temp-tree.js';

const project = async (files: Record<string, string>) => {
  const facts = await detect(tempTree('node-build-', { 'package-lock.json': '{}', ...files }));
  return facts.detected.find((found) => found.language === 'node') as NodeFacts;
};
const tsPackage = (start = 'node build/main.js') =>
  JSON.stringify({
    scripts: { build: 'tsc', start },
    dependencies: { express: '5.1.0' },
    devDependencies: { typescript: '7.0.2' },
  });

describe('node build steps', () => {
  it('tsc: the compiled entry from start and the outDir of a JSONC tsconfig; port from the .ts source', async () => {
    const facts = await project({
      'package.json': tsPackage(),
      // Comments and trailing commas, as tsc allows.
      'tsconfig.json': '{ /* out */ "compilerOptions": { "outDir": "./build/", "rootDir": "src", }, }',
      'src/main.ts': "app.listen(process.env.PORT || 4321, '0.0.0.0');\n",
    });
    assert.deepEqual(facts.problems, []);
    assert.equal(facts.extra.build?.outDir, 'build');
    assert.deepEqual(facts.entrypoints, ['build/main.js']);
    assert.equal(facts.port, 4321);
    assert.deepEqual(node.entryFiles('build/main.js'), ['build/main.js', 'src/main.ts']);
  });
  it('tsc: names a missing outDir and noEmit', async () => {
    const noOut = await project({ 'package.json': tsPackage(), 'tsconfig.json': '{"compilerOptions":{}}' });
    assert.match(noOut.problems.join(), /no compilerOptions\.outDir/);
    const noEmit = await project({
      'package.json': tsPackage(),
      'tsconfig.json': '{"compilerOptions":{"noEmit":true,"outDir":"dist"}}',
    });
    assert.match(noEmit.problems.join(), /noEmit/);
  });
  it('nest build: @nestjs/cli builds; nest-cli.json names the source root and entry file; framework nest', async () => {
    const pkg = (cli: boolean) =>
      JSON.stringify({
        scripts: { build: 'nest build', start: 'nest start', 'start:prod': 'node dist/main' },
        dependencies: { '@nestjs/core': '11.2.10', '@nestjs/common': '11.2.10', '@nestjs/platform-express': '11.2.10' },
        devDependencies: cli ? { '@nestjs/cli': '11.0.10', typescript: '5.9.3' } : { typescript: '5.9.3' },
      });
    const facts = await project({
      'package.json': pkg(true),
      'tsconfig.json': '{ "compilerOptions": { "outDir": "./dist", "experimentalDecorators": true } }',
      'nest-cli.json': '{ "sourceRoot": "apps/api", "entryFile": "bootstrap" }',
      'apps/api/bootstrap.ts':
        'async function b() { const app = await NestFactory.create(M); await app.listen(process.env.PORT ?? 3010); }\n',
    });
    assert.deepEqual(facts.problems, []);
    assert.equal(facts.framework, 'nest');
    assert.deepEqual(facts.entrypoints, ['dist/bootstrap.js']);
    assert.equal(facts.extra.build?.compiler, 'nest');
    assert.equal(facts.extra.build?.sourceEntry, 'apps/api/bootstrap.ts');
    assert.equal(facts.port, 3010);
    assert.deepEqual(facts.notes ?? [], [], 'Nest on Express binds every interface by default');
    // Without @nestjs/cli, `nest build` cannot run: no build is claimed.
    const noCli = await project({
      'package.json': pkg(false),
      'tsconfig.json': '{ "compilerOptions": { "outDir": "dist" } }',
    });
    assert.equal(noCli.extra.build, undefined);
  });
  it('Nest on the Fastify adapter: app.listen(port) binds localhost, a note says to pass 0.0.0.0', async () => {
    const files = (listen: string) => ({
      'package.json': JSON.stringify({
        scripts: { build: 'nest build', start: 'node dist/main' },
        dependencies: { '@nestjs/core': '11.2.10', '@nestjs/platform-fastify': '11.2.10' },
        devDependencies: { '@nestjs/cli': '11.0.10', typescript: '5.9.3' },
      }),
      'tsconfig.json': '{ "compilerOptions": { "outDir": "dist" } }',
      'src/main.ts': `const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter());\nawait app.listen(${listen});\n`,
    });
    const trap = await project(files('process.env.PORT ?? 3000'));
    assert.equal(trap.framework, 'nest');
    assert.match(trap.notes?.join() ?? '', /binds localhost only.*app\.listen\(port, '0\.0\.0\.0'\)/);
    const fixed = await project(files("process.env.PORT ?? 3000, '0.0.0.0'"));
    assert.deepEqual(fixed.notes ?? [], []);
  });
  it('fastify-cli: `fastify start` runs under node with FASTIFY_ADDRESS; fastify-cli must be a production dependency', async () => {
    const pkg = (where: 'dependencies' | 'devDependencies') =>
      JSON.stringify({
        scripts: { start: 'fastify start -l info app.js' },
        dependencies: { fastify: '5.12.8', ...(where === 'dependencies' ? { 'fastify-cli': '8.0.2' } : {}) },
        ...(where === 'devDependencies' ? { devDependencies: { 'fastify-cli': '8.0.2' } } : {}),
      });
    const facts = await project({
      'package.json': pkg('dependencies'),
      'app.js': 'module.exports = async (app) => {};\n',
    });
    assert.deepEqual(facts.problems, []);
    assert.equal(facts.framework, 'fastify');
    assert.deepEqual(facts.entrypoints, ['app.js']);
    assert.deepEqual(facts.extra.fastifyCli, ['-l', 'info', 'app.js']);
    const dev = await project({
      'package.json': pkg('devDependencies'),
      'app.js': 'module.exports = async () => {};\n',
    });
    assert.match(dev.problems.join(), /move fastify-cli from devDependencies to dependencies/);
  });
  it('an app that scripts.start runs with the Bun runtime is named as such, not asked for an entry file', async () => {
    const facts = await project({
      'package.json': JSON.stringify({
        scripts: { start: 'bun run ./src/index.ts' },
        dependencies: { express: '^4.18.2' },
      }),
      'bun.lock': '',
      'src/index.ts': "import express from 'express';\n",
    });
    assert.match(facts.problems.join('\n'), /runs \.\/src\/index\.ts with the Bun runtime/);
    assert.doesNotMatch(facts.problems.join('\n'), /no entry file found/);
  });
  it('Vite: a static site (framework vite, entry index.html, port 8080 by default)', async () => {
    const facts = await project({
      'package.json': JSON.stringify({ scripts: { build: 'vite build' }, devDependencies: { vite: '8.3.8' } }),
      'index.html': '<!doctype html>',
    });
    assert.equal(facts.framework, 'vite');
    assert.deepEqual(facts.entrypoints, ['index.html']);
    assert.deepEqual(facts.problems, []);
    assert.equal(node.portFor('vite'), 8080);
  });
  it('Next.js: standalone output, else `next start` with a note; a framework that does not match the build is refused', async () => {
    const pkg = JSON.stringify({ scripts: { build: 'next build' }, dependencies: { next: '16.4.6' } });
    const plain = await project({ 'package.json': pkg, 'next.config.mjs': 'export default {};' });
    assert.deepEqual(plain.problems, []);
    assert.equal(plain.framework, 'next');
    assert.equal(plain.extra.build?.kind, 'next-server');
    assert.match(plain.notes?.join() ?? '', /without `output: 'standalone'`.*next start/);
    // next start needs next among the production dependencies the final image installs.
    const dev = await project({
      'package.json': JSON.stringify({ scripts: { build: 'next build' }, devDependencies: { next: '16.4.6' } }),
      'next.config.mjs': 'export default {};',
    });
    assert.match(dev.problems.join(), /next is only a devDependency/);
    const standalone = await project({
      'package.json': pkg,
      'next.config.mjs': "export default { output: 'standalone' };",
    });
    assert.equal(standalone.framework, 'next');
    assert.equal(node.frameworkProblem?.('next', standalone), undefined);
    assert.match(node.frameworkProblem?.('express', standalone) ?? '', /builds with next/);
    assert.match(node.frameworkProblem?.('vite', undefined) ?? '', /no sample app/);
    assert.equal(node.frameworkProblem?.('express', undefined), undefined);
  });
});
