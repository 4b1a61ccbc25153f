/**
 * Where a team config may come from, and whether the user trusts it. A `.slim-docker.json` found on
 * its own (in the project or a parent folder) is not the user's choice: its templates are EJS, which is
 * JavaScript, and its registry, labels, uid and CA certificate change what is built. So:
 *
 * - the search goes up from the project and stops at the repository root (the folder holding `.git`);
 *   a config in a folder writable by every user, or owned by another user, is never read;
 * - a found config that sets anything beyond default and locked answers is used only once trusted:
 *   `--config FILE` (naming it is consent), `--trust-config`, or "trust" at the prompt. Trust is recorded
 *   in the user's own state (`$XDG_CONFIG_HOME/slim-docker/trusted.json`, default `~/.config/…`), never
 *   in the project: a SHA-256 of the config, of every file in its templates folder and of its CA
 *   certificate. Any change to one of them asks again.
 *
 * No heavy imports here: the search runs on every generation (most projects have no team config).
 */
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, parse as parsePath, relative, resolve, sep } from 'node:path';
import { InputError, fileError } from './errors.js';

export const TEAM_CONFIG_FILE = '.slim-docker.json';

/** Why a folder or file may not hold a config slim-docker reads on its own, or undefined when it may. */
export function unsafeOwner(info: Stats, what: 'folder' | 'file', uid = process.getuid?.()): string | undefined {
  if (uid === undefined) return undefined; // no owners to compare (Windows)
  // A sticky folder such as /tmp is still one every user can write a .slim-docker.json into.
  if (info.mode & 0o002) return `its ${what} is writable by every user`;
  if (info.uid !== uid && info.uid !== 0) return `its ${what} is owned by another user (uid ${info.uid})`;
  return undefined;
}

export interface Discovery {
  /** The nearest config that may be read, if any. */
  path?: string;
  /** Configs passed over, each with why (shown to the user). */
  ignored: { path: string; why: string }[];
}

/**
 * The nearest `.slim-docker.json` from the project up: stops after the repository root (a folder
 * holding `.git`, a folder or a worktree's file) or the file-system root; skips (and reports) configs
 * in world-writable folders or owned by another user.
 */
export function discoverTeamConfig(projectDir: string, uid = process.getuid?.()): Discovery {
  const ignored: Discovery['ignored'] = [];
  let dir: string;
  try {
    dir = realpathSync(projectDir);
  } catch {
    dir = resolve(projectDir);
  }
  for (let depth = 0; depth < 64; depth++) {
    const candidate = join(dir, TEAM_CONFIG_FILE);
    if (existsSync(candidate)) {
      let why: string | undefined;
      try {
        why = unsafeOwner(statSync(dir), 'folder', uid) ?? unsafeOwner(lstatSync(candidate), 'file', uid);
        if (!why && lstatSync(candidate).isSymbolicLink()) {
          const target = realpathSync(candidate);
          why = unsafeOwner(statSync(target), 'file', uid) ?? unsafeOwner(statSync(dirname(target)), 'folder', uid);
        }
      } catch (error) {
        why = `it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
      }
      if (!why) return { path: candidate, ignored };
      ignored.push({ path: candidate, why });
    }
    if (existsSync(join(dir, '.git'))) break;
    const parent = dirname(dir);
    if (parent === dir || dir === parsePath(dir).root) break;
    dir = parent;
  }
  return { ignored };
}

/**
 * A name as it may be shown on a terminal: a name holding a control character (an escape sequence, a
 * carriage return), a bidirectional control or a backslash is shown quoted with visible escapes
 * (`"a\\u001b[2K"`), so no file name can rewrite the lines around it.
 */
export function visible(name: string): string {
  const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\\"]/;
  if (!unsafe.test(name)) return name;
  return `"${[...name]
    .map((char) =>
      char === '\\' || char === '"'
        ? `\\${char}`
        : unsafe.test(char)
          ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
          : char,
    )
    .join('')}"`;
}

/** A command shown whole, on one line: in backticks, or quoted with visible escapes when it needs them. */
export function shownCommand(command: string): string {
  const shown = visible(command);
  return shown.startsWith('"') ? shown : `\`${shown}\``;
}

export const sha256 = (bytes: Buffer | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** What trust is given to: the config's bytes and every file it brings in. */
export interface Fingerprint {
  config: string;
  /** Label (`templates/<relative path>`, `caCertificate`) → sha256 of the file. */
  files: Record<string, string>;
}

/**
 * Bounds on a templates folder (a team's overrides are a handful of files; the built-in set is about
 * 40). Every file under the folder can be rendered or `include()`d, so every one is hashed for trust
 * and copied into the render view (render.ts): nothing beyond the bounds is ever skipped quietly, a
 * folder that exceeds one is refused with one line (exit 2).
 */
export const TEMPLATE_LIMITS = { files: 500, depth: 8, bytes: 16 * 1024 * 1024 } as const;

/**
 * Every regular file under a templates folder (symlinks followed as the renderer would), relative,
 * sorted: exactly the set that can be rendered or included. Throws InputError (naming `field`) when
 * the folder exceeds TEMPLATE_LIMITS, never a partial list.
 */
export function templateFiles(dir: string, field = 'templates'): string[] {
  const found: string[] = [];
  let bytes = 0;
  const over = (what: string) =>
    new InputError(
      field,
      `${dir} ${what}; a templates folder may hold at most ${TEMPLATE_LIMITS.files} files, ${TEMPLATE_LIMITS.depth} folder levels deep, ${TEMPLATE_LIMITS.bytes / 1024 / 1024} MiB in all (every file is hashed for trust and can be included)`,
    );
  const visit = (rel: string, depth: number) => {
    if (depth > TEMPLATE_LIMITS.depth) throw over(`goes deeper than ${TEMPLATE_LIMITS.depth} folder levels (${rel})`);
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      let info: Stats;
      try {
        info = statSync(join(dir, path));
      } catch {
        continue; // a dangling link renders nothing
      }
      if (info.isDirectory()) visit(path, depth + 1);
      else if (info.isFile()) {
        found.push(path);
        bytes += info.size;
        if (found.length > TEMPLATE_LIMITS.files) throw over(`holds more than ${TEMPLATE_LIMITS.files} files`);
        if (bytes > TEMPLATE_LIMITS.bytes) throw over(`holds more than ${TEMPLATE_LIMITS.bytes / 1024 / 1024} MiB`);
      }
    }
  };
  visit('', 0);
  return found;
}

/** The fingerprint of a config as it is now. */
export function fingerprintOf(
  configPath: string,
  templates: string | undefined,
  caCertificate: string | undefined,
): Fingerprint {
  const files: Record<string, string> = {};
  if (templates && existsSync(templates)) {
    if (statSync(templates).isDirectory()) {
      for (const file of templateFiles(templates))
        files[`templates/${file}`] = sha256(readFileSync(join(templates, file)));
    } else files.templates = sha256(readFileSync(templates));
  }
  if (caCertificate && existsSync(caCertificate)) files.caCertificate = sha256(readFileSync(caCertificate));
  return { config: sha256(readFileSync(configPath)), files };
}

/** The user's own record of trusted configs (never inside a project). */
export function trustStorePath(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith(sep) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'slim-docker', 'trusted.json');
}

export interface TrustEntry extends Fingerprint {
  trustedAt: string;
}

interface TrustStore {
  version: 1;
  /** Real path of the config → what was trusted. */
  configs: Record<string, TrustEntry>;
  /**
   * Real path of a project → sha256 of each release command the user accepted there (given with
   * --release-command, or confirmed at the prompt). A `.yo-rc.json` comes with the repository, so a
   * saved release command counts as the user's only when it is recorded here (or detected).
   */
  releaseCommands?: Record<string, string[]>;
  /**
   * Real path of a templates folder → the SHA-256 of each of its files when the user named it with
   * `--templates` (or accepted it at the prompt). A `.yo-rc.json` that saves a templates folder comes
   * with the repository, so the saved folder is used only as the user trusted it.
   */
  templates?: Record<string, { files: Record<string, string>; trustedAt: string }>;
}

function readStore(path: string): TrustStore {
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as TrustStore;
    if (raw && typeof raw === 'object' && raw.configs && typeof raw.configs === 'object') return raw;
  } catch {
    // none yet, or unreadable: nothing is trusted
  }
  return { version: 1, configs: {} };
}

const keyOf = (configPath: string) => {
  try {
    return realpathSync(configPath);
  } catch {
    return resolve(configPath);
  }
};

/** What the store says about this config: trusted as it is now, changed since, or never trusted. */
export function trustState(
  configPath: string,
  now: Fingerprint,
  env: NodeJS.ProcessEnv = process.env,
): { state: 'trusted' | 'changed' | 'unknown'; entry?: TrustEntry; changed?: string[] } {
  const entry = readStore(trustStorePath(env)).configs[keyOf(configPath)];
  if (!entry) return { state: 'unknown' };
  const changed: string[] = [];
  if (entry.config !== now.config) changed.push(relative(process.cwd(), configPath) || TEAM_CONFIG_FILE);
  for (const name of new Set([...Object.keys(entry.files ?? {}), ...Object.keys(now.files)])) {
    if (entry.files?.[name] !== now.files[name]) changed.push(name);
  }
  return changed.length ? { state: 'changed', entry, changed } : { state: 'trusted', entry };
}

/** Writes the store atomically (the folder 0700, the file 0600). */
function writeStore(path: string, update: (store: TrustStore) => void, what: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const store = readStore(path);
    update(store);
    const temp = `${path}.${process.pid}.tmp`;
    rmSync(temp, { force: true });
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(store, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(temp, 0o600);
    renameSync(temp, path);
  } catch (error) {
    throw fileError(error, path, what);
  }
}

/** Records trust in the config as it is now (atomically; the folder 0700, the file 0600). */
export function recordTrust(configPath: string, now: Fingerprint, env: NodeJS.ProcessEnv = process.env): string {
  const path = trustStorePath(env);
  writeStore(
    path,
    (store) => {
      store.configs[keyOf(configPath)] = { ...now, trustedAt: new Date().toISOString() };
    },
    'cannot record the trusted config',
  );
  return path;
}

/** Whether the user accepted this release command in this project (recorded in their own store). */
export function releaseCommandAccepted(projectDir: string, command: string, env: NodeJS.ProcessEnv = process.env) {
  const accepted = readStore(trustStorePath(env)).releaseCommands?.[keyOf(projectDir)];
  return Array.isArray(accepted) && accepted.includes(sha256(command));
}

/** Records that the user accepted this release command in this project. */
export function recordReleaseCommand(
  projectDir: string,
  command: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const path = trustStorePath(env);
  if (releaseCommandAccepted(projectDir, command, env)) return path;
  writeStore(
    path,
    (store) => {
      const all = (store.releaseCommands ??= {});
      const key = keyOf(projectDir);
      all[key] = [...(Array.isArray(all[key]) ? all[key] : []), sha256(command)];
    },
    'cannot record the accepted release command',
  );
  return path;
}

/** A templates folder's fingerprint: `templates/<relative path>` → sha256, as the render view checks it. */
export function templatesFingerprint(dir: string): Record<string, string> {
  return Object.fromEntries(
    templateFiles(dir, '--templates').map((file) => [`templates/${file}`, sha256(readFileSync(join(dir, file)))]),
  );
}

/** Whether the user trusts this templates folder as it is now (and which files changed, if not). */
export function templatesTrust(
  dir: string,
  now: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): { state: 'trusted' | 'changed' | 'unknown'; trustedAt?: string; changed?: string[] } {
  const entry = readStore(trustStorePath(env)).templates?.[keyOf(dir)];
  if (!entry || typeof entry.files !== 'object' || entry.files === null) return { state: 'unknown' };
  const changed = [...new Set([...Object.keys(entry.files), ...Object.keys(now)])]
    .filter((name) => entry.files[name] !== now[name])
    .map((name) => name.slice('templates/'.length));
  return changed.length ? { state: 'changed', changed } : { state: 'trusted', trustedAt: entry.trustedAt };
}

/** Records that the user trusts this templates folder as it is now. */
export function recordTemplatesTrust(
  dir: string,
  now: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const path = trustStorePath(env);
  if (templatesTrust(dir, now, env).state === 'trusted') return path;
  writeStore(
    path,
    (store) => {
      (store.templates ??= {})[keyOf(dir)] = { files: now, trustedAt: new Date().toISOString() };
    },
    'cannot record the trusted templates folder',
  );
  return path;
}
