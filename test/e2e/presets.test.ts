/**
 * Team presets and a team generator end to end (issue 23): this package, the example preset
 * (test/presets/acme-preset) and the example team generator (test/presets/generator-acme-docker) are
 * packed with `npm pack`, installed with `npm install` into a temporary prefix, and used the three ways
 * a team would, each on a new service verified by the real engine:
 *   - Python through the team generator (as `yo acme-docker` runs it: yeoman-environment's lookup of the
 *     generators installed above the service, then its prompt, then slim-docker composed; yo itself
 *     is not used here: run as root it drops to the user nobody);
 *   - Node.js with `slim-docker --preset @acme/slim-docker-preset`;
 *   - Go with `"extends"` in the service's .slim-docker.json (trusted with --trust-config).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'mocha';
import { tempDir } from '../support/temp-tree.js';
import { ENGINE, NETWORK_ENV, ROOT, leftovers, readReport } from './helpers.js';

const PRESET = '@acme/slim-docker-preset';

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', timeout: 600_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs an installed command in a service folder with the engine settings; its status and output. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, SLIM_DOCKER_ENGINE: ENGINE, ...NETWORK_ENV, ...env },
    encoding: 'utf8',
    timeout: 840_000,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return {
    status: result.status ?? -1,
    output: `${result.stdout}\n${result.stderr}${result.error ? `\n[${result.error.message}]` : ''}`,
  };
}

describe('team presets and a team generator, packed, installed and verified for real', () => {
  let prefix: string;
  let bin: string;
  let ours: string;
  const xdg = { XDG_CONFIG_HOME: tempDir('slim-presets-xdg-') };

  before(() => {
    const packs = tempDir('slim-packs-');
    // dist/ is built by the suite's npm run build; packing must not build again.
    for (const dir of [ROOT, join(ROOT, 'test/presets/acme-preset'), join(ROOT, 'test/presets/generator-acme-docker')])
      npm(['pack', '--ignore-scripts', '--pack-destination', packs], dir);
    const tarballs = readdirSync(packs).map((name) => join(packs, name));
    assert.equal(tarballs.length, 3, tarballs.join(', '));
    ours = tarballs.find((file) => /generator-slim-docker-/.test(file))!;
    // A prefix of its own: the three packages side by side in its node_modules, as a team installs them.
    prefix = tempDir('slim-prefix-');
    writeFileSync(join(prefix, 'package.json'), '{"name":"acme-services","private":true}\n');
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], prefix);
    bin = join(prefix, 'node_modules', '.bin', 'slim-docker');
    // What yo does: look the generators up from the service folder, then run one by name.
    writeFileSync(
      join(prefix, 'yo.mjs'),
      "import { createEnv } from 'yeoman-environment';\nconst env = createEnv();\nawait env.lookup({ localOnly: true });\nawait env.run(process.argv.slice(2));\n",
    );
  });

  const service = (name: string) => {
    const dir = join(prefix, 'services', name);
    mkdirSync(join(dir, '.git'), { recursive: true });
    return dir;
  };

  const verified = (dir: string, name: string, status: number, output: string) => {
    assert.equal(status, 0, output);
    const report = readReport(join(dir, 'report.json'));
    assert.equal(report.ok, true, output);
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /org\.opencontainers\.image\.vendor="Acme"/, 'the preset labels');
    assert.match(readFileSync(join(dir, '.dockerignore'), 'utf8'), /^\.acme-scratch\/$/m, "the preset's template");
    const saved = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-slim-docker'];
    assert.deepEqual(
      saved.presets.map((p: { name: string; version: string }) => `${p.name}@${p.version}`),
      [`${PRESET}@1.0.0`],
    );
    assert.equal(saved.port, 8080, "the preset's default port");
    assert.deepEqual(leftovers(name), []);
  };

  it('Python through the team generator (acme-docker composing slim-docker)', () => {
    const dir = service('orders');
    const { status, output } = run(
      process.execPath,
      [join(prefix, 'yo.mjs'), 'acme-docker', '--stack', 'python', '--yes', '--report', 'report.json'],
      dir,
      xdg,
    );
    verified(dir, 'orders', status, output);
    assert.match(readFileSync(join(dir, 'Dockerfile'), 'utf8'), /FROM python:/);
  });

  it('Node.js with slim-docker --preset', () => {
    const dir = service('catalog');
    const { status, output } = run(
      bin,
      ['--yes', '--language', 'node', '--preset', PRESET, '--report', 'report.json'],
      dir,
      xdg,
    );
    verified(dir, 'catalog', status, output);
    assert.match(output, /Team config: .*acme.*slim-docker\.json/);
  });

  it('Go with "extends" in the service\'s .slim-docker.json, trusted with --trust-config', () => {
    const dir = service('ledger');
    writeFileSync(join(dir, '.slim-docker.json'), JSON.stringify({ extends: PRESET }));
    const refused = run(bin, ['--yes', '--language', 'go', '--skip-verify'], dir, xdg);
    assert.equal(refused.status, 2, refused.output);
    assert.match(refused.output, /preset @acme\/slim-docker-preset@1\.0\.0: is named by "extends".*not trusted yet/);
    const { status, output } = run(
      bin,
      ['--yes', '--trust-config', '--language', 'go', '--report', 'report.json'],
      dir,
      xdg,
    );
    verified(dir, 'ledger', status, output);
    assert.match(readFileSync(join(dir, 'Dockerfile'), 'utf8'), /FROM golang:/);
  });

  it('preset init writes a package whose own test passes (npm install, npm test: every language, one verify)', () => {
    const cwd = tempDir('slim-preset-init-');
    const init = run(bin, ['preset', 'init', 'team-preset', '--yes', '--name', '@team/slim-docker-preset'], cwd);
    assert.equal(init.status, 0, init.output);
    const dir = join(cwd, 'team-preset');
    // Its devDependency on generator-slim-docker is this package, packed (it is not on the registry).
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ours], dir);
    const test = run('npm', ['test'], dir, xdg);
    assert.equal(test.status, 0, test.output);
    assert.match(test.output, /6 passing/);
    assert.match(test.output, /Verification: verified/);
  });
});
