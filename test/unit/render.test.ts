import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { execArgs, isExecForm, parseDockerfile } from '../../src/dockerfile-check.js';
import { execForm, pathWord, word } from '../../src/escape.js';
import type { Answers } from '../../src/model.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { contextFilter } from '../../src/verify/context.js';

const base: Answers = {
  appName: 'demo',
  language: 'python',
  framework: 'flask',
  entrypoint: 'app:app',
  runtimeVersion: '3.13',
  port: 5000,
  base: 'slim',
  sampleApp: true,
  buildkit: true,
};
const render = async (over: Partial<Answers> = {}) => {
  const files = await renderAll(plan({ ...base, ...over }, { folderName: 'demo', empty: true, detected: [] }));
  return Object.fromEntries(files.map((file) => [file.destination, file.contents]));
};
const indexOf = (
  keywords: { keyword: string; args: string }[],
  test: (i: { keyword: string; args: string }) => boolean,
) => {
  const index = keywords.findIndex(test);
  assert.ok(index >= 0, 'instruction present');
  return index;
};

describe('python Dockerfile', () => {
  for (const b of ['slim', 'alpine', 'full']) {
    for (const buildkit of [true, false]) {
      it(`${b} base, buildkit ${buildkit}: cache order, non-root, exec-form gunicorn`, async () => {
        const text = (await render({ base: b, buildkit, port: 8123, runtimeVersion: '3.12' })).Dockerfile;
        const parsed = parseDockerfile(text);
        const ins = parsed.instructions;
        assert.doesNotMatch(text, /^# *syntax=/m, 'a syntax line would pull a frontend image');
        assert.equal(ins[0].keyword, 'ARG');
        assert.equal(ins[0].args, 'PYTHON_VERSION=3.12');
        // The final stage's base (a BuildKit file starts with the installers' stage on the same base).
        const from = [...ins].reverse().find((i) => i.keyword === 'FROM')!.args;
        assert.equal(
          from,
          {
            slim: 'python:${PYTHON_VERSION}-slim',
            alpine: 'python:${PYTHON_VERSION}-alpine',
            full: 'python:${PYTHON_VERSION}',
          }[b],
        );
        const user = indexOf(ins, (i) => i.keyword === 'RUN' && /(useradd|adduser)/.test(i.args));
        const deps = indexOf(ins, (i) => i.keyword === 'RUN' && /pip install.* -r requirements\.txt/.test(i.args));
        const code = indexOf(ins, (i) => i.keyword === 'COPY' && i.args === '. .');
        const switchUser = indexOf(ins, (i) => i.keyword === 'USER');
        const cmd = indexOf(ins, (i) => i.keyword === 'CMD');
        assert.ok(
          user < deps && deps < code && code < switchUser && switchUser < cmd,
          'user → deps → code → USER → CMD',
        );
        assert.equal(ins[switchUser].args, '10001:10001');
        assert.match(ins[user].args, /10001/);
        assert.match(
          ins[user].args,
          b === 'alpine' ? /adduser -S -D -H -u 10001 -G app -s \/sbin\/nologin app/ : /--shell \/usr\/sbin\/nologin/,
        );
        if (buildkit) {
          assert.match(ins[deps].args, /--mount=type=cache,target=\/root\/.cache\/uv/);
          assert.match(ins[deps].args, /--mount=type=bind,from=tools,source=\/opt\/tools/);
          assert.match(ins[deps].args, /--mount=type=bind,source=requirements.txt/);
        } else {
          assert.doesNotMatch(text, /--mount/);
          assert.match(ins[deps].args, /--no-cache-dir/);
          assert.equal(ins[deps - 1].args, 'requirements.txt ./');
        }
        assert.deepEqual(execArgs(parsed, 'CMD'), [
          'gunicorn',
          '--bind',
          '0.0.0.0:8123',
          '--workers',
          '2',
          '--access-logfile',
          '-',
          '--no-control-socket',
          'app:app',
        ]);
        assert.ok(ins.some((i) => i.keyword === 'EXPOSE' && i.args === '8123'));
        const health = ins.find((i) => i.keyword === 'HEALTHCHECK')!.args;
        assert.ok(isExecForm(health.replace(/^.*?CMD /, '')), 'exec-form healthcheck');
        assert.match(health, /HTTPConnection\('127\.0\.0\.1', 8123, timeout=2\); c\.request\('GET', '\/health'\)/);
        assert.match(text, /ENV PYTHONDONTWRITEBYTECODE=1/);
        if (b === 'alpine') assert.match(text, /musl/);
      });
    }
  }
});

describe('python sample app and .dockerignore', () => {
  it('writes the sample app only when asked', async () => {
    assert.deepEqual(Object.keys(await render()).sort(), ['.dockerignore', 'Dockerfile', 'app.py', 'requirements.txt']);
    assert.deepEqual(Object.keys(await render({ sampleApp: false })).sort(), ['.dockerignore', 'Dockerfile']);
  });
  it('pins Flask and gunicorn and greets from home()', async () => {
    const files = await render({ appName: 'shop.api' });
    assert.match(files['requirements.txt'], /^flask==\d+\.\d+\.\d+\ngunicorn==\d+\.\d+\.\d+\n$/);
    assert.match(files['app.py'], /def home\(\):\n    return "Hello from shop\.api!"/);
    assert.match(files['app.py'], /@app\.get\("\/health"\)/);
  });
  it('keeps secrets and bulk out, and never what the Dockerfile copies', async () => {
    const filter = contextFilter((await render())['.dockerignore'].split('\n'));
    for (const out of [
      '.env',
      '.env.local',
      '.git',
      '.venv',
      'venv',
      'src/__pycache__',
      'pkg/mod.pyc',
      '.pytest_cache',
      'htmlcov',
      '.idea',
      'debug.log',
      'Dockerfile',
      '.dockerignore',
    ]) {
      assert.ok(filter.ignores(out), `${out} is ignored`);
    }
    for (const kept of [
      'requirements.txt',
      'app.py',
      'templates/index.html',
      'static/app.css',
      '.env.example',
      'pkg/__init__.py',
    ]) {
      assert.ok(!filter.ignores(kept), `${kept} is kept`);
    }
  });
});

describe('escaping where values land', () => {
  it('exec-form arguments are JSON strings: quotes cannot break out', () => {
    assert.equal(execForm(['a"b', 'c\\d']), '["a\\"b", "c\\\\d"]');
    assert.deepEqual(JSON.parse(execForm(['x"]', 'y'])), ['x"]', 'y']);
  });
  it('refuses newlines and control characters', () => {
    assert.throws(() => execForm(['ok', 'two\nlines']), /newline/);
    assert.throws(() => word('5000\nRUN rm -rf /'), /newline/);
    assert.throws(() => word('a b'), /word/);
    assert.throws(() => word('"quoted"'), /word/);
  });
  it('the parser rejects unknown instructions and files without FROM', () => {
    assert.throws(() => parseDockerfile('FROM x\nRUNN y\n'), /unknown instruction/);
    assert.throws(() => parseDockerfile('RUN y\n'), /before the first FROM/);
    assert.throws(() => parseDockerfile('# nothing\n'), /no FROM/);
  });
});

describe('template includes', () => {
  it('an override template cannot include a file outside the templates folders', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempDir } = await import('../support/temp-tree.js');
    const { renderFile } = await import('../../src/render.js');
    const root = tempDir('slim-include-');
    mkdirSync(join(root, 'tpl', 'python'), { recursive: true });
    writeFileSync(join(root, 'outside.ejs'), 'x');
    writeFileSync(join(root, 'tpl', 'python', 'dockerignore.ejs'), "<%- include('../../outside.ejs') %>\n");
    await assert.rejects(
      renderFile(
        { template: 'python/dockerignore.ejs', destination: '.dockerignore', kind: 'dockerignore', data: {} },
        join(root, 'tpl'),
      ),
      // Resolved from the override, it climbs out of the templates folder: refused (not found in the view).
      /leaves the templates folder|no such template in the templates folder/,
    );
  });

  /** A node Dockerfile plan (the built-in Dockerfile.ejs includes stages.ejs, native-tools.ejs, npm-install.ejs). */
  const nodePlan = () =>
    plan(
      { ...base, language: 'node', framework: 'express', entrypoint: 'server.js', runtimeVersion: '22', port: 3000 },
      { folderName: 'demo', empty: true, detected: [] },
    ).filter((file) => file.kind === 'dockerfile');

  it('a single copied built-in template renders: its include() falls back to the built-in partial (issue 20 item 10)', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempTree } = await import('../support/temp-tree.js');
    const { TEMPLATES_DIR } = await import('../../src/render.js');
    const copied = readFileSync(join(TEMPLATES_DIR, 'node/Dockerfile.ejs'), 'utf8');
    const tpl = tempTree('slim-override-', { 'node/Dockerfile.ejs': `# team copy\n${copied}` });
    const [ours] = await renderAll(nodePlan());
    const [theirs] = await renderAll(nodePlan(), tpl);
    assert.equal(theirs.contents, `# team copy\n${ours.contents}`);
  });

  it('an overridden partial is used by the built-in template that includes it (per-file overrides)', async () => {
    const { tempTree } = await import('../support/temp-tree.js');
    const tpl = tempTree('slim-override-', { 'node/npm-install.ejs': 'RUN echo team install\n' });
    const [theirs] = await renderAll(nodePlan(), tpl);
    assert.match(theirs.contents, /^RUN echo team install$/m);
  });

  it('includes reach nothing outside the view: absolute paths, `..`, missing files are one error naming the override', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempDir } = await import('../support/temp-tree.js');
    const { InputError } = await import('../../src/errors.js');
    const root = tempDir('slim-include-');
    writeFileSync(join(root, 'secret.ejs'), 'SECRET');
    mkdirSync(join(root, 'tpl', 'node'), { recursive: true });
    for (const [include, why] of [
      [join(root, 'secret.ejs'), /no such template/], // absolute: resolved under the view, not from /
      ['../../secret.ejs', /leaves the templates folder|no such template/],
      [`${'../'.repeat(40)}${root.slice(1)}/secret.ejs`, /leaves the templates folder/],
      ['nowhere.ejs', /no such template/],
    ] as const) {
      writeFileSync(
        join(root, 'tpl', 'node', 'Dockerfile.ejs'),
        `FROM x\n<%- include(${JSON.stringify(include)}) %>\n`,
      );
      await assert.rejects(
        renderAll(nodePlan(), join(root, 'tpl')),
        (error: Error) =>
          error instanceof InputError &&
          error.field === '--templates' &&
          why.test(error.message) &&
          error.message.includes(join(root, 'tpl', 'node', 'Dockerfile.ejs')) &&
          !error.message.includes('SECRET'),
        include,
      );
    }
  });
});

describe('pathWord: a path from code, where it lands (issue 20 item 7)', () => {
  it('passes plain folders, refuses shell and pattern syntax', () => {
    for (const ok of ['data', 'instance', 'src/instance', '/app/data', '/out/state/var', 'db.sqlite3', '.data'])
      assert.equal(pathWord(ok), ok);
    for (const bad of [
      'data${IFS}/usr',
      'a b',
      '../x',
      'a/../../etc',
      '-rf',
      '`id`',
      "'a'",
      '"a"',
      'a\nb',
      '$HOME',
      'a*',
      '!a',
      '',
    ])
      assert.throws(() => pathWord(bad), /refusing/, bad);
  });
});
