/**
 * Credentials a project's install needs, found by detection, and how the image gets them without
 * keeping them: a package manager's config file (`.npmrc`, `pip.conf`) stays out of the build context
 * (the default .dockerignore lists it) and is mounted for the install step alone as a BuildKit secret
 * (`RUN --mount=type=secret,id=ID,target=PATH`), built with `docker build --secret id=ID,src=FILE`.
 * Nothing here edits a user's file: a credential written into requirements.txt is reported, with
 * where to move it.
 */
import { realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { secretContent } from '../secrets.js';

/** One build secret the install step mounts. */
export interface BuildSecret {
  /** The BuildKit secret id, e.g. "npmrc". */
  id: string;
  /** The project file given as its source, e.g. ".npmrc". */
  file: string;
  /** Where the install reads it inside the build, e.g. "/root/.npmrc". */
  target: string;
  /** What was found, for the summary. */
  why: string;
  /** Lines holding credentials in files that reach the image, to move into `file` (never edited by us). */
  move?: { file: string; line: number; text: string }[];
}

/** `--extra-index-url`, `--index-url`/`-i` and `--find-links`/`-f` in a requirements file. */
const INDEX_OPTION = /^\s*(--extra-index-url|--index-url|-i|--find-links|-f)(?:\s*=\s*|\s+)(\S+)/;
/** user:password@ or token@ in a URL, when it is a literal (pip expands ${VAR}; a variable holds nothing). */
const URL_USERINFO = /^[a-z][a-z0-9+.-]*:\/\/([^\s/@]+)@/i;

/** The credentialed index URL of one requirements line, or undefined. */
export function credentialedIndex(line: string): string | undefined {
  const option = INDEX_OPTION.exec(line.replace(/\s+#.*$/, ''));
  if (!option) return undefined;
  const userinfo = URL_USERINFO.exec(option[2])?.[1];
  if (!userinfo || /\$\{?[A-Za-z_]/.test(userinfo)) return undefined;
  return option[2];
}

/** A URL with its password (or token) shown as ***. */
export const redactUrl = (text: string): string =>
  text.replace(/(:\/\/)([^\s/:@]+)(:[^\s/@]*)?@/g, (_, scheme: string, user: string, password?: string) =>
    password ? `${scheme}${user}:***@` : `${scheme}***@`,
  );

/** pip: credentials in requirement files or a pip.conf in the project make the install read /etc/pip.conf as a secret. */
export function pipSecret(
  requirementTexts: readonly { file: string; text: string }[],
  pipConf: string | undefined,
): BuildSecret | undefined {
  const move: NonNullable<BuildSecret['move']> = [];
  for (const { file, text } of requirementTexts) {
    text.split(/\r?\n/).forEach((line, index) => {
      if (credentialedIndex(line)) move.push({ file, line: index + 1, text: redactUrl(line.trim()) });
    });
  }
  if (pipConf === undefined && move.length === 0) return undefined;
  const why = move.length
    ? `${move.map((found) => `${found.file}:${found.line}`).join(', ')} put credentials in an index URL`
    : secretContent('pip.conf', pipConf!)
      ? 'pip.conf holds an index password'
      : 'pip.conf holds pip settings';
  return { id: 'pipconf', file: 'pip.conf', target: '/etc/pip.conf', why, ...(move.length ? { move } : {}) };
}

/** npm: a project .npmrc (a registry token, or settings the install needs) is read as a secret. */
export function npmSecret(npmrc: string | undefined): BuildSecret | undefined {
  if (npmrc === undefined) return undefined;
  return {
    id: 'npmrc',
    file: '.npmrc',
    target: '/root/.npmrc',
    why: secretContent('.npmrc', npmrc) ? '.npmrc holds a registry token' : '.npmrc holds npm settings',
  };
}

/**
 * go: a project .netrc (credentials for private module hosts, fetched directly when the proxy does not
 * have them) is read as a secret by `go mod download`.
 */
export function goSecret(netrc: string | undefined): BuildSecret | undefined {
  if (netrc === undefined) return undefined;
  return {
    id: 'netrc',
    file: '.netrc',
    target: '/root/.netrc',
    why: secretContent('.netrc', netrc)
      ? '.netrc holds a password for a module host'
      : '.netrc holds module-host settings',
  };
}

/** `--secret id=ID,src=FILE` for each secret, as the build command needs them. */
export const secretFlags = (secrets: readonly BuildSecret[]): string =>
  secrets.map((secret) => `--secret id=${secret.id},src=${secret.file}`).join(' ');

/**
 * The build secrets a Dockerfile mounts (`RUN --mount=type=secret,id=ID[,target=PATH]`) whose file is in
 * the project: a regular file named like the id or like the target's last part (`id=npmrc,target=/root/.npmrc`
 * → `.npmrc`), really inside the folder (no symlink out). Verification passes each as
 * `--secret id=ID,src=FILE`; a secret without a file stays unset (secret mounts are optional).
 */
export function secretsToPass(dockerfileText: string, dir: string): { id: string; src: string }[] {
  const found = new Map<string, string>();
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    return [];
  }
  for (const mount of dockerfileText.matchAll(/--mount=(\S*\btype=secret\S*)/g)) {
    const options = Object.fromEntries(
      mount[1].split(',').map((pair) => [pair.split('=')[0], pair.slice(pair.indexOf('=') + 1)]),
    );
    const target = options.target ?? options.dst ?? options.destination ?? '';
    const id = options.id ?? target.split('/').pop();
    if (!id || found.has(id)) continue;
    for (const name of [id, target.split('/').pop()]) {
      if (!name || name.includes('/') || name === '..' || name === '.') continue;
      try {
        const real = realpathSync(join(dir, name));
        if (statSync(real).isFile() && real.startsWith(`${root}${sep}`)) {
          found.set(id, real);
          break;
        }
      } catch {
        // not in the project: the next candidate, or no secret
      }
    }
  }
  return [...found].map(([id, src]) => ({ id, src }));
}
