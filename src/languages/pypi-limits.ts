/**
 * Which supported Pythons an exact pin installs on, from the files PyPI has for that release
 * (pypi-lookup.ts). Pure. Three rules, each one a way `pip install NAME==VERSION` fails on a slim image:
 *
 * 1. requires-python excludes the version (pip refuses the release).
 * 2. A compiled package (it has platform wheels) with no Linux wheel for that Python compiles from
 *    source, and a slim image has no compiler (`error: command 'gcc' failed`). Only when some supported
 *    Python has a wheel: a release that compiles everywhere narrows nothing (python-native.ts handles it).
 * 3. A source-only release (no wheel at all) runs its setup.py at install. Python 3.12 removed `imp` and
 *    the stdlib `distutils` (PEP 594/632), which setup.py scripts written before it commonly import
 *    (dominate 2.3.1: `import imp`). A source-only release uploaded before 3.12 came out was never
 *    installed on it by its authors: 3.12 and later are treated as unsafe for it. Newer Pythons that
 *    break old setup.py scripts again belong in SETUP_PY_BREAKS.
 */
import type { ReleaseFile } from './pypi-lookup.js';
import { versionsAllowed, type FrameworkLimit } from './python-versions.js';

/** Python X.Y releases that removed what older setup.py scripts import, with their release dates. */
export const SETUP_PY_BREAKS: readonly (readonly [string, string, string])[] = [
  ['3.12', '2023-10-02', 'imp or distutils'],
];

const minor = (version: string) => Number(version.split('.')[1]);

/** The Pythons (of `supported`) a wheel serves on Linux: all, from a minor on (abi3), one, or none. */
function wheelPythons(filename: string, supported: readonly string[]): string[] {
  // name-version(-build)?-python-abi-platform.whl: the last three tags, whatever the build tag.
  const [py = '', abi = '', plat = ''] = filename
    .replace(/\.whl$/, '')
    .split('-')
    .slice(-3);
  const linux = plat === 'any' || /(^|\.)(many)?linux/.test(plat);
  if (!linux) return [];
  const tags = py.split('.');
  if (plat === 'any' && abi === 'none')
    return supported.filter((v) =>
      tags.some((tag) => tag === 'py3' || (/^py3\d+$/.test(tag) && minor(v) >= Number(tag.slice(3)))),
    );
  return supported.filter((v) =>
    tags.some((tag) => {
      const cp = /^cp3(\d+)$/.exec(tag);
      if (!cp) return false;
      return abi === 'abi3' ? minor(v) >= Number(cp[1]) : minor(v) === Number(cp[1]);
    }),
  );
}

export interface PinVerdict {
  /** The supported Pythons the release installs on. */
  allowed: string[];
  /** Why the others are ruled out (for the generation line). */
  why: string;
}

/** Which of `supported` the release installs on, and why the rest do not; undefined when all do. */
export function pinVerdict(
  pin: string,
  files: readonly ReleaseFile[],
  supported: readonly string[],
  /** Rule 3 is a judgement, not a fact: the caller sets it aside when it leaves no Python at all. */
  sourceOnlyRule = true,
): PinVerdict | undefined {
  if (!files.length) return undefined;
  let allowed = [...supported];
  const reasons: string[] = [];
  const requires = files.find((file) => file.requiresPython)?.requiresPython;
  if (requires) {
    const fits = versionsAllowed(requires, allowed);
    if (fits.length < allowed.length) reasons.push(`requires-python "${requires}"`);
    allowed = fits;
  }
  const wheels = files.filter((file) => file.filename.endsWith('.whl'));
  const covered = new Set(wheels.flatMap((file) => wheelPythons(file.filename, supported)));
  const compiled = wheels.some((file) => !file.filename.endsWith('-none-any.whl'));
  if (compiled && covered.size) {
    const fits = allowed.filter((v) => covered.has(v));
    if (fits.length < allowed.length) {
      const missing = allowed.filter((v) => !covered.has(v));
      reasons.push(`has no Linux wheel for Python ${missing.join(', ')} (it would compile from source)`);
    }
    allowed = fits;
  } else if (!wheels.length && sourceOnlyRule) {
    const uploaded = files.map((file) => file.uploaded).find(Boolean);
    for (const [python, released, removed] of SETUP_PY_BREAKS) {
      if (!uploaded || uploaded >= released) continue;
      const fits = allowed.filter((v) => minor(v) < minor(python));
      if (fits.length < allowed.length)
        reasons.push(
          `has only a source release, from ${uploaded.slice(0, 7)}: setup.py scripts that old may import ${removed}, which Python ${python} removed`,
        );
      allowed = fits;
    }
  }
  if (allowed.length === supported.length) return undefined;
  return { allowed, why: `${pin} ${reasons.join('; ')}` };
}

/** The Python ranges the looked-up pins allow, as limits chooseVersion applies (pins that narrow nothing left out). */
export function pypiLimits(
  releases: ReadonlyMap<string, readonly ReleaseFile[]>,
  supported: readonly string[],
  pinSource: string,
  sourceOnlyRule = true,
): { limits: FrameworkLimit[]; notes: string[] } {
  const limits: FrameworkLimit[] = [];
  const notes: string[] = [];
  for (const [pin, files] of releases) {
    const verdict = pinVerdict(pin, files, supported, sourceOnlyRule);
    if (!verdict) continue;
    if (!verdict.allowed.length) {
      notes.push(
        `${verdict.why}: it installs on none of the supported Pythons (${supported.join(', ')}) as pinned in ${pinSource}`,
      );
      continue;
    }
    limits.push({
      what: `${verdict.why} (PyPI, pinned in ${pinSource})`,
      range: [verdict.allowed[0], verdict.allowed[verdict.allowed.length - 1]],
    });
  }
  return { limits, notes };
}
