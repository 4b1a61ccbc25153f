#!/usr/bin/env node
/**
 * The package's own bin. `slim-docker` (and its dockerfile, dockerignore, sample and verify commands)
 * runs the core directly (src/session/), without yeoman-environment, whose import alone costs more than
 * a whole run; the rules are the same ones the Yeoman generators run. compose, ci, eject-templates and
 * `--compose`/`--ci` go through yeoman-environment, loaded only then.
 *
 * One error format and one set of exit codes: one line, 0 ok, 1 verification failed, 2 bad input,
 * 3 environment (read-only or full disk, permissions, another run in the folder), 130 interrupted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorLine, exitCodeOf } from './errors.js';
import { COMMANDS, parseArguments, renderHelp, type CommandSpec } from './input/commands.js';

const here = dirname(fileURLToPath(import.meta.url));
const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const FAST: Record<string, 'dockerfile' | 'dockerignore' | 'source' | 'all'> = {
  app: 'all',
  dockerfile: 'dockerfile',
  dockerignore: 'dockerignore',
  sample: 'source',
};

function generatorPath(name: string): string {
  const path = join(here, '..', 'generators', name, `index.${extension}`);
  if (!existsSync(path)) throw new Error(`generator ${name} not found at ${path}; run npm run build`);
  return path;
}

/** The package's version, from its package.json (one folder up from src/, two from dist/src/). */
function packageVersion(): string {
  const path = [join(here, '..', 'package.json'), join(here, '..', '..', 'package.json')].find(existsSync);
  return path ? (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version : 'unknown';
}

async function main(argv: string[]): Promise<void> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const named = COMMANDS.find((command) => command.name === argv[0]);
  const command: CommandSpec = named ?? COMMANDS[0];
  const { options, positional, help } = parseArguments(command, named ? argv.slice(1) : argv);
  if (help) {
    process.stdout.write(renderHelp(command, 'slim-docker', process.stdout.columns ?? 80));
    return;
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (command.name === 'verify') {
    const { runVerifyCommand } = await import('./session/run.js');
    await runVerifyCommand(resolve(positional[0] ?? '.'), options, process.env, log);
    return;
  }
  const kinds = FAST[command.name];
  if (kinds && options.compose !== true && options.ci !== true) {
    const [{ GenerationRun, ALL_KINDS }, { terminalPrompter }, { readInside }] = await Promise.all([
      import('./session/run.js'),
      import('./session/prompter.js'),
      import('./session/files.js'),
    ]);
    const root = process.cwd();
    const io = { root, read: (path: string) => readInside(root, path), log };
    const run = new GenerationRun(io, options, process.env, {
      kinds: kinds === 'all' ? ALL_KINDS : [kinds],
      app: command.name === 'app',
      invocation: 'slim-docker',
    });
    // A prompt needs a terminal: without one (CI, a pipe) the run asks nothing, as with --yes, and says so.
    if (!process.stdin.isTTY && options.yes !== true)
      log('No terminal to ask on: taking flags, saved answers, detected values and defaults (as --yes).');
    await run.all(process.stdin.isTTY ? terminalPrompter() : undefined);
    return;
  }
  await runWithYeoman(command, positional, options);
}

/** The Yeoman generators, run by yeoman-environment (imported only for these commands). */
async function runWithYeoman(
  command: CommandSpec,
  positional: string[],
  options: Record<string, unknown>,
): Promise<void> {
  const { createEnv } = await import('yeoman-environment');
  const env = createEnv();
  const meta = env.register(generatorPath(command.name), { namespace: `slim-docker:${command.name}` });
  const generator = await meta.instantiate(positional, { ...options, invokedAs: 'slim-docker' });
  await env.runGenerator(generator);
}

// A reader that went away (`slim-docker verify | head`, a parent that stopped reading) is no error of
// the run: later lines are dropped, and the run still cleans up and ends with its verdict's exit code.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });

main(process.argv.slice(2)).then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`${errorLine(error)}\n`);
    process.exit(exitCodeOf(error));
  },
);
