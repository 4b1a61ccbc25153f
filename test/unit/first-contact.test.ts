/**
 * The small things a new user meets first (issue 22 item 11): --version, "did you mean" for flags and
 * values, `--language Node` and `MyApp` read as node and myapp (and said so), a missing DIR for
 * eject-templates in one line (exit 2), and --no-verify meaning --skip-verify.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import { commandNamed, parseArguments, renderHelp } from '../../src/input/commands.js';
import { normalisedNote, parseAppName, parseLanguage, parseFramework } from '../../src/input/fields.js';
import { checkFlags } from '../../src/input/resolve.js';
import { resolveRunSettings } from '../../src/input/run-settings.js';
import { closest, editDistance } from '../../src/input/suggest.js';
import { tempDir } from '../support/temp-tree.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = `${ROOT}node_modules/tsx/dist/loader.mjs`;
const bin = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', TSX, `${ROOT}src/cli.ts`, ...args], {
    cwd: tempDir('slim-first-contact-'),
    encoding: 'utf8',
    timeout: 60_000,
  });
const app = commandNamed('app');

describe('first contact', () => {
  it('--version prints the package version; --help lists it', () => {
    const { version } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string };
    const run = bin('--version');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `${version}\n`);
    assert.match(renderHelp(app, 'slim-docker'), /-V, --version\s+Print the version/);
    assert.doesNotMatch(renderHelp(app, 'yo slim-docker'), /--version/, 'yo answers --version itself');
  });

  it('did you mean: flags (a swapped pair counts as one edit) and values, only when close', () => {
    assert.equal(editDistance('langauge', 'language'), 1);
    assert.equal(closest('prot', ['port', 'force']), 'port');
    assert.equal(closest('zzz', ['port', 'force']), undefined);
    assert.throws(
      () => parseArguments(app, ['--langauge', 'go']),
      /^InputError: --langauge: is not an option of slim-docker \(did you mean --language\?\); see slim-docker --help$/,
    );
    assert.throws(() => parseArguments(app, ['--no-sampl-app']), /did you mean --no-sample-app\?/);
    assert.throws(
      () => parseArguments(app, ['--frobnicate']),
      (error: Error) => !/did you mean/.test(error.message),
    );
    assert.throws(
      () => parseFramework('--framework', 'flsk', 'python'),
      /"flsk" is not allowed \(did you mean flask\?\); use one of: flask, fastapi, django/,
    );
    assert.throws(() => checkFlags({ base: 'distroles' }), /fits no language \(did you mean distroless\?\)/);
  });

  it('--language Node and app name MyApp are read as node and myapp, with one note each', () => {
    assert.equal(parseLanguage('--language', 'Node'), 'node');
    assert.equal(parseLanguage('--language', 'Node.js'), 'node');
    assert.equal(parseLanguage('--language', 'golang'), 'go');
    assert.equal(parseAppName('--app-name', 'MyApp'), 'myapp');
    assert.throws(() => parseAppName('--app-name', 'My App'), /not a valid image name/);
    assert.equal(normalisedNote('--language', 'Node', 'node'), 'note: --language "Node" read as node');
    assert.equal(
      normalisedNote('--app-name', 'MyApp', 'myapp'),
      'note: --app-name "MyApp" read as myapp (image names are lower-case)',
    );
    assert.equal(normalisedNote('--language', 'node', 'node'), undefined);
  });

  it('eject-templates without DIR: one line naming the usage, exit 2', () => {
    const run = bin('eject-templates');
    assert.equal(run.status, 2);
    assert.equal(
      run.stderr,
      'slim-docker: DIR: missing; usage: slim-docker eject-templates DIR (folder to write the templates into)\n',
    );
    // --help still answers without it.
    assert.equal(parseArguments(commandNamed('eject-templates'), ['--help']).help, true);
  });

  it('--no-verify is --skip-verify (never "verify when an engine answers"), and help says so', () => {
    const { options } = parseArguments(app, ['--no-verify']);
    assert.equal(resolveRunSettings(options, {}).verify, 'never');
    assert.equal(resolveRunSettings({ verify: 'false' }, {}).verify, 'never');
    assert.equal(resolveRunSettings({}, {}).verify, 'auto');
    assert.match(renderHelp(app, 'slim-docker', 100), /--\[no-\]verify/);
  });
});
