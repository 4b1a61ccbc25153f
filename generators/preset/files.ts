/**
 * The text of a new preset package (`slim-docker preset init DIR`): package.json, the config, a README
 * and a mocha + yeoman-test test that renders every language with the preset and verifies one sample
 * with the real engine. The templates themselves are copied from the built-in ones (index.ts).
 */
import { LANGUAGE_IDS } from '../../src/languages/index.js';

export interface PresetPlan {
  name: string;
  languages: string[];
  /** generator-slim-docker's own version (the peer range starts there). */
  ourVersion: string;
}

export function packageJson({ name, ourVersion }: PresetPlan): string {
  const major = ourVersion.split('.')[0];
  const range = major === '0' ? `>=${ourVersion} <1` : `^${ourVersion}`;
  return `${JSON.stringify(
    {
      name,
      version: '0.1.0',
      description: 'Team preset for generator-slim-docker: answers, locks and templates shared by every service',
      type: 'module',
      license: 'UNLICENSED',
      keywords: ['slim-docker-preset'],
      'slim-docker': { config: 'slim-docker.json', templates: 'templates' },
      files: ['slim-docker.json', 'templates', 'README.md'],
      scripts: { test: 'mocha --timeout 900000 test' },
      peerDependencies: { 'generator-slim-docker': range },
      devDependencies: { 'generator-slim-docker': range, mocha: '^11.8.0', 'yeoman-test': '^11.8.2' },
    },
    null,
    2,
  )}\n`;
}

export function config({ name }: PresetPlan): string {
  return `${JSON.stringify(
    {
      defaults: {},
      locked: { buildkit: true },
      labels: { 'org.opencontainers.image.vendor': name.replace(/^@/, '').split('/')[0] },
    },
    null,
    2,
  )}\n`;
}

export function readme({ name, languages }: PresetPlan): string {
  return `# ${name}

A team preset for [generator-slim-docker](https://www.npmjs.com/package/generator-slim-docker): the answers
every service shares (\`defaults\`), the ones nobody may change (\`locked\`), team settings (\`registry\`,
\`labels\`, \`uid\`, \`caCertificate\`) and templates, versioned as one npm package.

## Use it

\`\`\`sh
npm install --save-dev ${name}      # or npm install -g, beside a global slim-docker
slim-docker --preset ${name}        # once, for one run (naming it trusts it)
\`\`\`

or in the service's \`.slim-docker.json\` (trusted like a found config: slim-docker shows what the preset
changes and asks once per version):

\`\`\`json
{ "extends": "${name}", "defaults": { "port": 8000 } }
\`\`\`

Order: the presets of \`extends\` in order, then \`--preset\` ones, then the service's own
\`.slim-docker.json\`, then flags. Later wins, but a lock is never loosened: a later source that sets a
locked answer to another value is an error naming both.

## Edit it

- \`slim-docker.json\`: the config (same fields as \`.slim-docker.json\`; \`extends\` is not allowed here).
- \`templates/\`: the built-in templates for ${languages.join(', ')} and the shared ones, ejected; edit any
  file, delete the ones you keep as built in (each missing file falls back to the built-in one). See
  \`slim-docker eject-templates --help\` and the README of generator-slim-docker for the data they receive.

## Prove it

\`npm test\` renders every language with this preset (yeoman-test) and runs \`slim-docker verify\` on a
Python sample with a real engine (Docker or Podman; \`SLIM_DOCKER_ENGINE\` picks one). Run it in your CI
before \`npm publish\`; bump the version for every change: each project that uses the preset is told what
changed on its next run, and asked to trust the new version.
`;
}

/** The preset's own test (ESM JavaScript, no build step). */
export function presetTest(): string {
  return `/**
 * Renders every language with this preset (templates it does not ship fall back to the built-in ones) through generator-slim-docker's app generator (yeoman-test),
 * then verifies one sample with the real engine (\`slim-docker verify\`), so CI proves the preset.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import helpers from 'yeoman-test';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const require = createRequire(import.meta.url);
const slimDocker = dirname(require.resolve('generator-slim-docker/package.json'));
const app = join(slimDocker, 'dist', 'generators', 'app', 'index.js');
const bin = join(slimDocker, 'dist', 'src', 'cli.js');
const LANGUAGES = ${JSON.stringify(LANGUAGE_IDS)};

/** A new, empty project whose parent's node_modules holds this preset, as \`npm install\` would. */
function project() {
  const base = mkdtempSync(join(tmpdir(), 'preset-test-'));
  const link = join(base, 'node_modules', pkg.name);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(root, link, 'dir');
  const dir = join(base, 'svc');
  mkdirSync(dir);
  return dir;
}

const generate = (dir, language) =>
  helpers
    .run(app, { namespace: 'slim-docker:app' })
    .cd(dir)
    .withOptions({ yes: true, language, preset: pkg.name, skipVerify: true, skipInstall: true, force: false });

describe(pkg.name, function () {
  for (const language of LANGUAGES) {
    it(\`renders the \${language} sample with the preset\`, async function () {
      const dir = project();
      await generate(dir, language);
      const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
      assert.match(dockerfile, /^FROM /m);
      const saved = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-slim-docker'];
      assert.equal(saved.presets[0].name, pkg.name);
    });
  }

  it('a sample verifies with the real engine (slim-docker verify)', async function () {
    const language = LANGUAGES.includes('python') ? 'python' : LANGUAGES[0];
    const dir = project();
    await generate(dir, language);
    if (language === 'node') execFileSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], { cwd: dir });
    execFileSync(process.execPath, [bin, 'verify', dir], { stdio: 'inherit' });
  });
});
`;
}
