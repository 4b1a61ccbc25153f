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
  it('Next.js: standalone output required; a framework that does not match the build is refused', async () => {
    const pkg = JSON.stringify({ scripts: { build: 'next build' }, dependencies: { next: '16.4.6' } });
    const plain = await project({ 'package.json': pkg, 'next.config.mjs': 'export default {};' });
    assert.match(plain.problems.join(), /output: 'standalone'/);
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
