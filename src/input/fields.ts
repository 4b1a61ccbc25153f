/**
 * Field parsers: raw value → typed value, or an InputError naming the field and what is allowed.
 * Flags, saved answers, team config, detected facts and prompt answers all pass through these once.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { LANGUAGE_IDS, LANGUAGE_PACKS, languagePack } from '../languages/index.js';
import { commandWords } from '../languages/start-command.js';
import { didYouMean } from './suggest.js';

const IMAGE_NAME = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export function text(field: string, raw: unknown): string {
  if (typeof raw === 'number') return String(raw);
  if (typeof raw !== 'string') throw new InputError(field, `expected a text value, got ${typeof raw}`);
  // No control characters anywhere: a newline must never reach a Dockerfile, a shell or a log line.
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new InputError(field, 'must not contain newlines or control characters');
  return raw.trim();
}

export function oneOf(field: string, raw: unknown, allowed: readonly string[]): string {
  const value = text(field, raw);
  if (!allowed.includes(value)) {
    throw new InputError(
      field,
      `${JSON.stringify(value)} is not allowed${didYouMean(value, allowed)}; use one of: ${allowed.join(', ')}`,
    );
  }
  return value;
}

export function parseBoolean(field: string, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === 'yes') return true;
  if (raw === 'false' || raw === 'no') return false;
  throw new InputError(field, `${JSON.stringify(raw)} is not allowed; use true or false`);
}

export function parseAppName(field: string, raw: unknown): string {
  const given = text(field, raw);
  // "MyApp" is read as "myapp" (image names are lower-case); the caller notes it (normalisedNote).
  const value = !IMAGE_NAME.test(given) && IMAGE_NAME.test(given.toLowerCase()) ? given.toLowerCase() : given;
  if (value.length === 0 || value.length > 128 || !IMAGE_NAME.test(value)) {
    throw new InputError(
      field,
      `${JSON.stringify(value)} is not a valid image name; use 1-128 lower-case letters and digits, ` +
        'separated by single ".", "_" or "-" (e.g. my-app)',
    );
  }
  return value;
}

export function parsePort(field: string, raw: unknown): number {
  const value = text(field, raw);
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new InputError(field, `${JSON.stringify(value)} is not allowed; use a whole number from 1 to 65535`);
  }
  return port;
}

/** Spellings of a language read as its id: "Node", "Node.js", "nodejs", "Golang", "PYTHON". */
const LANGUAGE_SPELLINGS: Record<string, string> = Object.fromEntries(
  LANGUAGE_PACKS.flatMap((pack) => [
    [pack.id, pack.id],
    [pack.label.toLowerCase().replace(/[^a-z]/g, ''), pack.id],
    ...(pack.id === 'go' ? [['golang', 'go']] : []),
  ]),
);

export function parseLanguage(field: string, raw: unknown): string {
  const value = text(field, raw);
  return LANGUAGE_SPELLINGS[value.toLowerCase().replace(/[^a-z]/g, '')] ?? oneOf(field, raw, LANGUAGE_IDS);
}

/** One line when a value was read other than as written (`--language Node` → node), else undefined. */
export function normalisedNote(field: string, raw: unknown, parsed: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.trim() === String(parsed)) return undefined;
  const why = field.includes('app-name') || /app name/i.test(field) ? ' (image names are lower-case)' : '';
  return `note: ${field} ${JSON.stringify(raw.trim())} read as ${String(parsed)}${why}`;
}

export function parseFramework(field: string, raw: unknown, language: string): string {
  return oneOf(field, raw, languagePack(language).frameworks);
}

export function parseRuntimeVersion(field: string, raw: unknown, language: string): string {
  const pack = languagePack(language);
  const value = text(field, raw);
  if (!pack.versions.includes(value)) {
    throw new InputError(
      field,
      `${JSON.stringify(value)} is not a supported ${pack.label} version (form ${pack.versionForm}); use one of: ${pack.versions.join(', ')}`,
    );
  }
  return value;
}

export function parseEntrypoint(field: string, raw: unknown, language: string): string {
  const pack = languagePack(language);
  const value = text(field, raw);
  const problem = pack.checkEntrypoint(value);
  if (problem) throw new InputError(field, `${JSON.stringify(value)} ${problem}; use ${pack.entrypointForm}`);
  return value;
}

export function parseBase(field: string, raw: unknown, language: string): string {
  return oneOf(
    field,
    raw,
    languagePack(language).bases.map((base) => base.id),
  );
}

/** The engine: `docker`, `podman` (found on PATH), or an absolute path to either CLI (or a shim). */
export function parseEngine(field: string, raw: unknown): string {
  const value = text(field, raw);
  if (value === 'docker' || value === 'podman') return value;
  if (!/^\/[A-Za-z0-9_./+-]*[A-Za-z0-9_+-]$/.test(value) || /(^|\/)\.\.?(\/|$)/.test(value)) {
    throw new InputError(
      field,
      `${JSON.stringify(value)} is not an engine; use docker, podman or an absolute path to the CLI (e.g. /usr/bin/podman)`,
    );
  }
  return value;
}

export function parseNetwork(field: string, raw: unknown): string {
  const value = text(field, raw);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(value)) {
    throw new InputError(
      field,
      `${JSON.stringify(value)} is not a network mode; use host, default, none or a network name`,
    );
  }
  return value;
}

export function parseTimeout(field: string, raw: unknown): number {
  const value = text(field, raw);
  const seconds = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds >= 1 && seconds <= 3600)) {
    throw new InputError(field, `${JSON.stringify(value)} is not allowed; use whole seconds from 1 to 3600`);
  }
  return seconds;
}

/** A file or folder path (report, config, templates): any text without control characters. */
export function parsePath(field: string, raw: unknown): string {
  const value = text(field, raw);
  if (value.length === 0) throw new InputError(field, 'needs a file path');
  return value;
}

/** Folder name → a valid image name ("My App!" → "my-app"); "app" when nothing usable is left. */
export function imageNameFrom(folderName: string): string {
  const cleaned = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/([._-])[._-]+/g, '$1')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, 128)
    .replace(/[._-]+$/g, '');
  return IMAGE_NAME.test(cleaned) ? cleaned : 'app';
}

/** An HTTP path to probe: starts with "/", no spaces, no control characters, at most 2048 characters. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENV_FILE_BYTES = 1 << 20;

/**
 * An env file for the verification container, read now so a bad line stops the run before anything
 * is built. Docker's own format: KEY=VALUE or KEY (taken from the environment), # comments.
 */
export function parseEnvFile(field: string, raw: unknown): string {
  // Absolute: the engine's client runs with another working directory.
  const path = resolve(parsePath(field, raw));
  let content: string;
  let fd: number | undefined;
  try {
    // Without blocking (a FIFO's open waits for a writer for ever), a regular file only, 1 MB at most.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile()) throw new InputError(field, `${path} is not a regular file (a FIFO, device or folder)`);
    if (info.size > ENV_FILE_BYTES)
      throw new InputError(field, `${path} is larger than 1 MB; an env file holds KEY=VALUE lines`);
    content = readFileSync(fd, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(field, `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  content.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const name = trimmed.split('=')[0];
    if (!ENV_NAME.test(name))
      throw new InputError(field, `${path} line ${index + 1} is not KEY=VALUE (KEY: letters, digits and _)`);
  });
  return path;
}

export function parseHttpPath(field: string, raw: unknown): string {
  const value = text(field, raw);
  if (!/^\/[^\s#]{0,2047}$/.test(value))
    throw new InputError(
      field,
      `${JSON.stringify(value)} is not an HTTP path; use one that starts with "/", e.g. /health`,
    );
  return value;
}

/**
 * The release step: a shell command run before the server starts. false (from --no-release-command)
 * and "none" mean no release step. One line, at most 500 characters.
 */
export function parseReleaseCommand(field: string, raw: unknown): string {
  if (raw === false) return '';
  const value = text(field, raw);
  if (value.length > 500)
    throw new InputError(field, `is ${value.length} characters long; use at most 500 (or a script)`);
  return value === 'none' ? '' : value;
}

/**
 * The start command (--command): a command line split by POSIX shell rules (shlex) into exec-form
 * words, or a list of words (saved in .yo-rc.json). "none" is the generated command. No shell runs
 * it, so shell syntax and leading NAME=value words are refused here, with what to do instead.
 */
export function parseCommand(field: string, raw: unknown): string[] {
  if (raw === false || raw === 'none') return [];
  if (Array.isArray(raw)) {
    if (raw.length === 0) return [];
    if (raw.length > 100 || !raw.every((word) => typeof word === 'string'))
      throw new InputError(field, 'must be a list of at most 100 words (strings)');
    raw.forEach((word) => text(field, word));
    return raw as string[];
  }
  const value = text(field, raw);
  if (value === '')
    throw new InputError(
      field,
      'needs a command or the app\'s arguments, e.g. "./server --root /app/public" (or none)',
    );
  if (value.length > 1000) throw new InputError(field, `is ${value.length} characters long; use at most 1000`);
  let words: ReturnType<typeof commandWords>;
  try {
    words = commandWords(value);
  } catch {
    throw new InputError(field, `${JSON.stringify(value)} has an unbalanced quote; close every ' and "`);
  }
  if ('problem' in words)
    throw new InputError(
      field,
      `${JSON.stringify(value)}: ${words.problem}; it runs as one program and its arguments, without a shell`,
    );
  if (words.env.length)
    throw new InputError(
      field,
      `${words.env[0].name}=… is a variable, not a command: set it where the image runs (docker run -e, --env-file)`,
    );
  return words.argv;
}
