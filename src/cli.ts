#!/usr/bin/env node
/**
 * The package's own bin: runs the generators without a global `yo` (which, run as root, crashes on
 * Node 20 here). `slim-docker [options]` runs the app generator, `slim-docker verify [DIR]` the verifier.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareCommand } from 'yeoman-environment';
import { exitCodeOf } from './errors.js';

const here = dirname(fileURLToPath(import.meta.url));
const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

const SUB_COMMANDS: Record<string, { namespace: string; summary: string }> = {
  app: { namespace: 'slim-docker:app', summary: 'write Dockerfile, .dockerignore and (new project) a sample app, then verify' },
  verify: { namespace: 'slim-docker:verify', summary: 'build the Dockerfile in DIR for real and prove it (non-root, port, HTTP, cache, secrets)' },
  compose: { namespace: 'slim-docker:compose', summary: 'write compose.yaml from the saved answers (loopback port, restart policy, the Dockerfile\'s healthcheck)' },
  dockerfile: { namespace: 'slim-docker:dockerfile', summary: 'the same questions, writing only the Dockerfile' },
  dockerignore: { namespace: 'slim-docker:dockerignore', summary: 'write or merge only the .dockerignore' },
  sample: { namespace: 'slim-docker:sample', summary: 'write only the sample app (empty folder)' },
  'eject-templates': { namespace: 'slim-docker:eject-templates', summary: 'write the built-in templates and a description of their data into DIR, for --templates' },
  ci: { namespace: 'slim-docker:ci', summary: 'write .github/workflows/docker.yml: BuildKit build with GitHub Actions cache, then slim-docker verify' },
};

function generatorPath(name: string): string {
  const path = join(here, '..', 'generators', name, `index.${extension}`);
  if (!existsSync(path)) throw new Error(`generator ${name} not found at ${path}; run npm run build`);
  return path;
}

async function main(argv: string[]): Promise<void> {
  const name = argv[0] && SUB_COMMANDS[argv[0]] ? argv[0] : 'app';
  const args = name === argv[0] ? argv.slice(1) : argv;
  // yeoman-environment builds the command from the generator's declared options (so --help lists them all).
  const command = await prepareCommand({ resolved: generatorPath(name), namespace: SUB_COMMANDS[name].namespace });
  command
    .name(name === 'app' ? 'slim-docker' : `slim-docker ${name}`)
    .description(SUB_COMMANDS[name].summary)
    .exitOverride()
    .addHelpText(
      'after',
      `\nCommands:\n${Object.entries(SUB_COMMANDS).map(([cmd, { summary }]) => `  slim-docker ${cmd === 'app' ? '[app]' : cmd}  ${summary}`).join('\n')}\n\n` +
        'Environment: SLIM_DOCKER_ENGINE (like --engine), SLIM_DOCKER_NETWORK (like --network).\n' +
        'Exit codes: 0 ok, 1 verification failed, 2 bad input, 130 interrupted.',
    );
  await command.parseAsync(args, { from: 'user' });
}

main(process.argv.slice(2)).then(
  () => process.exit(process.exitCode ?? 0),
  (error: Error & { code?: string; exitCode?: number }) => {
    // Commander's own exits (help, version, unknown option) have already printed their message.
    if (error.code?.startsWith('commander.')) process.exit(error.code === 'commander.helpDisplayed' ? 0 : 2);
    process.stderr.write(`slim-docker: ${error.message}\n`);
    process.exit(exitCodeOf(error));
  },
);
