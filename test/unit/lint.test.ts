import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { parseDockerfile } from '../../src/dockerfile-check.js';
import { lintDockerfile } from '../../src/lint.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';

const rules = (text: string) => lintDockerfile(parseDockerfile(text)).map((f) => `${f.rule}:${f.severity}`);

describe('in-process lint', () => {
  it("finds the seed counter-example's weak spots", () => {
    const found = rules(
      'FROM python\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD python app.py\n',
    );
    for (const rule of [
      'SD001:error',
      'SD002:error',
      'SD003:error',
      'SD004:warning',
      'SD005:warning',
      'SD008:warning',
      'SD010:warning',
      'SD009:warning',
    ]) {
      assert.ok(found.includes(rule), `${rule} in ${found.join(', ')}`);
    }
  });
  it("finds docker init's shell-form CMD and flags a dev server", () => {
    assert.ok(rules('FROM python:3.13-slim\nUSER 10001\nCMD gunicorn app:app\n').includes('SD002:error'));
    assert.ok(rules('FROM python:3.13-slim\nUSER 10001\nCMD ["flask", "run"]\n').includes('SD009:warning'));
    assert.ok(rules('FROM node:22-slim\nUSER node\nCMD ["npm", "start"]\n').includes('SD009:warning'));
  });
  it('a `# slim-docker ignore=RULE` comment right above an instruction turns that rule off there only', () => {
    const script = 'FROM python:3.13-slim\nUSER 10001\nEXPOSE 8080\nHEALTHCHECK CMD ["python", "-c", "1"]\n';
    assert.ok(rules(`${script}CMD ["python", "app.py"]\n`).includes('SD009:warning'));
    assert.ok(
      !rules(`${script}# tornado serves it\n# slim-docker ignore=SD009: tornado\nCMD ["python", "app.py"]\n`).includes(
        'SD009:warning',
      ),
    );
    // Another rule named, a blank line between, or the comment above another instruction: still found.
    assert.ok(rules(`${script}# slim-docker ignore=SD005\nCMD ["python", "app.py"]\n`).includes('SD009:warning'));
    assert.ok(rules(`${script}# slim-docker ignore=SD009\n\nCMD ["python", "app.py"]\n`).includes('SD009:warning'));
    assert.ok(
      rules(`FROM python\n# slim-docker ignore=SD009\nUSER 1\nCMD ["python", "app.py"]\n`).includes('SD009:warning'),
    );
  });
  it('accepts root only when it is not the final user, and multi-stage builder copies', () => {
    const text =
      'FROM golang:1.24 AS build\nCOPY go.mod .\nRUN go mod download\nCOPY . .\nFROM scratch\nCOPY --from=build /app /app\nUSER 65532\nEXPOSE 8080\nHEALTHCHECK CMD ["/app", "-healthcheck"]\nENTRYPOINT ["/app"]\n';
    assert.deepEqual(rules(text), []);
    assert.ok(rules('FROM x:1\nUSER app\nUSER root\nCMD ["a"]\n').includes('SD001:error'));
  });
  it('no false alarms on Dockerfiles people have: inherited CMD/USER, uv --no-cache, copy-only finals', () => {
    const inherits =
      'FROM python:3.13-slim AS base\nUSER 10001\nEXPOSE 8000\nHEALTHCHECK CMD ["python", "-c", "1"]\nCMD ["gunicorn", "app:app"]\nFROM base AS dev\nENV DEBUG=0\n';
    assert.deepEqual(rules(inherits), []);
    assert.ok(
      !rules(
        'FROM python:3.13-slim\nRUN uv pip install --system --no-cache -r requirements.txt\nUSER 1\nCMD ["a"]\n',
      ).includes('SD010:warning'),
    );
    assert.ok(
      !rules('FROM python:3.13-slim\nRUN pip install --no-cache-dir -r requirements.txt\nUSER 1\nCMD ["a"]\n').includes(
        'SD010:warning',
      ),
    );
    assert.ok(
      rules('FROM python:3.13-slim\nRUN uv pip install --system -r requirements.txt\nUSER 1\nCMD ["a"]\n').includes(
        'SD010:warning',
      ),
      'a cache left behind is still found',
    );
    // The chain is followed only to earlier stages: an inherited root user is still root.
    assert.ok(rules('FROM python:3.13-slim AS base\nCMD ["a"]\nFROM base\nENV X=1\n').includes('SD001:error'));
  });
  for (const base of ['slim', 'alpine', 'full']) {
    for (const buildkit of [true, false]) {
      it(`our python Dockerfile (${base}, buildkit ${buildkit}) has no findings`, async () => {
        const answers = {
          appName: 'demo',
          language: 'python',
          framework: 'flask',
          entrypoint: 'app:app',
          runtimeVersion: '3.13',
          port: 5000,
          base,
          sampleApp: true,
          buildkit,
        };
        const dockerfile = (await renderAll(plan(answers, { folderName: 'demo', empty: true, detected: [] }))).find(
          (f) => f.destination === 'Dockerfile',
        )!;
        assert.deepEqual(rules(dockerfile.contents), []);
      });
    }
  }
});
