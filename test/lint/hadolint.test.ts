/**
 * The real hadolint, at its default threshold, over every combination we render:
 * language × base × BuildKit on/off × sample app on/off. Zero findings allowed; a rule may only be
 * ignored inline in a template, with a one-line reason.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import { LANGUAGE_PACKS, languagePack } from '../../src/languages/index.js';
import { SAMPLES } from '../../src/languages/samples.js';
import type { Answers } from '../../src/model.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { detect } from '../../src/detect/index.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { copyProject, loadExamples } from '../support/examples.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const HADOLINT = process.env.HADOLINT ?? join(root, '.tools/venv/bin/hadolint');

function hadolint(text: string): { status: number; output: string } {
  const result = spawnSync(HADOLINT, ['--no-color', '-'], { input: text, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

describe('hadolint over every rendered Dockerfile', () => {
  it('the real hadolint binary is installed (scripts/tools-up.sh)', () => {
    assert.ok(existsSync(HADOLINT), `no hadolint at ${HADOLINT}: run bash scripts/tools-up.sh`);
    assert.match(spawnSync(HADOLINT, ['--version'], { encoding: 'utf8' }).stdout, /Haskell Dockerfile Linter 2\./);
  });
  it('hadolint does flag a bad Dockerfile (the gate can fail)', () => {
    const { status, output } = hadolint('FROM python\nRUN pip install flask\nCMD python app.py\n');
    assert.notEqual(status, 0);
    assert.match(output, /DL3006|DL3013|DL3025/);
  });
  for (const pack of LANGUAGE_PACKS) {
    for (const base of pack.bases.map((b) => b.id)) {
      for (const buildkit of [true, false]) {
        for (const sampleApp of [true, false]) {
          it(`${pack.id} ${base} buildkit=${buildkit} sample=${sampleApp}: zero findings`, async () => {
            const answers: Answers = {
              appName: 'lint-me',
              language: pack.id,
              framework: pack.defaultFramework,
              entrypoint: pack.sampleEntrypoint,
              runtimeVersion: pack.defaultVersion,
              port: 8080,
              base,
              sampleApp,
              buildkit,
            };
            const files = await renderAll(plan(answers, { folderName: 'lint-me', empty: sampleApp, detected: [] }));
            for (const file of files.filter((f) => f.kind === 'dockerfile')) {
              const { status, output } = hadolint(file.contents);
              assert.equal(output.trim(), '', `${file.destination}:\n${output}`);
              assert.equal(status, 0);
            }
          });
        }
      }
    }
  }
  // Every other framework's own sample (samples.ts), on every base, both BuildKit modes.
  for (const sample of SAMPLES) {
    const pack = languagePack(sample.language);
    if (sample.framework === pack.defaultFramework) continue;
    for (const base of pack.bases.map((b) => b.id)) {
      for (const buildkit of [true, false]) {
        it(`${pack.id} ${sample.framework} sample ${base} buildkit=${buildkit}: zero findings`, async () => {
          const answers: Answers = {
            appName: 'lint-me',
            language: pack.id,
            framework: sample.framework,
            entrypoint: sample.entrypoint,
            runtimeVersion: pack.defaultVersion,
            port: 8080,
            base,
            sampleApp: true,
            buildkit,
          };
          const files = await renderAll(plan(answers, { folderName: 'lint-me', empty: true, detected: [] }));
          for (const file of files.filter((f) => f.kind === 'dockerfile')) {
            const { status, output } = hadolint(file.contents);
            assert.equal(output.trim(), '', `${file.destination}:\n${output}`);
            assert.equal(status, 0);
          }
        });
      }
    }
  }
  // Every existing-repo example (test/examples), as detection fits the Dockerfile to it (both BuildKit modes).
  for (const example of loadExamples().filter((e) => e.generates && e.detect !== null)) {
    const name = example.name;
    for (const buildkit of [true, false]) {
      it(`existing repo ${name} buildkit=${buildkit}: zero findings`, async () => {
        const dir = copyProject(example);
        const facts = await detect(dir);
        // A project with several entry points (a workspace's bins) names its choice in the example's flags.
        const at = example.flags.indexOf('--entrypoint');
        const entrypoint = at >= 0 ? { entrypoint: example.flags[at + 1] } : {};
        const { answers } = await resolveAnswers({ flags: { buildkit, ...entrypoint }, saved: {}, facts, yes: true });
        for (const file of (await renderAll(plan(answers, facts))).filter((f) => f.kind === 'dockerfile')) {
          const { status, output } = hadolint(file.contents);
          assert.equal(output.trim(), '', `${file.destination}:\n${output}`);
          assert.equal(status, 0);
        }
      });
    }
  }
});
