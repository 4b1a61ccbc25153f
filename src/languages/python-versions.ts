/**
 * Which Python the image runs: the project's own constraint (requires-python), the range its pinned
 * framework supports, and its own preference (.python-version, runtime.txt, Pipfile, an existing
 * Dockerfile's FROM), in that order of authority. Pure: the caller reads the files.
 */
import { releaseInstalled, type Pins } from './python-pins.js';

/** [oldest, newest] Python X.Y a release series supports, as of its latest patch release. */
type Range = readonly [string, string];

/**
 * Python versions each release series supports, from the projects' own documentation (Django's FAQ
 * "What Python version can I use with Django?" and release notes; pydantic's V1 notes). The newest
 * series of each list is open-ended (no upper limit known yet). Flask declares only lower bounds
 * (all below 3.10), and FastAPI follows pydantic: pydantic 1.x stops at 3.13 ("Pydantic V1 will not
 * work with Python 3.14 and greater", 1.10.24), and FastAPI before 0.100 requires pydantic 1.x.
 */
export const FRAMEWORK_PYTHON: Record<string, { label: string; series: Record<string, Range> }> = {
  django: {
    label: 'Django',
    series: {
      '1.8': ['2.7', '3.5'],
      '1.9': ['2.7', '3.5'],
      '1.10': ['2.7', '3.5'],
      '1.11': ['2.7', '3.7'],
      '2.0': ['3.4', '3.7'],
      '2.1': ['3.5', '3.7'],
      '2.2': ['3.5', '3.9'],
      '3.0': ['3.6', '3.9'],
      '3.1': ['3.6', '3.9'],
      '3.2': ['3.6', '3.10'], // 3.10 from 3.2.9
      '4.0': ['3.8', '3.10'],
      '4.1': ['3.8', '3.11'], // 3.11 from 4.1.3
      '4.2': ['3.8', '3.12'], // 3.12 from 4.2.8
      '5.0': ['3.10', '3.12'],
      '5.1': ['3.10', '3.13'], // 3.13 from 5.1.3
      '5.2': ['3.10', '3.14'], // 3.14 from 5.2.8
      '6.0': ['3.12', '99.0'],
    },
  },
  pydantic: {
    label: 'pydantic',
    // Before 1.10 pydantic 1 fails on Python 3.11+ (`ValueError: 'not' is not a valid parameter name`);
    // 3.9 came with 1.7 and 3.10 with 1.9 (their wheels on PyPI).
    series: {
      '1.0': ['3.6', '3.8'],
      '1.1': ['3.6', '3.8'],
      '1.2': ['3.6', '3.8'],
      '1.3': ['3.6', '3.8'],
      '1.4': ['3.6', '3.8'],
      '1.5': ['3.6', '3.8'],
      '1.6': ['3.6', '3.8'],
      '1.7': ['3.6', '3.9'],
      '1.8': ['3.6', '3.9'],
      '1.9': ['3.6', '3.10'],
      '1.10': ['3.7', '3.13'],
      '2': ['3.8', '99.0'],
    },
  },
  gunicorn: {
    label: 'gunicorn',
    // Before 21 gunicorn imports pkg_resources (setuptools) at start, which a Python 3.12+ venv no longer
    // has: `ModuleNotFoundError: No module named 'pkg_resources'` (seen: a Railway template pinning 20.0.4).
    series: {
      ...Object.fromEntries(Array.from({ length: 11 }, (_, minor) => [`19.${minor}`, ['2.6', '3.11'] as Range])),
      '20.0': ['3.4', '3.11'],
      '20.1': ['3.5', '3.11'],
      '21': ['3.5', '99.0'],
    },
  },
  fastapi: {
    label: 'FastAPI',
    // Before 0.100 FastAPI requires pydantic 1.x, so pydantic's limit is FastAPI's.
    series: { '0.99': ['3.7', '3.13'], '0.100': ['3.8', '99.0'] },
  },
};

const xy = (value: string) => value.split('.').slice(0, 2).map(Number);
const cmp = (a: string, b: string) => xy(a)[0] - xy(b)[0] || xy(a)[1] - xy(b)[1];

/** FastAPI's series are 0.X: sort them numerically (0.99 before 0.100). */
const seriesOrder = (series: Record<string, Range>) => Object.keys(series).sort(cmp);

export interface FrameworkLimit {
  /** "Django 3.2 pinned in requirements.txt" */
  what: string;
  range: Range;
}

/** The Python ranges the project's pinned framework releases support (only those that narrow anything). */
export function frameworkLimits(pins: Pins, pinSource: string): FrameworkLimit[] {
  const limits: FrameworkLimit[] = [];
  for (const [name, known] of Object.entries(FRAMEWORK_PYTHON)) {
    const spec = pins.get(name);
    if (!spec) continue;
    const order = seriesOrder(known.series);
    // FastAPI's series are open intervals ("0.99" stands for every release before 0.100).
    const release = name === 'fastapi' ? fastapiSeries(spec) : releaseInstalled(spec, order);
    if (!release) continue;
    limits.push({
      what: `${known.label} ${release === '0.99' ? '<0.100' : release} pinned in ${pinSource}`,
      range: known.series[release],
    });
  }
  return limits;
}

/**
 * Compiled packages whose Linux wheels for a Python X.Y first came with a given release (from their
 * files on PyPI): an exact pin below it has no wheel for that Python and builds from source, which on
 * a slim image fails (`pg_config executable not found`, `you need a C compiler`). [release, X.Y]:
 * releases before `release` have wheels only up to the Python before X.Y.
 */
export const WHEEL_FLOORS: Record<string, readonly (readonly [string, string])[]> = {
  'psycopg2-binary': [
    ['2.9.9', '3.12'],
    ['2.9.10', '3.13'],
  ],
  greenlet: [
    ['3.0.0', '3.12'],
    ['3.1.0', '3.13'],
  ],
  numpy: [
    ['1.26.0', '3.12'],
    ['2.1.0', '3.13'],
  ],
  pandas: [
    ['2.1.1', '3.12'],
    ['2.2.3', '3.13'],
  ],
  lxml: [['5.3.0', '3.13']],
  pyyaml: [
    ['6.0', '3.11'],
    ['6.0.1', '3.12'],
    ['6.0.2', '3.13'],
    ['6.0.3', '3.14'],
  ],
  httptools: [
    ['0.5.0', '3.11'],
    ['0.6.1', '3.12'],
    ['0.6.2', '3.13'],
    ['0.7.1', '3.14'],
  ],
};

const release = (value: string) => value.split('.').map(Number);
const older = (a: string, b: string) => {
  const [x, y] = [release(a), release(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
};

/** Exact pins of compiled packages too old to have wheels for the newer Pythons: those Pythons are ruled out. */
export function wheelLimits(pins: Pins, pinSource: string): FrameworkLimit[] {
  const limits: FrameworkLimit[] = [];
  for (const [name, floors] of Object.entries(WHEEL_FLOORS)) {
    const pinned = /^={2,3}\s*v?(\d+(?:\.\d+)*)$/.exec(pins.get(name)?.trim() ?? '')?.[1];
    const first = pinned && floors.find(([since]) => older(pinned, since));
    if (!pinned || !first) continue;
    const [minor] = [Number(first[1].split('.')[1])];
    limits.push({
      what: `${name} ${pinned} pinned in ${pinSource} (no wheel for Python ${first[1]}+: it would compile from source)`,
      range: ['3.0', `3.${minor - 1}`],
    });
  }
  return limits;
}

/** "0.99" when the FastAPI pin installs a release before 0.100 (pydantic 1.x), else undefined. */
function fastapiSeries(spec: string): string | undefined {
  const exact = /^==\s*0\.(\d+)/.exec(spec);
  if (exact) return Number(exact[1]) < 100 ? '0.99' : undefined;
  const below = /<\s*0\.(\d+)/.exec(spec);
  return below && Number(below[1]) <= 100 ? '0.99' : undefined;
}

/** Which of the supported X.Y versions a requires-python specifier set allows. */
export function versionsAllowed(spec: string, supported: readonly string[]): string[] {
  const clauses = spec
    .split(',')
    .map((clause) => clause.trim())
    .filter(Boolean);
  return supported.filter((version) =>
    clauses.every((clause) => {
      const match = /^(>=|<=|==|!=|~=|>|<)\s*(\d+(?:\.\d+)?)((?:\.[\d*]+)*)$/.exec(clause);
      if (!match) return true; // unknown clauses do not rule a version out
      const c = cmp(version, match[2]);
      // A patch level ("<3.11.4", ">3.10.2") lets part of that X.Y through.
      const patch = match[3] !== '' && match[3] !== '.*';
      switch (match[1]) {
        case '>=':
        case '~=':
          return c >= 0;
        case '>':
          return c > 0 || (c === 0 && (patch || match[2].split('.').length < 2));
        case '<=':
          return c <= 0;
        case '<':
          return c < 0 || (c === 0 && patch);
        case '==':
          return c === 0;
        default:
          return c !== 0 || patch;
      }
    }),
  );
}

export interface VersionInputs {
  supported: readonly string[];
  defaultVersion: string;
  /** requires-python (pyproject [project] or Poetry's python dependency), with the file that says it. */
  requires?: { spec: string; source: string };
  limits: FrameworkLimit[];
  /** X.Y the project prefers, most specific first: [value, source]. */
  preferences: [string, string][];
}

export interface VersionChoice {
  runtimeVersion?: string;
  versionSource?: string;
  allowedVersions?: { versions: string[]; source: string };
  problems: string[];
  notes: string[];
}

/**
 * The version to run: a preference the constraints allow, else the default when allowed, else the
 * newest allowed. The constraints (requires-python and the framework ranges) become allowedVersions,
 * so a --runtime-version outside them is refused at the edge.
 */
export function chooseVersion(input: VersionInputs): VersionChoice {
  const { supported } = input;
  const choice: VersionChoice = { problems: [], notes: [] };
  let allowed = [...supported];
  const sources: string[] = [];
  /** What last narrowed the choice (shown as the version's source). */
  let decidedBy: string | undefined;
  if (input.requires) {
    decidedBy = 'requires-python';
    const spec = input.requires.spec.replace(/^\^(\d+\.\d+)/, '>=$1');
    allowed = versionsAllowed(spec, allowed);
    sources.push(`${input.requires.source} requires-python "${input.requires.spec}"`);
    if (!allowed.length) {
      choice.problems.push(
        `${sources[0]} allows none of the supported versions (${supported.join(', ')}): set --runtime-version to build with one anyway`,
      );
      return choice;
    }
  }
  for (const limit of input.limits) {
    const fits = allowed.filter((version) => cmp(version, limit.range[0]) >= 0 && cmp(version, limit.range[1]) <= 0);
    const range = limit.range[1] === '99.0' ? `${limit.range[0]}+` : `${limit.range[0]}–${limit.range[1]}`;
    if (!fits.length) {
      choice.problems.push(
        `${limit.what} supports Python ${range}, none of the versions ${sources.length ? 'left' : 'supported'} here (${allowed.join(', ')}): upgrade it, or set --runtime-version to build with one anyway`,
      );
      return choice;
    }
    if (fits.length < allowed.length) {
      sources.push(`${limit.what} (Python ${range})`);
      decidedBy = limit.what;
    }
    allowed = fits;
  }
  if (allowed.length < supported.length) choice.allowedVersions = { versions: allowed, source: sources.join('; ') };
  for (const [value, source] of input.preferences) {
    const version = /^(\d+\.\d+)/.exec(value)?.[1];
    if (!version) continue;
    if (allowed.includes(version)) {
      [choice.runtimeVersion, choice.versionSource] = [version, source];
      return choice;
    }
    choice.notes.push(
      `${source} asks for Python ${version}, which ${supported.includes(version) ? `${choice.allowedVersions?.source} rules out` : `is not supported here (${supported.join(', ')})`}`,
    );
  }
  if (decidedBy) {
    choice.runtimeVersion = allowed.includes(input.defaultVersion) ? input.defaultVersion : allowed[allowed.length - 1];
    choice.versionSource = decidedBy;
  }
  return choice;
}
