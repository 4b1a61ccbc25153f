/** The cache proof on a context with no dependency manifest (a node server without package.json): nothing to keep. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { parseDockerfile } from '../../src/dockerfile-check.js';
import { languagePack } from '../../src/languages/index.js';
import { dependencyLayersCheck } from '../../src/verify/checks/dependency-layers.js';
import type { Engine } from '../../src/verify/engines/index.js';
import { Steps } from '../../src/verify/progress.js';
import type { Build, VerifyRun } from '../../src/verify/run.js';
import type { Target } from '../../src/verify/target.js';
import { tempDir, tempTree } from '../support/temp-tree.js';

const DOCKERFILE = 'FROM node:26-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "index.js"]\n';

async function proof(files: Record<string, string>) {
  const dir = tempTree('slim-no-manifest-', { ...files, Dockerfile: DOCKERFILE });
  const steps = new Steps(() => undefined, undefined);
  const build: Build = async () => ({ seconds: 1 }) as Awaited<ReturnType<Build>>;
  const run = {
    target: { dir, pack: languagePack('node'), editCandidates: ['index.js'], entryDir: '' } as Target,
    engine: { probe: async () => ({}), inspectImage: async () => ({ layers: ['a', 'c'] }) } as unknown as Engine,
    steps,
    log: steps.log,
    report: {},
    runId: 'r1',
    tags: { cold: 'x:cold', edited: 'x:edited', depsCold: 'x:dc', depsEdited: 'x:de' },
    scratch: tempDir(),
    context: {
      walk: { included: [...Object.keys(files), 'Dockerfile'].sort(), excluded: [], skipped: [] },
      build,
      dockerfile: { path: 'Dockerfile', text: DOCKERFILE, parsed: parseDockerfile(DOCKERFILE, 'Dockerfile') },
    },
    cold: { image: { layers: ['a', 'b'] } },
  } as unknown as VerifyRun;
  await dependencyLayersCheck(run);
  assert.equal(steps.checks.length, 1);
  return steps.checks[0];
}

describe('dependency layers: a context without a dependency manifest', () => {
  it('passes with "nothing to reuse" when the context has no package.json', async () => {
    const check = await proof({ 'index.js': "require('http').createServer().listen(3000);\n" });
    assert.equal(check.ok, true);
    assert.equal(check.warning, undefined);
    assert.match(check.detail, /^nothing to reuse: the context has no dependency manifest \(package\.json\)/);
  });
  it('still fails a Dockerfile that never installs the package.json it has', async () => {
    const check = await proof({ 'index.js': "require('express')().listen(3000);\n", 'package.json': '{}\n' });
    assert.equal(check.ok, false);
    assert.match(check.detail, /no dependency-install RUN found/);
  });
});
