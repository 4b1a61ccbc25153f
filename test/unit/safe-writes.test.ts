/**
 * Safe writes (issue 13): no read or write through a symlink that leaves the project, writes staged and
 * renamed (a failure leaves the old file), the folder's lock, no run in $HOME or /, a user's source file
 * never overwritten (--force included), and file-system errors as one line naming the path (exit 2/3).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'mocha';
import { EnvironmentError, InputError, errorLine, exitCodeOf, fileError } from '../../src/errors.js';
import { decideChange, hashOf, nextRecord, writesOf } from '../../src/session/changes.js';
import {
  LOCK_FILE,
  OutsideProjectError,
  acquireLock,
  lockOwnerFor,
  readInside,
  refuseHomeOrRoot,
} from '../../src/session/files.js';
import { writeAll } from '../../src/session/write.js';
import { tempDir, writeTree } from '../support/temp-tree.js';

/** A project folder and, beside it, a folder standing for "outside" (a user's home, /etc). */
function layout(): { project: string; outside: string } {
  const root = tempDir('slim-safe-');
  const project = join(root, 'project');
  const outside = join(root, 'outside');
  mkdirSync(project);
  mkdirSync(outside);
  writeFileSync(join(outside, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  return { project, outside };
}

describe('reads never leave the project', () => {
  it('a symlink to a file outside is an error naming the file and where it points (exit 2)', () => {
    const { project, outside } = layout();
    symlinkSync(join(outside, 'passwd'), join(project, '.dockerignore'));
    assert.throws(
      () => readInside(project, '.dockerignore'),
      (error: unknown) =>
        error instanceof OutsideProjectError &&
        exitCodeOf(error) === 2 &&
        /^\.dockerignore: is a symlink to .*outside\/passwd, outside the project/.test(error.message),
    );
  });
  it('a folder above the file that links outside counts too', () => {
    const { project, outside } = layout();
    writeFileSync(join(outside, 'docker.yml'), 'x');
    symlinkSync(outside, join(project, '.github'));
    assert.throws(() => readInside(project, '.github/docker.yml'), OutsideProjectError);
  });
  it('a symlink inside the project is read; missing, dangling, a folder or a FIFO read as absent', () => {
    const { project } = layout();
    writeTree(project, { 'docker/ignore': 'node_modules\n' });
    symlinkSync('docker/ignore', join(project, '.dockerignore'));
    assert.equal(readInside(project, '.dockerignore'), 'node_modules\n');
    assert.equal(readInside(project, 'missing'), undefined);
    symlinkSync('nowhere', join(project, 'dangling'));
    assert.equal(readInside(project, 'dangling'), undefined);
    mkdirSync(join(project, 'Dockerfile'));
    assert.equal(readInside(project, 'Dockerfile'), undefined);
    execFileSync('mkfifo', [join(project, 'fifo')]);
    assert.equal(readInside(project, 'fifo'), undefined, 'never opened: a FIFO would hang the read');
  });
});

describe('writes: staged, renamed, never through a symlink out of the project', () => {
  it('refuses a destination that links outside before anything is written; the target stays as it was', async () => {
    const { project, outside } = layout();
    symlinkSync(join(outside, 'passwd'), join(project, '.yo-rc.json'));
    await assert.rejects(
      writeAll(project, [
        { path: 'Dockerfile', text: 'FROM x\n' },
        { path: '.yo-rc.json', text: '{}\n' },
      ]),
      (error: unknown) => error instanceof OutsideProjectError && /^\.yo-rc\.json: is a symlink/.test(error.message),
    );
    assert.equal(readFileSync(join(outside, 'passwd'), 'utf8'), 'root:x:0:0:root:/root:/bin/bash\n');
    assert.deepEqual(readdirSync(project), ['.yo-rc.json'], 'nothing written, nothing staged');
  });
  it('refuses a folder on the way that links outside (.github → elsewhere)', async () => {
    const { project, outside } = layout();
    symlinkSync(outside, join(project, '.github'));
    await assert.rejects(
      writeAll(project, [{ path: '.github/workflows/docker.yml', text: 'on: push\n' }]),
      OutsideProjectError,
    );
    assert.deepEqual(readdirSync(outside), ['passwd']);
  });
  it('a symlink inside the project is written where it points, and stays a link', async () => {
    const { project } = layout();
    writeTree(project, { 'docker/Dockerfile': 'FROM old\n' });
    symlinkSync('docker/Dockerfile', join(project, 'Dockerfile'));
    await writeAll(project, [{ path: 'Dockerfile', text: 'FROM new\n' }]);
    assert.equal(readlinkSync(join(project, 'Dockerfile')), 'docker/Dockerfile');
    assert.equal(readFileSync(join(project, 'docker/Dockerfile'), 'utf8'), 'FROM new\n');
  });
  it('a folder where a file belongs is bad input naming the file (exit 2), not a raw EISDIR', async () => {
    const { project } = layout();
    mkdirSync(join(project, 'Dockerfile'));
    await assert.rejects(writeAll(project, [{ path: 'Dockerfile', text: 'FROM x\n' }]), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(exitCodeOf(error), 2);
      assert.match(errorLine(error), /^slim-docker: Dockerfile: is a folder; slim-docker writes a file there/);
      return true;
    });
  });
  it('keeps the mode of a file it replaces, and leaves no staged file behind', async () => {
    const { project } = layout();
    writeTree(project, { 'run.sh': '#!/bin/sh\n' });
    execFileSync('chmod', ['755', join(project, 'run.sh')]);
    await writeAll(project, [{ path: 'run.sh', text: '#!/bin/sh\necho hi\n' }]);
    assert.equal(statSync(join(project, 'run.sh')).mode & 0o777, 0o755);
    assert.deepEqual(readdirSync(project), ['run.sh']);
  });
});

describe('file-system errors: one line naming the path, exit 2 (input) or 3 (environment)', () => {
  const raw = (code: string, syscall = 'open', path = '/p/.Dockerfile.slim-docker-1.tmp') =>
    Object.assign(new Error(`${code}: something, ${syscall} '${path}'`), { code, syscall, path });
  it('a read-only or full disk, or a permission, is the environment (3)', () => {
    for (const code of ['EROFS', 'ENOSPC', 'EACCES', 'EPERM', 'EIO']) {
      const error = fileError(raw(code), 'Dockerfile');
      assert.ok(error instanceof EnvironmentError, code);
      assert.equal(exitCodeOf(error), 3, code);
      assert.match(errorLine(error), new RegExp(`^slim-docker: Dockerfile: cannot write: .* \\(${code}\\)$`));
    }
  });
  it('a folder where a file belongs, a symlink loop, a too-long name is the input (2)', () => {
    for (const code of ['EISDIR', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG'])
      assert.equal(exitCodeOf(fileError(raw(code))), 2);
  });
  it('a raw Node error that escapes still gets one line with its path and code, never exit 1', () => {
    const error = raw('ENOSPC', 'write', '/p/.yo-rc.json');
    assert.equal(exitCodeOf(error), 3);
    assert.equal(errorLine(error), 'slim-docker: /p/.yo-rc.json: write failed: no space left on the device (ENOSPC)');
    assert.equal(exitCodeOf(raw('ENOENT', 'spawn npm', 'npm')), 3, 'a command that cannot start: environment');
  });
});

describe('the lock: one run per folder', () => {
  it('is taken with O_EXCL, re-entrant in one process, and gone once released', () => {
    const { project } = layout();
    const release = acquireLock(project);
    const owner = JSON.parse(readFileSync(join(project, LOCK_FILE), 'utf8')) as { pid: number; host: string };
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.host, hostname());
    const again = acquireLock(project);
    again();
    assert.ok(existsSync(join(project, LOCK_FILE)), 'still held by the outer holder');
    release();
    assert.ok(!existsSync(join(project, LOCK_FILE)));
  });
  it("another live process's lock stops the run with one line naming it (exit 3)", async () => {
    const { project } = layout();
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      // What a run records: its pid, this host, this boot's id and its start time.
      writeFileSync(join(project, LOCK_FILE), JSON.stringify(lockOwnerFor(sleeper.pid)));
      assert.throws(
        () => acquireLock(project),
        (error: unknown) =>
          error instanceof EnvironmentError &&
          exitCodeOf(error) === 3 &&
          new RegExp(`^\\.slim-docker\\.lock: another slim-docker run \\(pid ${sleeper.pid}\\) is working in `).test(
            error.message,
          ),
      );
    } finally {
      sleeper.kill();
    }
  });
  it('a lock whose process is gone is stale and taken over', async () => {
    const { project } = layout();
    const gone = spawn('true', { stdio: 'ignore' });
    await new Promise((resolve) => gone.on('exit', resolve));
    writeFileSync(join(project, LOCK_FILE), JSON.stringify({ pid: gone.pid, host: hostname(), started: '' }));
    const release = acquireLock(project);
    assert.equal(JSON.parse(readFileSync(join(project, LOCK_FILE), 'utf8')).pid, process.pid);
    release();
  });
  it('a lock just created by another run (no owner written yet) counts as held', () => {
    const { project } = layout();
    writeFileSync(join(project, LOCK_FILE), '');
    assert.throws(() => acquireLock(project), EnvironmentError);
  });
  it('a lock that came with the folder names no run here: taken over with one line, never trusted (issue 20 item 9)', () => {
    const { project } = layout();
    const future = new Date(Date.now() + 365 * 24 * 3600 * 1000);
    const committed: [string, string | RegExp, Date?][] = [
      ['{"pid":1}', /names pid 1, which is no slim-docker run on this machine now: taken over$/],
      // Host and pid guessed right (pid 1 is always alive): no boot id and start time of a run of this boot.
      [JSON.stringify({ pid: 1, host: hostname(), started: new Date().toISOString() }), /names pid 1, which is no/],
      [JSON.stringify({ ...lockOwnerFor(1), boot: '00000000-0000-0000-0000-000000000000' }), /names pid 1, which/],
      [
        JSON.stringify({ pid: 1, host: 'build-box\u001b[2J' }),
        'note: .slim-docker.lock names pid 1 on "build-box\\u001b[2J", which is no slim-docker run on this machine now: taken over',
      ],
      ['not json', /is no record of a slim-docker run: taken over$/],
      // An empty lock counts as one being created for 10 s; a future mtime (a tar archive's) is not "just now".
      ['', /was left empty by a run that is gone: taken over$/, future],
    ];
    for (const [text, note, mtime] of committed) {
      writeFileSync(join(project, LOCK_FILE), text);
      if (mtime) utimesSync(join(project, LOCK_FILE), mtime, mtime);
      const lines: string[] = [];
      const release = acquireLock(project, (line) => lines.push(line));
      assert.equal(JSON.parse(readFileSync(join(project, LOCK_FILE), 'utf8')).pid, process.pid, text);
      release();
      assert.equal(lines.length, 1, text);
      if (typeof note === 'string') assert.equal(lines[0], note);
      else assert.match(lines[0], note, text);
    }
  });
  it('a reused pid is not the run that wrote the lock: its start time differs', async () => {
    const { project } = layout();
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const owner = lockOwnerFor(sleeper.pid);
      writeFileSync(join(project, LOCK_FILE), JSON.stringify({ ...owner, startTicks: (owner.startTicks ?? 0) - 1 }));
      const release = acquireLock(project);
      release();
    } finally {
      sleeper.kill();
    }
  });
  it("Ctrl-C while the lock is held (the sample's npm install) removes it; the signal still ends the run", async () => {
    const { project } = layout();
    // Other suites change the working folder (yeoman-test): the child runs from the package root.
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const files = join(root, 'src/session/files.ts');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(files)}); m.acquireLock(${JSON.stringify(project)}); console.log('locked'); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], cwd: root },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      child.on('exit', () => reject(new Error('the child ended before it held the lock')));
    });
    assert.ok(existsSync(join(project, LOCK_FILE)));
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGINT');
    assert.equal(await ended, 'SIGINT');
    assert.ok(!existsSync(join(project, LOCK_FILE)), 'the lock is gone');
  });
});

describe('never in $HOME or /', () => {
  it('refuses the home folder and the file-system root without --force, naming why', () => {
    const home = tempDir('slim-home-');
    assert.throws(
      () => refuseHomeOrRoot(home, false, home),
      (error: unknown) => error instanceof InputError && /is your home folder: .*\.ssh, \.aws/.test(error.message),
    );
    assert.throws(() => refuseHomeOrRoot('/', false, home), /is the root of the file system/);
    assert.doesNotThrow(() => refuseHomeOrRoot(home, true, home));
    assert.doesNotThrow(() => refuseHomeOrRoot(join(home, 'project'), false, home));
  });
});

describe("a user's source file is never overwritten, --force included", () => {
  const sample = 'from flask import Flask\napp = Flask(__name__)\n';
  const decide = (disk: string | undefined, recorded: string | undefined, base?: string) =>
    decideChange({ path: 'app.py', kind: 'source', ours: sample.replace('Flask(', 'Flask( '), disk, recorded, base });
  it('an edited sample file, or one slim-docker never wrote, is protected: no write, no decision to make', () => {
    const edited = decide(`${sample}# mine\n`, hashOf(sample), sample);
    const foreign = decide('print("mine")\n', undefined);
    for (const change of [edited, foreign]) {
      assert.equal(change.action, 'protected');
      assert.equal(change.write, undefined);
      assert.match(change.note, /never overwrites a source file, --force included/);
    }
    assert.deepEqual(writesOf([{ ...foreign, decision: 'overwrite' }]), [], 'not even when "overwrite" is decided');
    assert.deepEqual(nextRecord({ 'app.py': hashOf(sample) }, [edited]), { 'app.py': hashOf(sample) });
  });
  it('an untouched sample file (its bytes are what was recorded) is still ours to regenerate', () => {
    assert.equal(decide(sample, hashOf(sample)).action, 'update');
    assert.equal(decide(undefined, undefined).action, 'create');
  });
  it('a generated file (the Dockerfile) stays a conflict that --force may overwrite', () => {
    const change = decideChange({
      path: 'Dockerfile',
      kind: 'dockerfile',
      ours: 'FROM a\n',
      disk: 'FROM b\n',
      recorded: undefined,
      base: undefined,
    });
    assert.equal(change.action, 'conflict');
  });
});
