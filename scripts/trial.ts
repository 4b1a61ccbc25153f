/**
 * `npm run trial -- LIST [--out FILE] [--repo-timeout SECONDS] [--update]`: runs the built CLI on
 * local checkouts as a new user would and re-probes every verified image by hand (scripts/trial/).
 * Fetches nothing. Writes FILE (Markdown table, default trial-results.md), FILE's .json twin (raw
 * results) and FILE's .logs/ folder (each run's output), rewritten after every repository.
 * --update keeps the results already in the JSON for checkouts this list does not name.
 * Not part of the tests. Bad input: one line naming it, exit 2, nothing run or written.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrialList, TrialListError, type TrialEntry } from './trial/list.js';
import { runTrial } from './trial/run-one.js';
import { renderTable, type TrialResult } from './trial/table.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USAGE = 'usage: npm run trial -- LIST [--out FILE.md] [--repo-timeout SECONDS] [--update]';

function fail(message: string): never {
  process.stderr.write(`trial: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]) {
  let list: string | undefined;
  let out = 'trial-results.md';
  let repoTimeout = 1500;
  let update = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? fail(`${arg} needs a value; ${USAGE}`);
    if (arg === '--out') out = value();
    else if (arg === '--repo-timeout') {
      repoTimeout = Number(value());
      if (!Number.isInteger(repoTimeout) || repoTimeout < 30 || repoTimeout > 7200)
        fail(`--repo-timeout: use whole seconds from 30 to 7200`);
    } else if (arg === '--update') update = true;
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg.startsWith('-')) fail(`unknown option ${arg}; ${USAGE}`);
    else if (list) fail(`one LIST file only; ${USAGE}`);
    else list = arg;
  }
  if (!list) fail(USAGE);
  if (!out.endsWith('.md')) fail(`--out: "${out}" must end in .md (the JSON and logs go beside it)`);
  return { list, out: resolve(out), repoTimeout, update };
}

/** Every entry's folders exist, checked before anything runs. */
function checkEntries(entries: TrialEntry[], listPath: string): void {
  if (!entries.length) fail(`${listPath}: no checkouts listed`);
  for (const entry of entries) {
    const dir = join(entry.checkout, entry.subfolder);
    if (!existsSync(entry.checkout) || !statSync(entry.checkout).isDirectory())
      fail(`${listPath} line ${entry.line}: checkout "${entry.checkout}" is not a folder`);
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      fail(`${listPath} line ${entry.line}: subfolder "${entry.subfolder}" is not a folder in ${entry.checkout}`);
  }
}

const args = parseArgs(process.argv.slice(2));
if (!existsSync(args.list)) fail(`LIST "${args.list}" does not exist`);
let entries: TrialEntry[];
try {
  entries = parseTrialList(await readFile(args.list, 'utf8'));
} catch (error) {
  if (error instanceof TrialListError) fail(`${args.list} ${error.message}`);
  throw error;
}
checkEntries(entries, args.list);
const bin = join(ROOT, 'dist/src/cli.js');
if (!existsSync(bin)) fail(`${bin} is missing: run npm run build (npm run trial does)`);

const engine = process.env.SLIM_DOCKER_ENGINE ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');
const jsonPath = args.out.replace(/\.md$/, '.json');
const logDir = args.out.replace(/\.md$/, '.logs');
await mkdir(logDir, { recursive: true });

const key = (result: { checkout: string; subfolder: string }) => `${resolve(result.checkout)}\0${result.subfolder}`;
const listed = new Set(entries.map(key));
const earlier: TrialResult[] =
  args.update && existsSync(jsonPath)
    ? (JSON.parse(await readFile(jsonPath, 'utf8')) as TrialResult[]).filter((result) => !listed.has(key(result)))
    : [];
const results: TrialResult[] = [];
const save = async () => {
  const all = [...earlier, ...results];
  await writeFile(args.out, renderTable(all));
  await writeFile(jsonPath, `${JSON.stringify(all, null, 2)}\n`);
};

const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());
process.once('SIGTERM', () => interrupt.abort());
const nonce = randomBytes(3).toString('hex');

for (const [index, entry] of entries.entries()) {
  if (interrupt.signal.aborted) break;
  const label = `${entry.checkout}${entry.subfolder ? ` (${entry.subfolder})` : ''}`;
  process.stdout.write(`[${index + 1}/${entries.length}] ${label} ${entry.flags.join(' ')}\n`);
  const result = await runTrial(entry, index, {
    bin,
    engine,
    repoTimeoutSeconds: args.repoTimeout,
    logDir,
    nonce,
    signal: interrupt.signal,
  });
  results.push(result);
  await save();
  const probe = result.reprobe?.map((p) => `${p.path} ${p.status ?? 'no answer'}`).join(', ');
  process.stdout.write(
    `  → ${result.outcome}${result.reason ? `: ${result.reason.slice(0, 200)}` : ''}${probe ? ` | re-probe ${probe}` : ''}${result.reprobeError ? ` | re-probe failed: ${result.reprobeError}` : ''} (${result.seconds} s)\n`,
  );
}
await save();
process.stdout.write(`Table: ${args.out}\nJSON: ${jsonPath}\nLogs: ${logDir}\n`);
process.exit(interrupt.signal.aborted ? 130 : 0);
