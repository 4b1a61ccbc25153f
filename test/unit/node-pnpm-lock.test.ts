import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import type { NodeFacts } from '../../src/languages/node-detect.js';
import { installPlan, NODE_MANAGERS } from '../../src/languages/node-managers.js';
import { pnpmForLockfile, pnpmLockfileVersion } from '../../src/languages/node-pnpm-lock.js';
import { tempTree } from '../support/temp-tree.js';

const server = "const app = require('express')();\napp.listen(process.env.PORT || 3000);\n";
const project = async (files: Record<string, string>) => {
  const facts = await detect(tempTree('node-pnpm-lock-', { 'index.js': server, ...files }));
  return facts.detected.find((found) => found.language === 'node') as NodeFacts;
};
const pkg = (extra: object = {}) => JSON.stringify({ dependencies: { express: '5.1.0' }, ...extra });
const lock = (version: string) => `lockfileVersion: ${version}\n\nsettings:\n  autoInstallPeers: true\n`;

describe('pnpm from the lockfile format', () => {
  it('reads lockfileVersion quoted (pnpm 8+) or bare (pnpm 7 and older), and nothing else', () => {
    assert.equal(pnpmLockfileVersion(lock("'6.0'")), '6.0');
    assert.equal(pnpmLockfileVersion(lock('5.4')), '5.4');
    assert.equal(pnpmLockfileVersion(lock('"9.0"')), '9.0');
    assert.equal(pnpmLockfileVersion('importers:\n  lockfileVersion: 6.0\n'), undefined);
    assert.equal(pnpmLockfileVersion(''), undefined);
    assert.equal(pnpmLockfileVersion(undefined), undefined);
  });
  it('maps each lockfile major to the pnpm that reads it; 9.0 and unknown formats keep the default pin', () => {
    assert.deepEqual(pnpmForLockfile('5.3'), { version: '7.33.7', major: 7 });
    assert.deepEqual(pnpmForLockfile('5.4'), { version: '7.33.7', major: 7 });
    assert.deepEqual(pnpmForLockfile('6.0'), { version: '8.15.9', major: 8 });
    assert.deepEqual(pnpmForLockfile('6.1'), { version: '8.15.9', major: 8 });
    assert.equal(pnpmForLockfile('9.0'), undefined);
    assert.equal(pnpmForLockfile('10.0'), undefined);
    assert.equal(pnpmForLockfile(undefined), undefined);
  });
  it('a v6 lockfile without "packageManager" installs pnpm 8, and the summary says why and how to pin it', async () => {
    const found = await project({ 'package.json': pkg(), 'pnpm-lock.yaml': lock("'6.0'") });
    assert.equal(found.extra.manager?.version, '8.15.9');
    assert.match(found.extra.manager?.versionSource ?? '', /lockfileVersion 6\.0, which pnpm 8 reads/);
    assert.equal(installPlan(found.extra.manager).arrive, 'npm install --global --no-audit --no-fund pnpm@8.15.9');
    assert.equal(found.notes?.length, 1);
    assert.match(found.notes![0], /^pnpm 8\.15\.9 installs, not the newest/);
    assert.match(found.notes![0], /"packageManager": "pnpm@8\.15\.9"/);
    assert.deepEqual(found.problems, []);
  });
  it('"packageManager" still wins over the lockfile; a v9 lockfile keeps the default pin and says nothing', async () => {
    const declared = await project({
      'package.json': pkg({ packageManager: 'pnpm@8.6.0' }),
      'pnpm-lock.yaml': lock("'6.1'"),
    });
    assert.equal(declared.extra.manager?.version, '8.6.0');
    assert.equal(declared.extra.manager?.versionSource, 'packageManager');
    assert.equal(declared.notes, undefined);
    const current = await project({ 'package.json': pkg(), 'pnpm-lock.yaml': lock("'9.0'") });
    assert.equal(current.extra.manager?.version, NODE_MANAGERS.pnpm.defaultVersion);
    assert.equal(current.extra.manager?.versionSource, 'default pin');
    assert.equal(current.notes, undefined);
  });
  it('two lockfiles: says which one is used and why, in one line', async () => {
    const both = await project({ 'package.json': pkg(), 'pnpm-lock.yaml': lock("'9.0'"), 'yarn.lock': '' });
    assert.equal(both.packageManager, 'pnpm');
    assert.deepEqual(both.notes, [
      'several lockfiles (pnpm-lock.yaml, yarn.lock): pnpm-lock.yaml is used, the first in the order npm, pnpm, Yarn, Bun (no "packageManager" in package.json names one of them); delete the one you no longer use',
    ]);
    const declared = await project({
      'package.json': pkg({ packageManager: 'yarn@1.22.22' }),
      'pnpm-lock.yaml': lock("'9.0'"),
      'yarn.lock': '',
    });
    assert.equal(declared.packageManager, 'yarn-classic');
    assert.match(declared.notes?.join() ?? '', /yarn\.lock is used, as package\.json "packageManager" says yarn/);
  });
});
