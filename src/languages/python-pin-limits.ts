/**
 * The Python ranges the project's pins impose: the framework tables and the removed-stdlib table
 * (python-removed-stdlib.ts) always, then either what PyPI says about each exact pin's files
 * (pypi-lookup + pypi-limits) or, without a look-up or when PyPI cannot be reached, the offline wheel
 * table (python-versions.ts). Each way is said in one note.
 */
import type { LookupResult } from './pypi-lookup.js';
import { pypiLimits } from './pypi-limits.js';
import type { Pins } from './python-pins.js';
import { frameworkLimits, wheelLimits, type FrameworkLimit } from './python-versions.js';
import { removedStdlibLimits } from './python-removed-stdlib.js';

/** Looks up the files of exact pins ([name, version]); given by the session, absent in pure detection. */
export type PypiLookup = (pins: readonly (readonly [string, string])[]) => Promise<LookupResult>;

/** The pins that name one release ("==2.3.1"; not "==2.*" or ranges). */
export function exactPins(pins: Pins): [string, string][] {
  return [...pins].flatMap(([name, spec]) => {
    const version = /^={2,3}\s*v?(\d[\w.+!-]*)$/.exec(spec.trim())?.[1];
    return version && !version.includes('*') ? [[name, version] as [string, string]] : [];
  });
}

const minorOf = (version: string) => Number(version.split('.')[1]);
/** Whether some supported Python lies within every limit's range. */
const fitsAny = (limits: FrameworkLimit[], supported: readonly string[]) =>
  supported.some((v) =>
    limits.every(
      ({ range: [low, high] }) => minorOf(v) >= minorOf(low) && (high === '99.0' || minorOf(v) <= minorOf(high)),
    ),
  );

export async function pinLimits(
  pins: Pins,
  pinSource: string,
  supported: readonly string[],
  lookup: PypiLookup | undefined,
): Promise<{ limits: FrameworkLimit[]; notes: string[] }> {
  // Known facts about the pinned releases themselves: framework ranges, removed stdlib modules they import.
  const framework = [...frameworkLimits(pins, pinSource), ...removedStdlibLimits(pins, pinSource)];
  const exact = exactPins(pins);
  if (!lookup || !exact.length) return { limits: [...framework, ...wheelLimits(pins, pinSource)], notes: [] };
  const result = await lookup(exact);
  const found = new Map([...result.releases].filter(([, files]) => files.length));
  let fromPypi = pypiLimits(found, supported, pinSource);
  const setAside = !fitsAny([...framework, ...fromPypi.limits], supported) && fitsAny(framework, supported);
  // The source-only rule only guesses (an old setup.py may still build): it yields when it leaves nothing.
  if (setAside) fromPypi = pypiLimits(found, supported, pinSource, false);
  // Pins PyPI told nothing about keep the offline table's word.
  const known = new Set([...found.keys()].map((pin) => pin.split('==')[0]));
  const offline = wheelLimits(new Map([...pins].filter(([name]) => !known.has(name))), pinSource);
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  const notes = result.unreachable
    ? [
        `PyPI not reachable (${result.unreachable}): Python chosen from the offline tables (framework ranges, known wheel floors)${result.fromCache ? ` and ${result.fromCache} cached pins` : ''}`,
      ]
    : [
        `PyPI: ${exact.length} exact pins looked up in ${seconds} s (${result.fromCache} cached)${result.failures.length ? `; ${result.failures.length} not: ${result.failures[0]}` : ''}`,
      ];
  if (setAside)
    notes.push(
      'the source-only rule (setup.py builds before Python 3.12) was set aside: with it no supported Python is left',
    );
  return { limits: [...framework, ...fromPypi.limits, ...offline], notes: [...notes, ...fromPypi.notes] };
}
