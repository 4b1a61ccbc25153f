/**
 * Startup benchmark (`npm run bench:startup`): hyperfine, one run, on this machine, for
 *   - generation without verification: `slim-docker --yes --skip-verify` vs @flydotio/dockerfile on the
 *     same tiny Express app, and create-vite scaffolding its vanilla template (for scale);
 *   - time to the first question on a terminal: `slim-docker`, `yo slim-docker` (yo 7, as a non-root
 *     user: yo refuses root) and create-vite, each on a pseudo-terminal (scripts/bench/first-prompt.py).
 * Writes the "Startup" section of BENCHMARKS.md (between its markers) and prints it.
 *
 * Needs: hyperfine (apt-get install hyperfine), python3, the npm registry (the competitors are installed
 * into a scratch folder), `npm run build`. For the yo row: yo 7 and this package installed globally
 * (`npm i -g yo@7 $(npm pack)`), and a non-root user (BENCH_YO_USER, default "tester"); else it is skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist/src/cli.js');
const FIRST_PROMPT = join(ROOT, 'scripts/bench/first-prompt.py');
const SCRATCH = process.env.BENCH_SCRATCH ?? '/tmp/slim-docker-bench-startup';
const TOOLS = join(SCRATCH, 'tools');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const YO_USER = process.env.BENCH_YO_USER ?? 'tester';
const BEGIN = '<!-- startup:begin (scripts/bench/startup.ts writes this section) -->';
const END = '<!-- startup:end -->';

const sh = (command: string, args: string[], cwd = ROOT) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', timeout: 600_000 }).trim();
const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

interface Row {
  label: string;
  command: string;
  median: number;
  mean: number;
  min: number;
  max: number;
  runs: number;
}

function hyperfine(name: string, commands: { label: string; command: string; prepare?: string }[]): Row[] {
  const json = join(SCRATCH, `${name}.json`);
  const args = ['--warmup', '2', '--runs', String(RUNS), '--export-json', json, '--style', 'basic'];
  for (const { label, command, prepare } of commands)
    args.push(...(prepare ? ['--prepare', prepare] : ['--prepare', 'true']), '--command-name', label, command);
  const result = spawnSync('hyperfine', args, { stdio: 'inherit', timeout: 1_800_000 });
  if (result.status !== 0) throw new Error(`hyperfine ${name} failed`);
  const data = JSON.parse(readFileSync(json, 'utf8')) as {
    results: { command: string; median: number; mean: number; min: number; max: number; times: number[] }[];
  };
  return data.results.map((r, index) => ({
    label: commands[index].label,
    command: commands[index].command,
    median: r.median,
    mean: r.mean,
    min: r.min,
    max: r.max,
    runs: r.times.length,
  }));
}

function setUp(): { express: string; flyVersion: string; viteVersion: string; yoVersion?: string } {
  mkdirSync(TOOLS, { recursive: true });
  if (
    !existsSync(join(TOOLS, 'node_modules/@flydotio/dockerfile')) ||
    !existsSync(join(TOOLS, 'node_modules/create-vite'))
  ) {
    sh('npm', ['install', '--prefix', TOOLS, '@flydotio/dockerfile', 'create-vite', '--no-audit', '--no-fund']);
  }
  const version = (pkg: string) =>
    (JSON.parse(readFileSync(join(TOOLS, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  // One tiny Express app with a lockfile, for both generators.
  const express = join(SCRATCH, 'express-app');
  if (!existsSync(join(express, 'package-lock.json'))) {
    mkdirSync(express, { recursive: true });
    writeFileSync(
      join(express, 'package.json'),
      `${JSON.stringify({ name: 'express-app', version: '1.0.0', main: 'server.js', scripts: { start: 'node server.js' }, dependencies: { express: '5.1.0' } }, null, 2)}\n`,
    );
    writeFileSync(
      join(express, 'server.js'),
      "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send('ok'));\napp.listen(process.env.PORT || 3000);\n",
    );
    sh('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], express);
  }
  let yoVersion: string | undefined;
  try {
    yoVersion = sh('runuser', ['-u', YO_USER, '--', 'yo', '--version']);
  } catch {
    yoVersion = undefined;
  }
  return { express, flyVersion: version('@flydotio/dockerfile'), viteVersion: version('create-vite'), yoVersion };
}

const seconds = (value: number) => `${value.toFixed(3)} s`;
const table = (rows: Row[]) =>
  [
    '| command | median | mean | min–max | runs |',
    '|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.label} | **${seconds(row.median)}** | ${seconds(row.mean)} | ${row.min.toFixed(3)}–${row.max.toFixed(3)} | ${row.runs} |`,
    ),
  ].join('\n');

function main(): void {
  if (!existsSync(BIN)) throw new Error('run `npm run build` first');
  rmSync(join(SCRATCH, 'work'), { recursive: true, force: true });
  mkdirSync(join(SCRATCH, 'work'), { recursive: true });
  const { express, flyVersion, viteVersion, yoVersion } = setUp();
  const load = {
    before: loadavg()
      .map((n) => n.toFixed(2))
      .join(' '),
  };
  const work = (name: string) => join(SCRATCH, 'work', name);
  const fresh = (name: string, from?: string) =>
    `rm -rf ${quote(work(name))} && ${from ? `cp -r ${quote(from)} ${quote(work(name))}` : `mkdir -p ${quote(work(name))}`}`;
  const node = process.execPath;

  const generation = hyperfine('generation', [
    {
      label: 'slim-docker --yes --skip-verify (Express app)',
      prepare: fresh('ours', express),
      command: `cd ${quote(work('ours'))} && ${node} ${quote(BIN)} --yes --skip-verify --language node --skip-install`,
    },
    {
      label: `@flydotio/dockerfile ${flyVersion}: dockerfile --force (same app)`,
      prepare: fresh('fly', express),
      command: `cd ${quote(work('fly'))} && ${node} ${quote(join(TOOLS, 'node_modules/@flydotio/dockerfile/index.js'))} --force`,
    },
    {
      label: 'slim-docker --yes --skip-verify (new folder: sample app)',
      prepare: fresh('sample'),
      command: `cd ${quote(work('sample'))} && ${node} ${quote(BIN)} --yes --skip-verify`,
    },
    {
      label: `create-vite ${viteVersion} --template vanilla --no-interactive`,
      prepare: `rm -rf ${quote(work('vite'))}`,
      command: `cd ${quote(join(SCRATCH, 'work'))} && ${node} ${quote(join(TOOLS, 'node_modules/create-vite/index.js'))} vite --template vanilla --no-interactive --no-immediate`,
    },
  ]);

  const prompt = (pattern: string, command: string) => `python3 ${quote(FIRST_PROMPT)} ${quote(pattern)} -- ${command}`;
  const promptRows: { label: string; command: string; prepare?: string }[] = [
    { label: 'the pty harness alone (python3 + a command that prints at once)', command: prompt('x', 'echo x') },
    {
      label: '`slim-docker` → "App name"',
      prepare: fresh('prompt-ours'),
      command: `cd ${quote(work('prompt-ours'))} && ${prompt('App name', `${node} ${quote(BIN)} --skip-verify`)}`,
    },
    {
      label: `create-vite ${viteVersion} → "Project name"`,
      prepare: fresh('prompt-vite'),
      command: `cd ${quote(work('prompt-vite'))} && ${prompt('Project name', `${node} ${quote(join(TOOLS, 'node_modules/create-vite/index.js'))}`)}`,
    },
  ];
  if (yoVersion) {
    promptRows.push({
      label: `\`yo slim-docker\` (yo ${yoVersion}, user ${YO_USER}) → "App name"`,
      prepare: `${fresh('prompt-yo')} && chown ${YO_USER} ${quote(work('prompt-yo'))}`,
      command: `cd ${quote(work('prompt-yo'))} && runuser -u ${YO_USER} -- ${prompt('App name', 'yo slim-docker --skip-verify')}`,
    });
    promptRows.push({
      label: `\`yo --generators\` (yo ${yoVersion}: its start, yeoman-environment and the lookup; no generator loaded)`,
      command: `runuser -u ${YO_USER} -- yo --generators`,
    });
    promptRows.push({
      label: `\`yo --version\` (yo ${yoVersion} alone: its own start, before any generator)`,
      command: `runuser -u ${YO_USER} -- yo --version`,
    });
  }
  const firstPrompt = hyperfine('first-prompt', promptRows);
  load.before += ` → after ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`;

  const ours = generation[0].median;
  const fly = generation[1].median;
  const section = [
    BEGIN,
    '## Startup: generation time and time to the first question',
    '',
    `Measured by \`npm run bench:startup\` (scripts/bench/startup.ts) with hyperfine ${sh('hyperfine', ['--version']).split(' ')[1]}, all rows in one run,`,
    `${RUNS} runs each after 2 warm-ups; ${new Date().toISOString()}; ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB,`,
    `Node ${process.version}; load average (1/5/15 min) ${load.before}.`,
    '',
    '### Generation, no verification',
    '',
    table(generation),
    '',
    `Ours ÷ @flydotio/dockerfile on the same app: **${(ours / fly).toFixed(2)}** (target ≤ 1). The bin runs the core directly; yeoman-environment`,
    'is loaded only for compose, ci, eject-templates and --compose/--ci. Every run writes into a fresh copy (hyperfine --prepare).',
    '',
    '### Time to the first question (on a pseudo-terminal)',
    '',
    table(firstPrompt),
    '',
    'Each row starts the command on a pseudo-terminal and stops when the first question is drawn; the first row is the harness',
    "itself, included in every other row. `yo slim-docker` pays for yo's own start, its yeoman-environment import and its",
    'generator lookup before our generator is loaded: the `yo --generators` row (no generator loaded, no terminal harness) is',
    'the floor of anything run through yo; ours adds the bundled generator (~0.15 s: yeoman-generator and its dependencies in',
    'one chunk, scripts/bundle-generators.mjs), detection and the first prompt.',
    END,
  ].join('\n');
  const file = join(ROOT, 'BENCHMARKS.md');
  const current = readFileSync(file, 'utf8');
  const next = current.includes(BEGIN)
    ? current.slice(0, current.indexOf(BEGIN)) + section + current.slice(current.indexOf(END) + END.length)
    : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  process.stdout.write(`\n${section}\n`);
}

main();
