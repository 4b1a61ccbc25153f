/**
 * Re-runs are idempotent and honest (issue 11): files slim-docker wrote and nobody edited are
 * regenerated silently, edited ones get a three-way merge or a conflict, saved answers never lead into
 * an error, nothing is written before every conflict is decided, and a fresh repository is "new".
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import helpers, { result } from 'yeoman-test';
import AppGenerator from '../../generators/app/index.js';
import VerifyGenerator from '../../generators/verify/index.js';
import { hashOf } from '../../src/session/changes.js';
import { runApp } from '../support/generator-run.js';
import { tempDir, treeHash } from '../support/temp-tree.js';

const resolved = fileURLToPath(new URL('../../generators/app/index.ts', import.meta.url));
const KEY = 'generator-slim-docker';
type Setup = (dir: string) => void;

const run = runApp;

/** A folder of its own (its name is the app name), outside yeoman-test's, so runs can repeat in it. */
const folder = (name: string) => {
  const dir = join(tempDir('slim-rerun-'), name);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const saved = (dir: string) => JSON.parse(read(dir, '.yo-rc.json'))[KEY];

/** A folder as "create repository" leaves it: .git, README, LICENSE, .gitignore and friends. */
const freshRepository: Setup = (dir) => {
  mkdirSync(join(dir, '.git', 'objects'), { recursive: true });
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  for (const [name, text] of Object.entries({
    'README.md': '# shop\n',
    LICENSE: 'MIT License\n',
    '.gitignore': '__pycache__/\n.env\n',
    '.gitattributes': '* text=auto\n',
    '.editorconfig': 'root = true\n',
    'CHANGELOG.md': '# Changes\n',
  })) {
    writeFileSync(join(dir, name), text);
  }
};

describe('a fresh repository counts as new', () => {
  it('.git, README, LICENSE, .gitignore, .gitattributes, .editorconfig, CHANGELOG: the sample app is written', async () => {
    const dir = folder('shop');
    await run(dir, { yes: true }, undefined, freshRepository);
    for (const file of ['Dockerfile', '.dockerignore', 'app.py', 'requirements.txt'])
      assert.ok(readdirSync(dir).includes(file), file);
    assert.equal(read(dir, 'README.md'), '# shop\n');
    assert.equal(saved(dir).sampleApp, true);
  });
  it('interactively, the sample app is stated, not asked', async () => {
    const dir = folder('shop');
    const { asked, log } = await run(dir, {}, {}, freshRepository);
    assert.ok(!asked.includes('sampleApp'));
    assert.ok(!asked.includes('entrypoint'), "the sample's entry point is the sample's own");
    assert.match(log, /Sample app: yes \(new folder: no project files yet\)/);
  });
});

describe('re-runs', () => {
  it('with the same answers change nothing, byte for byte (.yo-rc.json included)', async () => {
    const dir = folder('same');
    await run(dir, { yes: true });
    const before = treeHash(dir);
    const { log } = await run(dir, { yes: true });
    assert.deepEqual(treeHash(dir), before);
    assert.match(log, /identical Dockerfile/);
  });

  it('a script that serves by itself (tornado): framework and entry point neither asked nor saved; a re-run is identical', async () => {
    const script: Setup = (dir) => {
      writeFileSync(join(dir, 'requirements.txt'), 'tornado==6.5.2\n');
      writeFileSync(
        join(dir, 'app.py'),
        'import asyncio, os\nimport tornado.web\n\nclass Main(tornado.web.RequestHandler):\n    def get(self):\n        self.write("hi")\n\nasync def main():\n    tornado.web.Application([(r"/", Main)]).listen(int(os.environ.get("PORT", "8888")))\n    await asyncio.Event().wait()\n\nif __name__ == "__main__":\n    asyncio.run(main())\n',
      );
    };
    const dir = folder('tornado-app');
    const { asked } = await run(dir, {}, {}, script);
    assert.ok(!asked.includes('framework') && !asked.includes('entrypoint'), asked.join(','));
    assert.ok(asked.includes('port'), asked.join(','));
    assert.equal(saved(dir).framework, undefined);
    assert.equal(saved(dir).entrypoint, undefined);
    assert.match(read(dir, 'Dockerfile'), /^CMD \["python", "app\.py"\]$/m);
    const before = treeHash(dir);
    await run(dir, { yes: true });
    assert.deepEqual(treeHash(dir), before);
  });

  it('interactively, a saved "sample app: yes" in a folder holding our own sample is no error (and not asked)', async () => {
    const dir = folder('again');
    await run(dir, { yes: true });
    const before = treeHash(dir);
    const { asked } = await run(dir, {}, {});
    assert.ok(!asked.includes('sampleApp'), asked.join(','));
    assert.deepEqual(treeHash(dir), before);
  });

  it('a changed answer regenerates our untouched files silently, and the saved answers match the file on disk', async () => {
    const dir = folder('goapp');
    await run(dir, { yes: true, language: 'go' });
    assert.match(read(dir, 'Dockerfile'), /ARG GO_VERSION=1\.27/);
    const { log } = await run(dir, { yes: true, runtimeVersion: '1.24' });
    assert.match(read(dir, 'Dockerfile'), /ARG GO_VERSION=1\.24/);
    assert.equal(saved(dir).runtimeVersion, '1.24');
    assert.equal(saved(dir).files.Dockerfile, hashOf(read(dir, 'Dockerfile')));
    assert.match(log, /update Dockerfile \(ours, never edited: regenerated\)/);
    assert.doesNotMatch(log, /skip Dockerfile/);
  });

  it("a user's edit and our change are merged (three-way): both end up in the file", async () => {
    const dir = folder('merged');
    await run(dir, { yes: true });
    writeFileSync(join(dir, 'Dockerfile'), read(dir, 'Dockerfile').replace(/^USER /m, 'LABEL team=mine\nUSER '));
    const { log } = await run(dir, { yes: true, port: '8000' });
    const dockerfile = read(dir, 'Dockerfile');
    assert.match(dockerfile, /^LABEL team=mine$/m);
    assert.match(dockerfile, /^EXPOSE 8000$/m);
    assert.match(log, /merge Dockerfile \(your edits kept, slim-docker's changes merged in\)/);
    // The next run with the same answers leaves the edited file alone.
    const before = treeHash(dir);
    await run(dir, { yes: true });
    assert.deepEqual(treeHash(dir), before);
  });

  it('overlapping edits are a conflict: --yes keeps the file and says so every time; --force overwrites', async () => {
    const dir = folder('overlap');
    await run(dir, { yes: true });
    const mine = read(dir, 'Dockerfile').replace('EXPOSE 5000', 'EXPOSE 5001');
    writeFileSync(join(dir, 'Dockerfile'), mine);
    const first = await run(dir, { yes: true, port: '8000' });
    assert.equal(read(dir, 'Dockerfile'), mine);
    assert.match(first.log, /Dockerfile \(your edits overlap with what slim-docker changes\) differs/);
    assert.match(first.log, /skip Dockerfile/);
    const again = await run(dir, { yes: true });
    assert.match(again.log, /skip Dockerfile/, 'a kept file is never taken for ours');
    // The kept file's EXPOSE 5001 was saved as the port (issue 22 item 2); --force with --port writes ours.
    assert.equal(saved(dir).port, 5001);
    await run(dir, { yes: true, force: true, port: '8000' });
    assert.match(read(dir, 'Dockerfile'), /^EXPOSE 8000$/m);
  });
});

describe('conflicts are decided before anything is written', () => {
  const conflicted = (dir: string) => {
    writeFileSync(join(dir, 'requirements.txt'), 'flask==3.1.3\ngunicorn==27.0.1\n');
    writeFileSync(join(dir, 'wsgi.py'), 'from flask import Flask\napp = Flask(__name__)\n');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.13-slim\nCOPY . .\nCMD ["gunicorn", "wsgi:app"]\n');
    writeFileSync(join(dir, '.dockerignore'), 'notes/\n');
  };

  it('abort leaves the folder byte-identical (.dockerignore and .yo-rc.json included)', async () => {
    const dir = folder('abort');
    conflicted(dir);
    const before = treeHash(dir);
    await assert.rejects(run(dir, {}, { 'conflict:Dockerfile': 'abort' }), (error: Error & { exitCode?: number }) => {
      assert.equal(error.name, 'CancelledError');
      assert.equal(error.exitCode, 130);
      return true;
    });
    assert.deepEqual(treeHash(dir), before);
  });

  it('keep writes everything else and keeps the Dockerfile', async () => {
    const dir = folder('keep');
    conflicted(dir);
    await run(dir, {}, { 'conflict:Dockerfile': 'keep' });
    assert.equal(read(dir, 'Dockerfile'), 'FROM python:3.13-slim\nCOPY . .\nCMD ["gunicorn", "wsgi:app"]\n');
    assert.ok(read(dir, '.dockerignore').startsWith('notes/\n'));
    assert.equal(saved(dir).files.Dockerfile, undefined, 'a kept file is not recorded as ours');
  });

  it('overwrite writes ours', async () => {
    const dir = folder('overwrite');
    conflicted(dir);
    await run(dir, {}, { 'conflict:Dockerfile': 'overwrite' });
    assert.match(read(dir, 'Dockerfile'), /USER 10001/);
  });
});

describe('questions', () => {
  it('every flag is checked before the first question', async () => {
    for (const [options, message] of [
      [{ port: '70000' }, /--port: "70000" is not allowed/],
      [{ runtimeVersion: '9.9' }, /--runtime-version: "9\.9" fits no language; use python: .*; go: .*; node: /],
    ] as const) {
      const context = helpers
        .run(AppGenerator as never, { resolved, namespace: 'slim-docker:app' })
        .cd(folder('early'))
        .withOptions({ skipVerify: true, ...options } as never)
        .withAnswers({});
      await assert.rejects(context, message);
      assert.deepEqual(context.askedQuestions, []);
    }
  });

  it('a one-choice question is stated, not asked (a new Rust folder has one framework with a sample)', async () => {
    const dir = folder('onechoice');
    const { asked, log } = await run(dir, { language: 'rust', skipInstall: true }, {});
    assert.ok(!asked.includes('framework'));
    assert.match(log, /Framework: axum \(the only choice for Rust\)/);
  });

  it('prompts use select (never the deprecated list) and human messages', async () => {
    const dir = folder('select');
    await run(dir, {}, {});
    const types = Object.fromEntries(
      result.askedQuestions.map((q: { name: string; type?: string }) => [q.name, q.type]),
    );
    assert.ok(!Object.values(types).includes('list'), JSON.stringify(types));
  });

  it("the port's default is the EXPOSE of a Dockerfile already there", async () => {
    const dir = folder('exposed');
    await run(dir, { yes: true }, undefined, (d) => {
      writeFileSync(join(d, 'requirements.txt'), 'flask==3.1.3\ngunicorn==27.0.1\n');
      writeFileSync(join(d, 'wsgi.py'), 'from flask import Flask\napp = Flask(__name__)\n');
      writeFileSync(join(d, 'Dockerfile'), 'FROM python:3.13-slim\nEXPOSE 8123\nCMD ["gunicorn", "wsgi:app"]\n');
    });
    assert.equal(saved(dir).port, 8123);
  });
});

describe('help', () => {
  it("lists only our options, aligned; Yeoman's own are hidden; verify shows only verify options", async () => {
    const helpOf = async (Gen: unknown, name: string) => {
      const context = helpers.create(Gen as never, {
        resolved: fileURLToPath(new URL(`../../generators/${name}/index.ts`, import.meta.url)),
        namespace: `slim-docker:${name}`,
      });
      await context.build();
      return (context.generator as unknown as { help(): string }).help();
    };
    const help = await helpOf(AppGenerator, 'app');
    assert.match(help, /^Usage: yo slim-docker \[options\]/);
    assert.match(help, /--port PORT/);
    for (const hidden of ['--skip-cache', '--ask-answered', '--force-install', 'Default: false'])
      assert.ok(!help.includes(hidden), hidden);
    assert.ok(
      help.split('\n').every((line) => line.length <= 100),
      'no padded lines',
    );
    const verify = await helpOf(VerifyGenerator, 'verify');
    assert.match(verify, /--http-path PATH/);
    for (const other of ['--yes', '--language', '--templates']) assert.ok(!verify.includes(other), other);
    // verify's own --force only allows a home folder or / (it writes nothing to overwrite).
    assert.match(verify, /--force\s+Verify even your home folder/);
  });
});
