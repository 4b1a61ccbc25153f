/**
 * Issue 22 item 1: every framework offered for a new (empty) folder, by the prompt or a flag, writes a
 * sample app of its own (never another framework's under its name) that an e2e example verifies; every
 * other framework is refused there with one line naming the allowed values, and nothing is written.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import helpers from 'yeoman-test';
import AppGenerator from '../../generators/app/index.js';
import { QUESTIONS } from '../../src/input/questions.js';
import { LANGUAGE_PACKS } from '../../src/languages/index.js';
import { SAMPLES, sampleFor, sampleFrameworksOf } from '../../src/languages/samples.js';
import { loadExamples } from '../support/examples.js';

const resolved = fileURLToPath(new URL('../../generators/app/index.ts', import.meta.url));
const generate = (language: string, framework: string) =>
  helpers
    .run(AppGenerator as never, { resolved, namespace: 'slim-docker:app' })
    .withOptions({ yes: true, skipVerify: true, skipInstall: true, language, framework } as never);

/** What makes each sample its framework's own, beyond the files it writes. */
const OWN: Record<string, Record<string, RegExp[]>> = {
  'python/flask': { 'app.py': [/^from flask import Flask$/m], 'requirements.txt': [/^flask==/m, /^gunicorn==/m] },
  'python/fastapi': {
    'app.py': [/^from fastapi import FastAPI$/m],
    'requirements.txt': [/^fastapi==\d/m, /^uvicorn==\d/m],
    Dockerfile: [/^CMD \["uvicorn", "app:app"/m],
  },
  'python/django': {
    'config/views.py': [/^from django\.http import/m, /def health\(request\)/],
    'config/wsgi.py': [/get_wsgi_application\(\)/],
    'requirements.txt': [/^django==5\.2\.\d+$/m, /^gunicorn==\d/m],
    Dockerfile: [/^CMD \["gunicorn", .*"config\.wsgi:application"\]$/m],
  },
  'node/express': { 'server.js': [/^import express from "express";$/m], 'package.json': [/"express": "5\./] },
  'node/fastify': {
    'server.js': [
      /^import Fastify from "fastify";$/m,
      /process\.once\("SIGTERM"/,
      /host = process\.env\.HOST \|\| "0\.0\.0\.0"/,
    ],
    'package.json': [/"fastify": "5\./],
  },
  'go/net/http': { 'main.go': [/"net\/http"/] },
  'go/gin': {
    'main.go': [/"github\.com\/gin-gonic\/gin"/, /syscall\.SIGTERM/],
    'go.mod': [/^require github\.com\/gin-gonic\/gin v1\.11\.0$/m],
    'go.sum': [/^github\.com\/gin-gonic\/gin v1\.11\.0 h1:/m],
    Dockerfile: [/^ENV GIN_MODE=release$/m],
  },
  'rust/axum': { 'Cargo.toml': [/^axum = /m] },
  'java/spring-boot': { 'pom.xml': [/spring-boot-starter-web/] },
};

/** Other frameworks' markers that must not appear in a sample (the old bug: Flask under FastAPI's name). */
const FOREIGN: Record<string, RegExp> = {
  flask: /\bflask\b/i,
  fastapi: /\bfastapi\b/i,
  django: /\bdjango\b/i,
  express: /\bexpress\b/,
  fastify: /\bfastify\b/i,
  gin: /gin-gonic/,
};

describe('samples: a new folder gets its framework’s own sample, or a refusal (issue 22 item 1)', () => {
  it('the table has an own-ness check for every sample', () => {
    assert.deepEqual(SAMPLES.map((sample) => `${sample.language}/${sample.framework}`).sort(), Object.keys(OWN).sort());
  });

  it('the prompt offers a new folder exactly the frameworks with a sample', () => {
    const question = QUESTIONS.find((candidate) => candidate.key === 'framework')!;
    const empty = { folderName: 'new', empty: true, detected: [] };
    for (const pack of LANGUAGE_PACKS) {
      const offered = question.choices!({ language: pack.id }, empty).map((choice) => choice.value);
      assert.deepEqual(offered, sampleFrameworksOf(pack.id), pack.id);
      assert.ok(offered.includes(pack.defaultFramework), `${pack.id}: the default framework has a sample`);
    }
  });

  it('every sample is verified by an e2e example of a new folder', () => {
    const covered = new Set(
      loadExamples()
        .filter((example) => example.e2e && example.detect === null && example.expect.exitCode === 0)
        .map((example) => {
          const at = example.flags.indexOf('--framework');
          const framework =
            at >= 0 ? example.flags[at + 1] : LANGUAGE_PACKS.find((p) => p.id === example.language)!.defaultFramework;
          return `${example.language}/${framework}`;
        }),
    );
    for (const sample of SAMPLES)
      assert.ok(covered.has(`${sample.language}/${sample.framework}`), `${sample.language}/${sample.framework}`);
  });

  for (const pack of LANGUAGE_PACKS) {
    for (const framework of pack.frameworks) {
      const sample = sampleFor(pack.id, framework);
      if (sample) {
        it(`${pack.id} ${framework}: writes its own sample`, async () => {
          const result = await generate(pack.id, framework);
          const dir = result.cwd;
          const read = (file: string) => readFileSync(join(dir, file), 'utf8');
          result.assertFile(sample.files.map((file) => file.destination));
          const saved = JSON.parse(read('.yo-rc.json'))['generator-slim-docker'];
          assert.equal(saved.framework, framework);
          assert.equal(saved.entrypoint, sample.entrypoint);
          assert.match(
            read(sample.greetingFile),
            new RegExp(`Hello from ${dir.split('/').pop()!.replace(/[.]/g, '\\.')}!`),
          );
          for (const [file, patterns] of Object.entries(OWN[`${pack.id}/${framework}`]))
            for (const pattern of patterns) assert.match(read(file), pattern, `${file} ${pattern}`);
          const sources = sample.files.map((file) => read(file.destination)).join('\n');
          for (const other of sampleFrameworksOf(pack.id).filter((name) => name !== framework && FOREIGN[name]))
            assert.doesNotMatch(sources, FOREIGN[other], `no ${other} in the ${framework} sample`);
        });
      } else {
        it(`${pack.id} ${framework}: refused for a new folder, naming the allowed values, nothing written`, async () => {
          const context = generate(pack.id, framework);
          await assert.rejects(context, (error: Error) => {
            assert.match(error.message, /--framework/);
            for (const allowed of sampleFrameworksOf(pack.id))
              assert.ok(error.message.includes(allowed), error.message);
            assert.equal(error.message.trim().split('\n').length, 1, error.message);
            return true;
          });
          assert.deepEqual(readdirSync(context.targetDirectory!), []);
        });
      }
    }
  }
});
