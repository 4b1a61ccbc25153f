/**
 * Runs a built generator the way yo 7 does (yo's lib/cli.js): the flags meow parsed, camelCase plus
 * kebab-case copies, handed with the namespace to yeoman-environment's run(). For tests of what
 * `yo slim-docker …` does, without installing yo. Usage (cwd: the project):
 *   node test/support/as-yo.mjs slim-docker:app dist/generators/app/index.js '{"prot":80}'
 */
import { resolve } from 'node:path';
import { createEnv } from 'yeoman-environment';

const [namespace, path, flags = '{}'] = process.argv.slice(2);
const env = createEnv();
env.register(resolve(path), { namespace });
await env.run([namespace], JSON.parse(flags));
