/**
 * Which release of a package the image will install: the version a lockfile records, else the
 * specifier the dependency file gives it. Used to fit the Python version (Django 3.2 needs ≤ 3.10) and
 * the server's flags (gunicorn < 25 has no --no-control-socket) to what the project really installs.
 */
import { parse as parseToml } from 'smol-toml';

/** Normalised package name → a PEP 440 specifier set ("==3.2.25", ">=3.2,<4.0"). */
export type Pins = Map<string, string>;

const normalise = (name: string) => name.toLowerCase().replace(/[_.]+/g, '-');

/** "Django[argon2]==3.2.25 ; python_version>'3'" → ["django", "==3.2.25"]. */
export function requirementSpec(line: string): [string, string] | undefined {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;#@]*)/.exec(line.replace(/#.*/, ''));
  if (!match || line.trim().startsWith('-')) return undefined;
  return [normalise(match[1]), match[2].replace(/\s+/g, '')];
}

/** Poetry's "^3.2" / "~3.2" / "3.2.*" / ">=3.2,<4" → a PEP 440 specifier set. */
export function poetrySpec(spec: string): string {
  const caret = /^\^(\d+)(?:\.(\d+))?/.exec(spec);
  if (caret) return `>=${caret[1]}.${caret[2] ?? 0},<${Number(caret[1]) + 1}.0`;
  const tilde = /^~(\d+)\.(\d+)/.exec(spec);
  if (tilde) return `>=${tilde[1]}.${tilde[2]},<${tilde[1]}.${Number(tilde[2]) + 1}`;
  if (/^\d/.test(spec)) return `==${spec}`;
  return spec.replace(/\s+/g, '');
}

/** Locked versions from poetry.lock / uv.lock ([[package]] name + version). */
function tomlLock(text: string | undefined): Pins {
  const pins: Pins = new Map();
  if (!text) return pins;
  try {
    const lock = parseToml(text) as { package?: { name?: unknown; version?: unknown }[] };
    for (const pkg of lock.package ?? [])
      if (typeof pkg.name === 'string' && typeof pkg.version === 'string')
        pins.set(normalise(pkg.name), `==${pkg.version}`);
  } catch {
    // A lockfile that does not parse pins nothing; the install step will say what is wrong.
  }
  return pins;
}

/** Locked versions from Pipfile.lock (JSON: default.<name>.version "==X"). */
function pipfileLock(text: string | undefined): Pins {
  const pins: Pins = new Map();
  try {
    const lock = JSON.parse(text ?? '{}') as { default?: Record<string, { version?: unknown }> };
    for (const [name, entry] of Object.entries(lock.default ?? {}))
      if (typeof entry?.version === 'string') pins.set(normalise(name), entry.version);
  } catch {
    // As above: an unreadable lockfile pins nothing.
  }
  return pins;
}

export interface PinSources {
  requirementTexts?: string[];
  pyproject?: Record<string, any>;
  poetryLock?: string;
  uvLock?: string;
  pipfileLock?: string;
}

/** Every pin the project's files give, lockfiles winning over declared specifiers. */
export function projectPins(sources: PinSources): Pins {
  const pins: Pins = new Map();
  const declare = (name: string, spec: string) => {
    if (spec && !pins.has(name)) pins.set(name, spec);
  };
  for (const pin of [tomlLock(sources.poetryLock), tomlLock(sources.uvLock), pipfileLock(sources.pipfileLock)])
    for (const [name, spec] of pin) pins.set(name, spec);
  for (const text of sources.requirementTexts ?? [])
    for (const line of text.split(/\r?\n/)) {
      const found = requirementSpec(line);
      if (found) declare(...found);
    }
  const project = sources.pyproject?.project?.dependencies;
  for (const line of Array.isArray(project) ? project : []) {
    const found = typeof line === 'string' ? requirementSpec(line) : undefined;
    if (found) declare(...found);
  }
  const poetry = sources.pyproject?.tool?.poetry?.dependencies ?? {};
  for (const [name, value] of Object.entries(poetry as Record<string, unknown>)) {
    const spec = typeof value === 'string' ? value : (value as { version?: unknown })?.version;
    if (name !== 'python' && typeof spec === 'string') declare(normalise(name), poetrySpec(spec));
  }
  return pins;
}

type Version = number[];
const parts = (version: string): Version => version.split('.').map((part) => Number.parseInt(part, 10) || 0);
function compare(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff) return diff;
  }
  return 0;
}

/** Whether a release (e.g. "3.2.25") satisfies a PEP 440 specifier set (pre-releases and local parts ignored). */
export function satisfies(version: string, specifier: string): boolean {
  const v = parts(version);
  return specifier
    .split(',')
    .map((clause) => clause.trim())
    .filter(Boolean)
    .every((clause) => {
      const match = /^(===|==|!=|~=|>=|<=|>|<)\s*v?(\d+(?:\.\d+)*)(\.\*)?/.exec(clause);
      if (!match) return true; // an unknown clause rules nothing out
      const want = parts(match[2]);
      if (match[3]) {
        // "==3.2.*": the same prefix.
        const same = want.every((part, i) => v[i] === part);
        return match[1] === '!=' ? !same : same;
      }
      const c = compare(v, want);
      switch (match[1]) {
        case '==':
        case '===':
          return c === 0;
        case '!=':
          return c !== 0;
        case '>=':
          return c >= 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        case '<':
          return c < 0;
        default: {
          // ~=X.Y(.Z): >= X.Y(.Z) and the same release up to the last-but-one part.
          const prefix = want.slice(0, -1);
          return c >= 0 && prefix.every((part, i) => v[i] === part);
        }
      }
    });
}

/**
 * The newest of `releases` (oldest first, e.g. Django's "3.2", "4.0" … taken as their latest patch)
 * that a specifier set lets pip install, or undefined when the specifier leaves the newest release open
 * (then nothing older is forced). An exact pin "==3.2.25" picks 3.2.
 */
export function releaseInstalled(specifier: string, releases: readonly string[]): string | undefined {
  const exact = /^={2,3}\s*v?(\d+(?:\.\d+)*)/.exec(specifier.trim());
  if (exact) {
    const version = parts(exact[1]);
    return [...releases].reverse().find((release) => parts(release).every((part, i) => version[i] === part));
  }
  const latestPatch = (release: string) => `${release}.9999`;
  const fitting = releases.filter((release) => satisfies(latestPatch(release), specifier));
  const newest = fitting[fitting.length - 1];
  return newest === releases[releases.length - 1] ? undefined : newest;
}
