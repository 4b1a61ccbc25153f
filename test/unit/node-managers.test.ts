import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import type { NodeFacts } from '../../src/languages/node-detect.js';
import { installPlan, parsePackageManagerField, yarnNodeLinker } from '../../src/languages/node-managers.js';
import { node } from '../../src/languages/node.js';
import { tempTree } from '../support/temp-tree.js';

const server = "const app = require('express')();\napp.listen(process.env.PORT || 3000);\n";
const project = async (files: Record<string, string>) => {
  const facts = await detect(tempTree('node-managers-', { 'index.js': server, ...files }));
  return facts.detected.find((found) => found.language === 'node') as NodeFacts;
};
const pkg = (extra: object = {}) => JSON.stringify({ dependencies: { express: '5.1.0' }, ...extra });

describe('node package managers', () => {
  it('reads packageManager: name and exact version, ignoring the hash', () => {
    assert.deepEqual(parsePackageManagerField('pnpm@9.15.0+sha512.abc'), { name: 'pnpm', version: '9.15.0' });
    assert.equal(parsePackageManagerField('pnpm@latest'), undefined);
    assert.equal(parsePackageManagerField(42), undefined);
  });
  it('tells the lockfiles apart, and pins the version packageManager gives', async () => {
    const pnpm = await project({ 'package.json': pkg({ packageManager: 'pnpm@9.15.0' }), 'pnpm-lock.yaml': '' });
    assert.equal(pnpm.packageManager, 'pnpm');
    assert.deepEqual(pnpm.extra.manager?.version, '9.15.0');
    assert.equal(installPlan(pnpm.extra.manager).arrive, 'npm install --global --no-audit --no-fund pnpm@9.15.0');
    const bun = await project({ 'package.json': pkg(), 'bun.lockb': '' });
    assert.equal(bun.packageManager, 'bun');
    assert.equal(bun.extra.manager?.versionSource, 'default pin');
    assert.deepEqual(bun.problems, []);
  });
  it('Yarn 2+ from the lockfile format, .yarnrc.yml or packageManager; its config files are mounted', async () => {
    const berry = await project({
      'package.json': pkg(),
      'yarn.lock': '__metadata:\n  version: 8\n',
      '.yarnrc.yml': 'nodeLinker: node-modules\n',
    });
    assert.equal(berry.packageManager, 'yarn-berry');
    assert.deepEqual(berry.dependencyFiles, ['package.json', 'yarn.lock', '.yarnrc.yml']);
    assert.deepEqual(berry.problems, []);
    const declared = await project({
      'package.json': pkg({ packageManager: 'yarn@3.8.0' }),
      'yarn.lock': '',
      '.yarnrc.yml': 'nodeLinker: "node-modules"',
    });
    assert.equal(declared.packageManager, 'yarn-berry');
    assert.equal(declared.extra.manager?.version, '3.8.0');
    // Yarn 3 has no built-in `workspaces focus`: it installs everything, and says so.
    assert.match(installPlan(declared.extra.manager).installProd, /yarn install --immutable/);
    assert.match(installPlan(declared.extra.manager).prodNote ?? '', /devDependencies are installed too/);
    assert.match(installPlan(berry.extra.manager).installProd, /workspaces focus --all --production/);
  });
  it("refuses Yarn Plug'n'Play with what to set, and a packageManager that contradicts the lockfile", async () => {
    const pnp = await project({
      'package.json': pkg(),
      'yarn.lock': '__metadata:\n',
      '.yarnrc.yml': 'enableTelemetry: false\n',
    });
    assert.match(pnp.problems.join(), /nodeLinker: node-modules/);
    assert.equal(yarnNodeLinker('nodeLinker: pnpm'), 'pnpm');
    const mixed = await project({ 'package.json': pkg({ packageManager: 'pnpm@9.0.0' }), 'yarn.lock': '' });
    assert.match(mixed.problems.join(), /"packageManager" says pnpm, but the lockfile is yarn\.lock/);
  });
  it('a pnpm/Yarn/Bun workspace is named as not supported yet (a settings-only pnpm-workspace.yaml is fine)', async () => {
    const pnpmWorkspace = await project({
      'package.json': pkg(),
      'pnpm-lock.yaml': '',
      'pnpm-workspace.yaml': 'packages:\n  - apps/*\n',
    });
    assert.match(pnpmWorkspace.problems.join(), /pnpm workspace .* not supported yet/);
    const settingsOnly = await project({
      'package.json': pkg(),
      'pnpm-lock.yaml': '',
      'pnpm-workspace.yaml': 'onlyBuiltDependencies:\n  - esbuild\n',
    });
    assert.deepEqual(settingsOnly.problems, []);
    assert.ok(settingsOnly.dependencyFiles.includes('pnpm-workspace.yaml'));
    const yarnWorkspace = await project({ 'package.json': pkg({ workspaces: ['packages/*'] }), 'yarn.lock': '' });
    assert.match(yarnWorkspace.problems.join(), /Yarn 1 \(classic\) workspace/);
    const yarnPackages = await project({
      'package.json': pkg({ workspaces: { packages: ['libs/*'] } }),
      'yarn.lock': '',
    });
    assert.match(yarnPackages.problems.join(), /workspace \(several packages\)/);
    // The root alone is one package (a real single-app repo lists it so pnpm 10 reads its settings).
    for (const root of ['packages: ["."]\n', "packages:\n  - '.'\n  - ./\n"]) {
      const single = await project({ 'package.json': pkg(), 'pnpm-lock.yaml': '', 'pnpm-workspace.yaml': root });
      assert.deepEqual(single.problems, [], root);
    }
  });
  it('lint and verification know every install line, and `yarn run build` is not one', () => {
    for (const line of [
      'npm ci --omit=dev',
      'pnpm install --frozen-lockfile --prod',
      'yarn install --frozen-lockfile',
      'yarn',
      'YARN_GLOBAL_FOLDER=/yarn/berry yarn workspaces focus --all --production',
      'bun install --frozen-lockfile --production',
    ])
      assert.match(line, node.lint.dependencyInstall, line);
    for (const line of ['yarn run build', 'pnpm run build', 'bun run build'])
      assert.doesNotMatch(line, node.lint.dependencyInstall, line);
    assert.match('yarn workspaces focus --all --production', node.verification.dependencyStep);
    assert.match('bun install --frozen-lockfile', node.verification.dependencyStep);
  });
});
