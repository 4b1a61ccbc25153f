/**
 * `yo acme-docker`: Acme's own question first (the stack), then generator-slim-docker's app generator,
 * composed with what Acme fixes: the language from that answer and Acme's preset (its locks, labels and
 * templates). slim-docker asks only what Acme leaves open (app name, port, …); the user's run options
 * (--yes, --skip-verify, --engine, …) are passed through.
 */
import { createRequire } from 'node:module';
import Generator from 'yeoman-generator';

const PRESET = '@acme/slim-docker-preset';
const STACKS = ['python', 'node', 'go'];
/** Options of the user's run handed to slim-docker as they are: how it runs, and answers Acme leaves open. */
const SWITCHES = ['yes', 'skipVerify', 'verify', 'force', 'skipInstall', 'trustConfig', 'keepImage'];
const VALUES = ['engine', 'network', 'report', 'appName', 'port', 'framework', 'runtimeVersion', 'entrypoint'];
const PASSED = [...SWITCHES, ...VALUES];
/** yo keys an option as typed (--skip-verify), yeoman-test and composeWith as given (skipVerify). */
const kebab = (name) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
const given = (options, name) => options[name] ?? options[kebab(name)];

export default class AcmeDockerGenerator extends Generator {
  constructor(args, options) {
    super(args, options);
    this.option('stack', { type: String, description: `Acme stack: ${STACKS.join(', ')}` });
    for (const name of SWITCHES) this.option(kebab(name), { type: Boolean, hide: true });
    for (const name of VALUES) this.option(kebab(name), { type: String, hide: true });
  }

  async prompting() {
    let stack = this.options.stack;
    if (stack === undefined && given(this.options, 'yes')) stack = STACKS[0];
    if (stack === undefined)
      ({ stack } = await this.prompt([
        {
          type: 'select',
          name: 'stack',
          message: 'Which Acme stack is this service?',
          choices: STACKS,
          default: STACKS[0],
        },
      ]));
    if (!STACKS.includes(stack)) throw new Error(`--stack: "${stack}" is not an Acme stack; use ${STACKS.join(', ')}`);
    const passed = Object.fromEntries(
      PASSED.filter((name) => given(this.options, name) !== undefined).map((name) => [name, given(this.options, name)]),
    );
    // Fixed by Acme: never asked by slim-docker (a flag decides an answer, and the preset's locks bind it).
    const locked = { language: stack, preset: PRESET };
    // The namespace form when slim-docker is registered (yo's lookup, yeoman-test), else the path form.
    const target = this.env.isPackageRegistered('slim-docker')
      ? 'slim-docker:app'
      : createRequire(import.meta.url).resolve('generator-slim-docker/dist/generators/app/index.js');
    await this.composeWith(target, { ...passed, ...locked });
  }
}
