/**
 * What every generator shares: the base class (our options only in --help, Yeoman's hidden; one error
 * line and one exit code under yo), the Yeoman side of the core's I/O and prompts, and where siblings live.
 */
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Generator from 'yeoman-generator';
import { errorLine, exitCodeOf } from '../src/errors.js';
import { HIDDEN_YEOMAN_OPTIONS, checkArguments, commandNamed, renderHelp } from '../src/input/commands.js';
import { checkYoOptions } from '../src/input/yo-options.js';
import type { RunSettings } from '../src/model.js';
import { readInside } from '../src/session/files.js';
import { verifyProject } from '../src/session/finish.js';
import { emptyMeansDefault, type Prompter } from '../src/session/prompter.js';
import type { ProjectIO } from '../src/session/session.js';
import type { Write } from '../src/session/write.js';

/** A sibling generator's entry file (the .ts source under tsx, the compiled .js in dist). */
export function generatorPath(name: string): string {
  // This module is generators/shared (source, or dist before bundling), or inside a bundle one folder deeper.
  const here = dirname(fileURLToPath(import.meta.url));
  const generators = basename(here) === 'generators' ? here : dirname(here);
  return join(generators, name, `index.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`);
}

/** Whether this run is yeoman-test's (errors must reach the test) rather than a user's terminal. */
const underTest = (generator: Generator): boolean => {
  for (
    let proto = Object.getPrototypeOf((generator.env as unknown as { adapter?: object }).adapter ?? {});
    proto;
    proto = Object.getPrototypeOf(proto)
  ) {
    if (proto.constructor?.name === 'TestAdapter') return true;
  }
  return false;
};

/** One line, one exit code (the same as the bin's). */
function exitWith(error: unknown): never {
  process.stderr.write(`${errorLine(error)}\n`);
  process.exit(exitCodeOf(error));
}

/**
 * The base of every slim-docker generator. Declares the command's options from the one table
 * (src/input/commands.ts) and hides Yeoman's own; --help prints the same help as the bin. A task that
 * fails prints one line and exits with the error's code (2 bad input, 130 interrupted, 1 verification),
 * instead of Yeoman's "An error occured while running …" and exit 1; under yeoman-test it throws.
 */
export class SlimGenerator extends Generator {
  readonly commandName: string;

  constructor(
    args: string[],
    options: Record<string, unknown>,
    commandName: string,
    features: Record<string, unknown> = {},
  ) {
    // Yeoman's base class reads .yo-rc.json while it is constructed: a link out of the project is refused
    // first, so not even Yeoman reads through it.
    const root = (options.destinationRoot as string | undefined) ?? process.cwd();
    readInside(root, '.yo-rc.json');
    // customInstallTask: the environment's automatic `npm install` has nothing to do for these files.
    super(args, options as never, { customInstallTask: true, ...features } as never);
    this.commandName = commandName;
    const command = commandNamed(commandName);
    // The bin checked its flags already; under yo, every flag is checked the same way, before anything.
    if (options.invokedAs !== 'slim-docker') {
      try {
        checkYoOptions(command, options);
        if (!options.help) checkArguments(command, args, 'yo slim-docker');
      } catch (error) {
        if (underTest(this)) throw error;
        exitWith(error);
      }
    }
    // Required arguments are checked below (one line, exit 2), not by Yeoman (a raw error, exit 1).
    for (const arg of command.arguments)
      this.argument(arg.name.toLowerCase(), { type: String, required: false, description: arg.description });
    // yeoman reads `--no-NAME` itself (as NAME: false) and refuses to declare it; readFlags maps both.
    for (const spec of command.options.filter((option) => !option.name.startsWith('no-')))
      this.option(spec.name, { type: spec.type === 'boolean' ? Boolean : String, description: spec.description });
    const own = new Set(command.options.map((spec) => spec.name));
    // Ctrl-C at a prompt aborts yo's adapter, and yeoman-environment then fails the whole run (yo prints
    // "User force closed the prompt with SIGINT" and exits 1) before our task sees the error: answer first.
    const signal = (this.env?.adapter as { signal?: AbortSignal } | undefined)?.signal;
    if (signal && !underTest(this)) {
      signal.addEventListener('abort', () => exitWith(signal.reason), { once: true });
    }
    for (const name of [...HIDDEN_YEOMAN_OPTIONS, 'skip-install']) {
      const declared = (this._options as Record<string, { hide?: boolean }>)[name];
      if (declared && !own.has(name)) declared.hide = true;
    }
  }

  /** Called when a task fails, before the error is reported (a run lets go of its folder's lock here). */
  protected onFailure(): void {}

  override help(): string {
    return renderHelp(commandNamed(this.commandName), 'yo slim-docker', process.stdout.columns ?? 80).trimEnd();
  }

  override async executeTask(...parameters: Parameters<Generator['executeTask']>): Promise<void> {
    const [task, ...rest] = parameters;
    const method = task.method;
    const generator = this;
    const guarded = {
      ...task,
      async method(this: unknown, ...args: unknown[]) {
        try {
          return await method.apply(this, args);
        } catch (error) {
          generator.onFailure();
          if (underTest(generator)) throw error;
          exitWith(error);
        }
      },
    };
    return super.executeTask(guarded, ...rest);
  }
}

/** A mem-fs file not yet on disk (yeoman-test's withFiles puts files there), or undefined. */
function pendingInMemory(
  generator: Generator,
  absolute: string,
): { state?: string; contents?: Buffer | null } | undefined {
  if (!generator.fs.store.existsInMemory(absolute)) return undefined;
  const file = generator.fs.store.get(absolute) as { state?: string; contents?: Buffer | null };
  return file.state ? file : undefined;
}

/**
 * The core's view of the project through Yeoman: a file still pending in mem-fs is read from there,
 * anything else from disk (never through mem-fs, which would cache a file's absence and then hide the
 * file the core writes).
 */
export function yeomanIO(generator: Generator): ProjectIO {
  return {
    root: generator.destinationRoot(),
    read: (path) => {
      const absolute = generator.destinationPath(path);
      const pending = pendingInMemory(generator, absolute);
      if (pending) return pending.contents ? pending.contents.toString('utf8') : undefined;
      // Never through a symlink that leaves the project; a folder or special file reads as absent.
      return readInside(generator.destinationRoot(), path);
    },
    log: (line) => generator.log(line),
  };
}

/**
 * After the core wrote files straight to disk, mem-fs must agree: a copy still pending there (put by
 * yeoman-test, never by us) would be committed over ours, so it gets the same text; a copy Yeoman only
 * read (e.g. .yo-rc.json, or a file's absence) is refreshed in place, leaving nothing to commit.
 */
export function syncMemFs(generator: Generator, writes: readonly Write[]): void {
  for (const { path, text } of writes) {
    const absolute = generator.destinationPath(path);
    if (pendingInMemory(generator, absolute)) generator.fs.write(absolute, text);
    else if (generator.fs.store.existsInMemory(absolute))
      (generator.fs.store.get(absolute) as { contents: Buffer | null }).contents = Buffer.from(text);
  }
}

/** The core's prompts through Yeoman's adapter (`select`, never the deprecated `list`). */
export function yeomanPrompter(generator: Generator): Prompter {
  const one = async <T>(question: Record<string, unknown>): Promise<T> =>
    ((await generator.prompt([question as never])) as Record<string, T>)[question.name as string];
  return {
    select: (name, message, choices, defaultValue) =>
      one<string>({ type: 'select', name, message, choices, default: defaultValue }),
    async input(name, message, defaultValue, validate) {
      const transformer = (value: string, { isFinal }: { isFinal: boolean }) =>
        isFinal && value.trim() === '' ? defaultValue : value;
      const answer = await one<string | undefined>({
        type: 'input',
        name,
        message,
        default: defaultValue,
        validate: emptyMeansDefault(validate),
        transformer,
      });
      return answer === undefined || String(answer).trim() === '' ? defaultValue : String(answer);
    },
    confirm: (name, message, defaultValue) => one<boolean>({ type: 'confirm', name, message, default: defaultValue }),
  };
}

/** Verifies a folder (the verify generator); the port overrides the saved one or the EXPOSE. */
export async function verifyDirectory(
  generator: Generator,
  dir: string,
  settings: RunSettings,
  overrides: { port?: number } = {},
): Promise<void> {
  await verifyProject(dir, settings, (line) => generator.log(line), overrides);
}

/** A path relative to the project root with forward slashes. */
export const projectPath = (root: string, absolute: string): string => relative(root, absolute).split(sep).join('/');
