import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { parseDockerfile } from '../../src/dockerfile-check.js';
import { compareLayers, findDependencyStep, instrument, truncateAt } from '../../src/verify/cache-proof.js';
import { contextFilter, copyContext, walkContext } from '../../src/verify/context.js';
import { finalBaseImage } from '../../src/verify/index.js';
import type { Target } from '../../src/verify/target.js';
import { tempDir } from '../support/temp-tree.js';

const PIP = /\bpip3? install\b/;
const seedFinal = `FROM python:3.12-slim
WORKDIR /app
# Dependencies first
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN useradd --create-home appuser
USER appuser
CMD ["python", "app.py"]
`;

describe('dependency step', () => {
  it('finds the pip install and cuts the Dockerfile right after it', () => {
    const parsed = parseDockerfile(seedFinal);
    const step = findDependencyStep(parsed, PIP)!;
    assert.equal(step.line, 5);
    assert.ok(step.finalStage);
    assert.equal(
      truncateAt(seedFinal, parsed, step).trimEnd().split('\n').pop(),
      'RUN pip install --no-cache-dir -r requirements.txt',
    );
  });
  it('keeps continuation lines of a multi-line step', () => {
    const text = 'FROM x\nRUN --mount=type=cache,target=/c \\\n    pip install -r r.txt\nCOPY . .\n';
    const parsed = parseDockerfile(text);
    assert.equal(
      truncateAt(text, parsed, findDependencyStep(parsed, PIP)!),
      'FROM x\nRUN --mount=type=cache,target=/c \\\n    pip install -r r.txt\n',
    );
  });
  it('falls back to the last RUN before the whole-context COPY', () => {
    const parsed = parseDockerfile('FROM x\nRUN apt-get update\nRUN make deps\nCOPY . /src\nRUN make\n');
    assert.equal(findDependencyStep(parsed, /never/)?.text, 'make deps');
  });
  it('knows a builder-stage step is not in the final image', () => {
    const parsed = parseDockerfile(
      'FROM golang:1.24 AS build\nRUN go mod download\nCOPY . .\nFROM scratch\nCOPY --from=build /app /app\n',
    );
    assert.equal(findDependencyStep(parsed, /go mod download/)?.finalStage, false);
  });
});

describe('layer comparison', () => {
  const L = (...ids: string[]) => ids.map((id) => `sha256:${id}`);
  it('passes when the deps prefix is identical and only code layers changed', () => {
    const result = compareLayers({
      depsCold: L('a', 'b'),
      depsEdited: L('a', 'b'),
      cold: L('a', 'b', 'c'),
      edited: L('a', 'b', 'd'),
      finalStage: true,
    });
    assert.ok(result.ok, result.detail);
    assert.equal(result.sharedLayers, 2);
  });
  it("fails the seed's counter-example (COPY . . before pip install)", () => {
    const result = compareLayers({
      depsCold: L('a', 'c1', 'p1'),
      depsEdited: L('a', 'c2', 'p2'),
      cold: L('a', 'c1', 'p1'),
      edited: L('a', 'c2', 'p2'),
      finalStage: true,
    });
    assert.equal(result.ok, false);
    assert.match(result.detail, /layer 2 of 3 differs/);
  });
  it('fails when the edit never reached the image', () => {
    const result = compareLayers({
      depsCold: L('a'),
      depsEdited: L('a'),
      cold: L('a', 'b'),
      edited: L('a', 'b'),
      finalStage: true,
    });
    assert.equal(result.ok, false);
  });
  it('fails when the final image does not start with the deps layers', () => {
    const result = compareLayers({
      depsCold: L('a', 'b'),
      depsEdited: L('a', 'b'),
      cold: L('a', 'x', 'c'),
      edited: L('a', 'x', 'd'),
      finalStage: true,
    });
    assert.equal(result.ok, false);
  });
  it('accepts an identical final image for a multi-stage build', () => {
    assert.ok(
      compareLayers({
        depsCold: L('g', 'm'),
        depsEdited: L('g', 'm'),
        cold: L('s', 'bin'),
        edited: L('s', 'bin'),
        finalStage: false,
      }).ok,
    );
  });
});

describe('build context', () => {
  it('walks without entering ignored folders, copies what the engine receives', async () => {
    const dir = tempDir('ctx-');
    await mkdir(join(dir, '.git/objects'), { recursive: true });
    await mkdir(join(dir, 'pkg/__pycache__'), { recursive: true });
    await writeFile(join(dir, '.git/objects/x'), 'x');
    await writeFile(join(dir, '.env'), 'SECRET=1');
    await writeFile(join(dir, 'app.py'), 'print(1)');
    await writeFile(join(dir, 'pkg/__init__.py'), '');
    await writeFile(join(dir, 'pkg/__pycache__/m.pyc'), '');
    const walk = await walkContext(dir, contextFilter(['.git', '.env', '**/__pycache__']));
    assert.deepEqual(walk.included, ['app.py', 'pkg/__init__.py']);
    assert.deepEqual(walk.excluded, ['.env', '.git', 'pkg/__pycache__']);
    const copy = tempDir('copy-');
    await copyContext(dir, walk.included, copy);
    assert.equal(await readFile(join(copy, 'app.py'), 'utf8'), 'print(1)');
  });
  it("the edited copy keeps the user's folder and file modes (BuildKit's cache key holds them)", async () => {
    const dir = tempDir('ctx-');
    await mkdir(join(dir, '.mvn/wrapper'), { recursive: true });
    await writeFile(join(dir, '.mvn/wrapper/maven-wrapper.properties'), 'x=1\n');
    await writeFile(join(dir, 'mvnw'), '#!/bin/sh\n');
    // A umask-002 checkout (775 folders), an executable script, a read-only file.
    for (const [rel, mode] of [
      ['.', 0o775],
      ['.mvn', 0o775],
      ['.mvn/wrapper', 0o750],
      ['mvnw', 0o775],
    ] as const)
      await chmod(join(dir, rel), mode);
    await chmod(join(dir, '.mvn/wrapper/maven-wrapper.properties'), 0o640);
    const copy = join(tempDir('copy-'), 'context');
    await copyContext(dir, ['.mvn/wrapper/maven-wrapper.properties', 'mvnw'], copy);
    for (const rel of ['.', '.mvn', '.mvn/wrapper', 'mvnw', '.mvn/wrapper/maven-wrapper.properties'])
      assert.equal(
        ((await stat(join(copy, rel))).mode & 0o7777).toString(8),
        ((await stat(join(dir, rel))).mode & 0o7777).toString(8),
        rel,
      );
  });
  it('walks into an ignored folder when a negation may re-include something inside', async () => {
    const dir = tempDir('ctx-');
    await mkdir(join(dir, 'conf'), { recursive: true });
    await writeFile(join(dir, 'conf/a'), '');
    await writeFile(join(dir, 'conf/keep'), '');
    const walk = await walkContext(dir, contextFilter(['conf', '!conf/keep']));
    assert.deepEqual(walk.included, ['conf/keep']);
  });
});

describe('final base image', () => {
  const target = (text: string) => ({ parsed: parseDockerfile(text) }) as Target;
  it('substitutes global ARG defaults', () => {
    assert.equal(finalBaseImage(target('ARG V=3.13\nFROM python:${V}-slim\n')), 'python:3.13-slim');
  });
  it('follows stage aliases and ignores --platform', () => {
    assert.equal(
      finalBaseImage(
        target('FROM --platform=linux/amd64 debian:trixie-slim AS base\nFROM golang:1.24 AS build\nFROM base\n'),
      ),
      'debian:trixie-slim',
    );
  });
});

describe('the run ARG', () => {
  it('the run ARG goes after a FROM that continues over two lines', () => {
    const text = 'FROM --platform=linux/amd64 \\\n    python:3.13-slim\nRUN echo hi\n';
    const out = instrument(text, parseDockerfile(text), 'abc');
    assert.equal(
      out,
      'FROM --platform=linux/amd64 \\\n    python:3.13-slim\nARG SLIM_DOCKER_VERIFY_RUN=abc\nRUN echo hi\n',
    );
    assert.equal(parseDockerfile(out).instructions.length, 3);
  });
});
