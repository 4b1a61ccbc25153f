/**
 * The commands (`slim-docker NAME` = `yo slim-docker:NAME`), the options each takes, and their help:
 * one table for the bin's parser, the generators' option declarations and `--help` everywhere.
 * Yeoman's own options (--skip-cache, --ask-answered, …) keep working but are not listed.
 */
import { InputError } from '../errors.js';
import { didYouMean } from './suggest.js';
import { OPTION_SPECS, type OptionGroup, type OptionSpec } from './flags.js';

export interface ArgumentSpec {
  name: string;
  description: string;
  required: boolean;
}

export interface CommandSpec {
  name: string;
  summary: string;
  options: OptionSpec[];
  arguments: ArgumentSpec[];
}

const inGroups = (...groups: OptionGroup[]) => OPTION_SPECS.filter((spec) => groups.includes(spec.group));
const named = (...names: string[]) => names.map((name) => OPTION_SPECS.find((spec) => spec.name === name)!);
const answerOptions = () => inGroups('answer');
const writeOptions = (...extra: string[]) =>
  OPTION_SPECS.filter(
    (spec) => spec.group === 'write' && (spec.name !== 'skip-install' || extra.includes('skip-install')),
  );

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'app',
    summary: 'Write a Dockerfile, .dockerignore and (in a new folder) a sample app, then verify the image',
    options: [...answerOptions(), ...writeOptions('skip-install'), ...inGroups('compose'), ...inGroups('verify')],
    arguments: [],
  },
  {
    name: 'verify',
    summary:
      'Build the Dockerfile in DIR for real and prove it (non-root, port, HTTP, health, cache, secrets); never changes DIR',
    options: [
      ...named('engine', 'network', 'report', 'keep-image', 'timeout', 'http-path', 'env-file', 'build-timeout'),
      {
        name: 'force',
        type: 'boolean',
        group: 'verify',
        description: 'Verify even your home folder or / (their whole contents would be sent to the engine)',
      },
      {
        name: 'port',
        value: 'PORT',
        type: 'string',
        group: 'verify',
        description: 'Port the app listens on, when the Dockerfile has no EXPOSE and no saved port',
      },
    ],
    arguments: [{ name: 'DIR', description: 'Folder with the Dockerfile (default: .)', required: false }],
  },
  {
    name: 'dockerfile',
    summary: 'The same questions, writing only the Dockerfile',
    options: [...answerOptions(), ...writeOptions()],
    arguments: [],
  },
  {
    name: 'dockerignore',
    summary: 'Write or merge only the .dockerignore',
    options: [...answerOptions(), ...writeOptions()],
    arguments: [],
  },
  {
    name: 'sample',
    summary: 'Write only the sample app (into a new folder; never next to a project)',
    options: [...answerOptions(), ...writeOptions('skip-install')],
    arguments: [],
  },
  {
    name: 'compose',
    summary: "Write compose.yaml from the saved answers (loopback port, restart policy, the Dockerfile's healthcheck)",
    options: [
      {
        name: 'app-name',
        value: 'NAME',
        type: 'string',
        group: 'write',
        description: 'Service and image name (default: the saved app name)',
      },
      {
        name: 'port',
        value: 'PORT',
        type: 'string',
        group: 'write',
        description: 'Host port to publish on 127.0.0.1 (default: the saved port, which the app listens on)',
      },
      ...named('force', 'yes', 'templates', 'config', 'trust-config'),
    ],
    arguments: [],
  },
  {
    name: 'ci',
    summary:
      'Write .github/workflows/docker.yml: a BuildKit build with the GitHub Actions cache, then slim-docker verify',
    options: [
      {
        name: 'app-name',
        value: 'NAME',
        type: 'string',
        group: 'write',
        description: 'Name of the image built in CI, tagged NAME:ci (default: the saved app name)',
      },
      ...named('force', 'yes', 'templates', 'config', 'trust-config'),
    ],
    arguments: [],
  },
  {
    name: 'eject-templates',
    summary: 'Write the built-in templates and TEMPLATES.md (the data each receives) into DIR, for --templates',
    options: [],
    arguments: [{ name: 'DIR', description: 'Folder to write the templates into', required: true }],
  },
];

export const commandNamed = (name: string): CommandSpec => COMMANDS.find((command) => command.name === name)!;

/** Yeoman's own options: accepted everywhere (yo and the bin), never listed. */
export const HIDDEN_YEOMAN_OPTIONS = [
  'skip-cache',
  'force-install',
  'ask-answered',
  'local-config-only',
  'skip-local-cache',
  'bail',
];

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** How the user names a command: `slim-docker compose`, or `yo slim-docker:compose` under yo. */
export function commandLine(command: CommandSpec, bin: string): string {
  if (command.name === 'app') return bin;
  return bin.startsWith('yo ') ? `${bin}:${command.name}` : `${bin} ${command.name}`;
}

/** The one error for a flag a command does not take (the bin and yo alike). */
export function unknownOption(command: CommandSpec, flag: string, bin: string): InputError {
  const line = commandLine(command, bin);
  const name = flag.replace(/^--?/, '');
  const names = command.options.flatMap((option) =>
    option.type === 'boolean' && BOOLEAN_NEGATABLE.has(option.name)
      ? [option.name, `no-${option.name}`]
      : [option.name],
  );
  const hint = didYouMean(name, names, (match) => `--${match}`);
  return new InputError(flag, `is not an option of ${line}${hint}; see ${line} --help`);
}

/** A required argument missing is bad input: one line naming it and the usage (exit 2). */
export function checkArguments(command: CommandSpec, positional: readonly unknown[], bin: string): void {
  command.arguments.forEach((arg, index) => {
    if (arg.required && (positional[index] === undefined || positional[index] === ''))
      throw new InputError(
        arg.name,
        `missing; usage: ${commandLine(command, bin)} ${arg.name} (${arg.description.charAt(0).toLowerCase()}${arg.description.slice(1)})`,
      );
  });
}

/**
 * Parses the bin's arguments for one command: `--name VALUE`, `--name=VALUE`, `--flag`, `--no-flag`,
 * positional arguments. Anything else is bad input (exit 2), named.
 */
export function parseArguments(
  command: CommandSpec,
  argv: readonly string[],
  bin = 'slim-docker',
): { options: Record<string, unknown>; positional: string[]; help: boolean } {
  const options: Record<string, unknown> = {};
  const positional: string[] = [];
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index];
    if (word === '-h' || word === '--help') {
      help = true;
      continue;
    }
    if (word === '--') {
      positional.push(...argv.slice(index + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      positional.push(word);
      continue;
    }
    const [flag, inline] = word.includes('=')
      ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]
      : [word, undefined];
    const name = flag.replace(/^--?/, '');
    const negated = name.startsWith('no-') ? name.slice(3) : undefined;
    const spec =
      command.options.find((option) => option.name === name) ??
      command.options.find((option) => option.name === negated && option.type === 'boolean');
    if (!spec) {
      if (HIDDEN_YEOMAN_OPTIONS.includes(negated ?? name)) continue;
      throw unknownOption(command, flag, bin);
    }
    if (spec.type === 'boolean') {
      if (inline !== undefined)
        throw new InputError(`--${spec.name}`, `takes no value (use --${spec.name} or --no-${spec.name})`);
      options[camel(spec.name)] = spec.name !== name ? false : true;
      continue;
    }
    const value = inline ?? argv[++index];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new InputError(`--${spec.name}`, `needs a value (${spec.value ?? 'VALUE'})`);
    options[camel(spec.name)] = value;
  }
  if (!help) checkArguments(command, positional, bin);
  const allowed = command.arguments.length;
  if (positional.length > allowed)
    throw new InputError(positional[allowed], `is not an argument of ${commandLine(command, bin)}; see --help`);
  return { options, positional, help };
}

/** Help for one command: usage, only our options, aligned and wrapped to the terminal (at most 100 columns). */
export function renderHelp(command: CommandSpec, invocation: 'slim-docker' | 'yo slim-docker', columns = 80): string {
  const width = Math.max(60, Math.min(columns || 80, 100));
  const name =
    invocation === 'slim-docker'
      ? command.name === 'app'
        ? 'slim-docker'
        : `slim-docker ${command.name}`
      : command.name === 'app'
        ? 'yo slim-docker'
        : `yo slim-docker:${command.name}`;
  const args = command.arguments.map((arg) => (arg.required ? arg.name : `[${arg.name}]`)).join(' ');
  const rows: [string, string][] = [
    ...command.options.map((option): [string, string] => [
      option.type === 'boolean' && BOOLEAN_NEGATABLE.has(option.name)
        ? `--[no-]${option.name}`
        : option.type === 'string'
          ? `--${option.name} ${option.value ?? 'VALUE'}`
          : `--${option.name}`,
      option.description,
    ]),
    ['-h, --help', 'Show this help'],
    // yo answers --version itself (with yo's version); the bin prints the package's.
    ...(invocation === 'slim-docker' && command.name === 'app'
      ? [['-V, --version', 'Print the version of generator-slim-docker'] as [string, string]]
      : []),
  ];
  const lines = [
    `Usage: ${name}${args ? ` ${args}` : ''}${command.options.length ? ' [options]' : ''}`,
    '',
    wrap(command.summary, width, 0).join('\n'),
    '',
  ];
  if (command.arguments.length) {
    lines.push(
      'Arguments:',
      ...table(
        command.arguments.map((arg) => [arg.name, arg.description]),
        width,
      ),
      '',
    );
  }
  lines.push('Options:', ...table(rows, width), '');
  if (command.name === 'app') {
    const sub = (cmd: CommandSpec) =>
      (invocation === 'slim-docker' ? `slim-docker ${cmd.name}` : `yo slim-docker:${cmd.name}`) +
      (cmd.arguments.length
        ? ` ${cmd.arguments.map((arg) => (arg.required ? arg.name : `[${arg.name}]`)).join(' ')}`
        : '');
    lines.push(
      'Commands (each has --help):',
      ...table(
        COMMANDS.filter((cmd) => cmd.name !== 'app').map((cmd) => [sub(cmd), cmd.summary]),
        width,
      ),
      '',
    );
    lines.push('Environment: SLIM_DOCKER_ENGINE (like --engine), SLIM_DOCKER_NETWORK (like --network).');
  }
  lines.push(
    ...wrap(
      'Exit codes: 0 ok, 1 verification failed, 2 bad input, 3 environment (disk full or read-only, permissions, another run in the folder), 130 interrupted.',
      width,
      0,
    ),
  );
  return `${lines.join('\n')}\n`;
}

/** Booleans whose "--no-" form means something (the rest are plain switches). */
const BOOLEAN_NEGATABLE = new Set(['sample-app', 'buildkit', 'verify']);

/** Two aligned columns; the second wraps under itself. */
function table(rows: [string, string][], width: number): string[] {
  const left = Math.min(Math.max(...rows.map(([key]) => key.length)) + 4, 36);
  return rows.flatMap(([key, text]) => {
    const wrapped = wrap(text, width, left);
    const first =
      key.length + 2 >= left
        ? [`  ${key}`, ...wrapped.map((line) => `${' '.repeat(left)}${line}`)]
        : [`  ${key.padEnd(left - 2)}${wrapped[0]}`, ...wrapped.slice(1).map((line) => `${' '.repeat(left)}${line}`)];
    return first;
  });
}

function wrap(text: string, width: number, indent: number): string[] {
  const room = Math.max(20, width - indent);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
