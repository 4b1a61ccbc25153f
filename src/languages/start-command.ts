/**
 * A start command (from --command or a platform file) made into what the image runs: split into
 * exec-form words (shlex, POSIX rules), its port variable replaced by the port (exec form has no
 * shell to expand $PORT), and checked per language to name something the image has. A command the
 * image cannot run is a problem with the reason, never used silently.
 */
import { basename } from 'node:path';
import { split } from 'shlex';
import type { LanguageFacts } from '../model.js';
import type { Adopted } from './types.js';

/** Shell syntax exec form cannot run: operators, substitutions, redirections. */
const SHELL_WORD = /^(&&|\|\||;|\||&|>|>>|<|2>&1)$/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/**
 * Words of a command line (a list is taken as exec form already). Leading NAME=value words become
 * variables; shell syntax is a problem. Unbalanced quotes throw (the caller names the field).
 */
export function commandWords(
  command: string | readonly string[],
): { argv: string[]; env: { name: string; value: string }[] } | { problem: string } {
  const words = typeof command === 'string' ? split(command) : [...command];
  if (typeof command === 'string' && /`|\$\(/.test(command))
    return { problem: 'it needs a shell (command substitution)' };
  const shell = words.find((word) => SHELL_WORD.test(word) || /[;|]$/.test(word) || /&&/.test(word));
  if (typeof command === 'string' && shell) return { problem: `it needs a shell (${shell})` };
  const env: { name: string; value: string }[] = [];
  while (words.length && ASSIGNMENT.test(words[0])) {
    const [, name, value] = ASSIGNMENT.exec(words.shift()!)!;
    env.push({ name, value });
  }
  if (!words.length) return { problem: 'it has no command' };
  return { argv: words, env };
}

/**
 * $PORT, ${PORT} and ${PORT:-5000} (or the app's own port variable) become the port; any other
 * variable is a problem, since exec form passes "$NAME" through literally.
 */
export function withPort(argv: readonly string[], port: number, portEnv = 'PORT'): Adopted {
  const names = new Set(['PORT', portEnv]);
  const out: string[] = [];
  for (const word of argv) {
    const replaced = word.replace(/\$\{(\w+)(?::?-[^}]*)?\}|\$(\w+)/g, (whole, braced?: string, bare?: string) =>
      names.has((braced ?? bare)!) ? String(port) : whole,
    );
    const left = /\$\{?(\w+)/.exec(replaced);
    if (left) return { problem: `it uses $${left[1]}, which exec form does not expand (no shell): write the value` };
    out.push(replaced);
  }
  return { argv: out };
}

const PYTHON_SERVERS = ['gunicorn', 'uvicorn', 'hypercorn', 'waitress-serve', 'daphne'];
/** gunicorn worker classes and the package each needs. */
const WORKER_PACKAGES: Record<string, string> = {
  gevent: 'gevent',
  eventlet: 'eventlet',
  tornado: 'tornado',
  'uvicorn.workers.UvicornWorker': 'uvicorn',
  'uvicorn_worker.UvicornWorker': 'uvicorn-worker',
};

/** Removes an option and its value (`--bind X`, `--bind=X`, `-b X`) wherever it appears. */
function withoutOption(argv: string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index];
    if (names.includes(word)) index++;
    else if (!names.some((name) => name.startsWith('--') && word.startsWith(`${name}=`))) out.push(word);
  }
  return out;
}

function optionValue(argv: readonly string[], names: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    if (names.includes(argv[index])) return argv[index + 1];
    const joined = names.find((name) => argv[index].startsWith(`${name}=`));
    if (joined) return argv[index].slice(joined.length + 1);
  }
  return undefined;
}

/**
 * Python: a server the image installs (in the dependencies, or the one slim-docker adds), with the
 * packages its worker class needs, bound to 0.0.0.0 on the port; or python itself.
 */
export function pythonStart(
  argv: readonly string[],
  port: number,
  project: LanguageFacts<{ dependencyNames?: string[]; gunicornControlSocket?: boolean }> | undefined,
): Adopted {
  const program = basename(argv[0]);
  // `python -m gunicorn …` is gunicorn (Render's Django guide): bound to every interface like it.
  if (/^python3?(\.\d+)?$/.test(program) && argv[1] === '-m' && PYTHON_SERVERS.includes(argv[2] ?? ''))
    return pythonStart(argv.slice(2), port, project);
  if (/^python3?(\.\d+)?$/.test(program)) return { argv: ['python', ...argv.slice(1)] };
  if (!PYTHON_SERVERS.includes(program))
    return { problem: `${argv[0]} is not a Python server the image has (${PYTHON_SERVERS.join(', ')}, python)` };
  const installed = new Set([
    ...(project?.extra.dependencyNames ?? []),
    ...(project?.extraPackages ?? []).map((pin) => pin.split(/[=<>\[ ]/)[0].toLowerCase()),
  ]);
  // No project (a sample app): our own gunicorn/uvicorn only.
  if (project && !installed.has(program))
    return { problem: `${program} is not in the project's dependencies, so the image would not have it` };
  let words = [...argv.slice(1)];
  if (program === 'gunicorn') {
    const worker = optionValue(words, ['-k', '--worker-class']);
    const needs = worker && WORKER_PACKAGES[worker];
    if (project && needs && !installed.has(needs))
      return {
        problem: `gunicorn's worker class ${worker} needs ${needs}, which is not in the project's dependencies`,
      };
    words = withoutOption(words, ['-b', '--bind']);
    const socket = project?.extra.gunicornControlSocket !== false && !words.includes('--no-control-socket');
    return {
      argv: ['gunicorn', '--bind', `0.0.0.0:${port}`, ...(socket ? ['--no-control-socket'] : []), ...words],
    };
  }
  if (program === 'uvicorn')
    return {
      argv: ['uvicorn', ...withoutOption(words, ['--host', '--port']), '--host', '0.0.0.0', '--port', `${port}`],
    };
  if (program === 'hypercorn')
    return { argv: ['hypercorn', '--bind', `0.0.0.0:${port}`, ...withoutOption(words, ['-b', '--bind'])] };
  return { argv: [program, ...words] };
}

/** Node: node itself (under tini); a package manager in between does not pass SIGTERM on. */
export function nodeStart(argv: readonly string[]): Adopted {
  const program = basename(argv[0]);
  if (program === 'node') return { argv: ['node', ...argv.slice(1)] };
  if (['npm', 'yarn', 'pnpm', 'npx'].includes(program))
    return {
      problem: `${argv.slice(0, 2).join(' ')} runs through a package manager, which does not pass SIGTERM on: the image runs node directly (give --command "node FILE" to choose the file)`,
    };
  return { problem: `${argv[0]} is not node; the image runs node (give --command "node FILE ARGS")` };
}

/** Where a platform's build leaves the app's binary: ./server, bin/server, /app/server, target/release/server. */
const BINARY_PATH = /^(?:\.\/|\/app\/|\.?\/?bin\/|(?:\.\/)?target\/release\/)[\w.-]+$/;

/**
 * A compiled app (go, rust): the image's ENTRYPOINT is the binary, so the command gives its arguments.
 * The first word is the app itself (a path where a build leaves it, or one of its names) or already
 * an argument (starts with "-"); another program is not in the image.
 */
export function binaryStart(argv: readonly string[], names: readonly string[], builder: string): Adopted {
  const first = argv[0];
  if (first.startsWith('-')) return { argv: [...argv] };
  if (BINARY_PATH.test(first) || names.includes(first)) return { argv: argv.slice(1) };
  if (first === builder)
    return {
      problem: `${builder} ${argv[1] ?? ''} compiles at every start; the image runs the built binary (give only its arguments)`,
    };
  return {
    problem: `${first} is not the app's binary (the image holds only it): give its arguments, e.g. --command "./server --flag"`,
  };
}

/** Java: the ENTRYPOINT runs the JVM and the app; the command gives the app's arguments only. */
export function javaStart(argv: readonly string[]): Adopted {
  if (argv[0] === 'java') {
    const jar = argv.indexOf('-jar');
    if (jar !== -1 && jar + 2 <= argv.length) return { argv: argv.slice(jar + 2) };
    return { problem: 'java without -jar FILE: the image runs its own launcher (give only the app arguments)' };
  }
  if (argv[0].startsWith('-')) return { argv: [...argv] };
  return { problem: `${argv[0]} is not the app; the image runs the JVM itself (give only the app arguments)` };
}

/** The command as the image runs it: the port variable replaced, then the language's own check. */
export function adoptStart(
  pack: { startCommand(argv: readonly string[], port: number, project: never): Adopted },
  argv: readonly string[],
  port: number,
  project: LanguageFacts | undefined,
): Adopted {
  const ported = withPort(argv, port, project?.portEnv);
  if ('problem' in ported) return ported;
  return pack.startCommand(ported.argv, port, project as never);
}
