/**
 * Under `yo slim-docker`, every flag is checked as the bin checks it: yo hands the generator whatever
 * it parsed (`--prot 80` arrives as an option named "prot"), so an option no command takes is refused
 * with the bin's message (exit 2) before the first question, instead of being ignored.
 */
import { HIDDEN_YEOMAN_OPTIONS, unknownOption, type CommandSpec } from './commands.js';

/** What yeoman-environment, yeoman-test and our own composeWith put beside the user's flags. */
const ENVIRONMENT_KEYS = new Set([
  'env',
  'resolved',
  'namespace',
  '_meta',
  '_',
  'shared-data',
  'shared-fs',
  'forward-error-to-environment',
  'destination-root',
  'invoked-as',
  'skip-install',
  'skip-prompts',
  'initial-generator',
  'composed',
  // yeoman-environment's own options (its command line: util/command.js addEnvironmentOptions).
  'cwd',
  'force',
  'dry-run',
  'whitespace',
  'skip-yo-resolve',
  'skip-parse-options',
  'experimental',
  'log-cwd',
  'help',
  'h',
  // yo's own flags (yo passes them on to the generator it runs).
  'insight',
  'generators',
  'local-only',
  'debug',
  'environment-version',
  'update-notifier',
]);

const kebab = (key: string) => key.replace(/[A-Z]/g, (char) => `-${char.toLowerCase()}`);

/** Throws the bin's InputError for the first option the command does not take. */
export function checkYoOptions(command: CommandSpec, options: Record<string, unknown>, bin = 'yo slim-docker'): void {
  const known = new Set([
    ...command.options.map((spec) => spec.name),
    ...command.arguments.map((arg) => arg.name.toLowerCase()),
    ...HIDDEN_YEOMAN_OPTIONS,
  ]);
  for (const key of Object.keys(options)) {
    const name = kebab(key);
    if (ENVIRONMENT_KEYS.has(name) || known.has(name)) continue;
    // yo reads `--no-NAME` as NAME: false, and may keep "no-NAME" as it was typed too.
    if (name.startsWith('no-') && known.has(name.slice(3))) continue;
    throw unknownOption(command, `--${name}`, bin);
  }
}
