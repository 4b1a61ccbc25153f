/**
 * The Python web frameworks slim-docker serves, and how: which dependency names one, the app objects
 * its code constructs, and the production server its callable needs. Every WSGI app runs under
 * gunicorn, every ASGI app under uvicorn; aiohttp is neither and runs under gunicorn with aiohttp's
 * own worker (see `serverOf`). Django finds its entry point from manage.py (python-detect.ts).
 */

/** How the image serves the app: gunicorn (WSGI), uvicorn (ASGI), or gunicorn with aiohttp's worker. */
export type PythonServer = 'gunicorn' | 'uvicorn' | 'aiohttp';

interface FrameworkSpec {
  name: string;
  /** Default port when the code names none (the one the framework's docs use). */
  port: number;
  /** The server for an app built by `wsgi` constructors; `asgi` constructors get uvicorn. */
  server: PythonServer;
  /** Right-hand sides that build a WSGI (or aiohttp) app object, as regex sources. */
  wsgi: string[];
  /** Right-hand sides that build an ASGI app object (uvicorn serves these). */
  asgi: string[];
  /** What the "no app found" message names. */
  label: string;
  /** create_app()/make_app() factories count in any file (Flask's convention), not only one that constructs. */
  factoriesAnywhere?: boolean;
}

/**
 * In detection order: the first whose package is a dependency wins. Django, FastAPI and Flask come
 * first (as before); aiohttp last, since projects often depend on it only as an HTTP client.
 */
const FRAMEWORKS: readonly FrameworkSpec[] = [
  { name: 'django', port: 8000, server: 'gunicorn', wsgi: [], asgi: [], label: 'Django' },
  { name: 'fastapi', port: 8000, server: 'uvicorn', wsgi: [], asgi: ['FastAPI\\('], label: 'FastAPI(...)' },
  {
    name: 'flask',
    port: 5000,
    server: 'gunicorn',
    wsgi: ['Flask\\('],
    asgi: [],
    label: 'Flask(...)',
    factoriesAnywhere: true,
  },
  { name: 'litestar', port: 8000, server: 'uvicorn', wsgi: [], asgi: ['Litestar\\('], label: 'Litestar(...)' },
  { name: 'starlette', port: 8000, server: 'uvicorn', wsgi: [], asgi: ['Starlette\\('], label: 'Starlette(...)' },
  { name: 'quart', port: 5000, server: 'uvicorn', wsgi: [], asgi: ['Quart\\('], label: 'Quart(...)' },
  {
    name: 'falcon',
    port: 8000,
    server: 'gunicorn',
    // falcon.API is the name before Falcon 3.
    wsgi: ['falcon\\.(?:App|API)\\('],
    asgi: ['(?:falcon\\.)?asgi\\.App\\('],
    label: 'falcon.App(...) or falcon.asgi.App(...)',
  },
  {
    name: 'pyramid',
    port: 6543,
    server: 'gunicorn',
    wsgi: ['\\w+\\.make_wsgi_app\\(\\)'],
    asgi: [],
    label: 'config.make_wsgi_app()',
  },
  {
    name: 'bottle',
    port: 8080,
    server: 'gunicorn',
    wsgi: ['(?:bottle\\.)?Bottle\\(', '(?:bottle\\.)?default_app\\(\\)'],
    asgi: [],
    label: 'Bottle() or bottle.default_app()',
  },
  {
    name: 'aiohttp',
    port: 8080,
    server: 'aiohttp',
    wsgi: ['(?:aiohttp\\.)?web\\.Application\\('],
    asgi: [],
    label: 'web.Application(...)',
  },
];

/** Every framework name --framework accepts for Python: the three with a sample app first (flask is the default). */
const WITH_SAMPLES = ['flask', 'fastapi', 'django'];
export const PYTHON_FRAMEWORKS: readonly string[] = [
  ...WITH_SAMPLES,
  ...FRAMEWORKS.map((spec) => spec.name).filter((name) => !WITH_SAMPLES.includes(name)),
];

export const FRAMEWORK_PORTS: Record<string, number> = Object.fromEntries(
  FRAMEWORKS.map((spec) => [spec.name, spec.port]),
);

const specOf = (framework: string | undefined) => FRAMEWORKS.find((spec) => spec.name === framework);

/** The framework the dependencies name (normalised names), undefined when none. */
export function frameworkFromDependencies(deps: readonly string[]): string | undefined {
  return FRAMEWORKS.find((spec) => deps.includes(spec.name))?.name;
}

/** What the "no app object found" problem names for a framework. */
export const appLabel = (framework: string) => specOf(framework)?.label ?? framework;

/**
 * The server for a framework. `asgi` (detection saw an ASGI constructor, e.g. falcon.asgi.App) turns
 * a WSGI framework's server into uvicorn.
 *
 * aiohttp: gunicorn with `aiohttp.GunicornWebWorker` on the `web.Application` object, as aiohttp's
 * deployment docs show, rather than `python -m aiohttp.web`: that CLI needs a factory taking argv,
 * which most apps (a module-level `app = web.Application()`) lack, while gunicorn serves the object
 * as it is and brings the same signal handling, worker restarts and access log as the WSGI apps.
 */
export function serverOf(framework: string | undefined, asgi?: boolean): PythonServer {
  const spec = specOf(framework);
  if (asgi && spec?.server === 'gunicorn') return 'uvicorn';
  return spec?.server ?? 'gunicorn';
}

export interface AppObject {
  /** The object's name in its module (the part after the colon of MODULE:APP). */
  name: string;
  /** Built by an ASGI constructor. */
  asgi: boolean;
}

/**
 * App objects a module builds: `NAME = <constructor>(...)` at the top level, or inside a top-level
 * `with` block (Pyramid's `with Configurator() as config: ... app = config.make_wsgi_app()`), which
 * still runs at import. Anything under a def, class or `if __name__` is not importable by a server.
 */
export function appObjects(text: string, framework: string): AppObject[] {
  const spec = specOf(framework);
  if (!spec) return [];
  const kinds = [
    ...spec.wsgi.map((source) => ({ source, asgi: false })),
    ...spec.asgi.map((source) => ({ source, asgi: true })),
  ];
  const found: AppObject[] = [];
  const lines = text.split(/\r?\n/);
  let inTopWith = false;
  for (const line of lines) {
    const indent = /^\s*/.exec(line)![0].length;
    if (line.trim() && indent === 0) inTopWith = /^with\s.*:\s*(#.*)?$/.test(line);
    if (indent > 0 && !inTopWith) continue;
    for (const { source, asgi } of kinds) {
      const match = new RegExp(`^\\s*(\\w+)\\s*(?::[^=]+)?=\\s*${source}`).exec(line);
      if (match) found.push({ name: match[1], asgi });
    }
  }
  return found;
}

/** Whether a file may hold the app factory: Flask's anywhere, the others' only where the app is built. */
export function factoriesCount(text: string, framework: string): boolean {
  const spec = specOf(framework);
  if (!spec) return false;
  if (spec.factoriesAnywhere) return true;
  return [...spec.wsgi, ...spec.asgi].some((source) => new RegExp(`(?<![\\w.])${source}`).test(text));
}
