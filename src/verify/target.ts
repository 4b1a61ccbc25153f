/**
 * What verification expects of a directory: the language pack, the port, and (for our sample app)
 * the greeting to edit. Read from the saved answers when the generator wrote them — validated by the
 * same parsers as every other input — else from the Dockerfile and the files present.
 */
import { basename, join, resolve } from 'node:path';
import { detect, ProjectFiles } from '../detect/index.js';
import { parseDockerfile, type ParsedDockerfile } from '../dockerfile-check.js';
import { InputError } from '../errors.js';
import { readTextFile } from '../session/files.js';
import {
  imageNameFrom,
  parseAppName,
  parseBoolean,
  parseEntrypoint,
  parseLanguage,
  parsePort,
} from '../input/fields.js';
import { readSaved } from '../input/saved.js';
import { languagePack, type AnyPack } from '../languages/index.js';
import { sampleFor } from '../languages/samples.js';
import type { Service } from '../model.js';
import { withoutFailingRoutes } from './routes/failing.js';
import { PREFIX_LANGUAGES, prefixedRoutes, type PrefixLanguage } from './routes/index.js';
import { extensionRoutes } from './routes/python-extensions.js';

export const YO_RC_KEY = 'generator-slim-docker';

export interface Target {
  dir: string;
  dockerfilePath: string;
  dockerfileText: string;
  parsed: ParsedDockerfile;
  appName: string;
  port: number;
  /** Where the port came from: --port, the saved answers, or the Dockerfile's own EXPOSE. */
  portSource: 'flag' | 'saved' | 'expose';
  pack?: AnyPack;
  /** Set when the directory holds our sample app: the file and greeting the cache proof edits. */
  sample?: { file: string; greeting: string };
  /** Source files the cache proof may edit, best first (the entry point's file, then the pack's usual ones). */
  editCandidates: string[];
  /** The entry point's folder (relative; "" for the root): another source file there may be edited. */
  entryDir: string;
  /** Static GET routes found in the app's source, health-like ones first. */
  routes: string[];
  /** Routes found but not probed: their handlers fail on purpose (see routes/failing.ts). */
  routesLeftOut?: string[];
  /** Services the code reads from the environment (a database URL …): named when the app cannot answer. */
  services: Service[];
  /** Variables the verification run sets because the app cannot answer without them (said in the verdict). */
  runEnvironment: { name: string; value: string; why: string }[];
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readTextFile(path, basename(path));
  } catch (error) {
    if (error instanceof InputError) throw error;
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(basename(path), `is not valid JSON (${(error as Error).message})`);
  }
}

export async function readSavedAnswers(dir: string): Promise<Record<string, unknown>> {
  const rc = (await readJson(join(dir, '.yo-rc.json'))) as Record<string, unknown> | undefined;
  return readSaved(rc?.[YO_RC_KEY]);
}

export async function resolveTarget(
  dirInput: string,
  dockerfileName = 'Dockerfile',
  portOverride?: number,
): Promise<Target> {
  const dir = resolve(dirInput);
  const dockerfilePath = join(dir, dockerfileName);
  let dockerfileText: string;
  try {
    dockerfileText = await readTextFile(dockerfilePath, dockerfileName);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      'DIR',
      `no ${dockerfileName} in ${dir}; run slim-docker there first, or pass the folder that holds it`,
    );
  }
  const parsed = parseDockerfile(dockerfileText, dockerfilePath);
  const saved = await readSavedAnswers(dir);
  const facts = await detect(dir);
  const language =
    saved.language !== undefined ? parseLanguage('.yo-rc.json "language"', saved.language) : facts.language;
  const pack = language ? languagePack(language) : undefined;
  const appName =
    saved.appName !== undefined ? parseAppName('.yo-rc.json "appName"', saved.appName) : imageNameFrom(basename(dir));
  const portSource: Target['portSource'] =
    portOverride !== undefined ? 'flag' : saved.port !== undefined ? 'saved' : 'expose';
  const port =
    portOverride ?? (saved.port !== undefined ? parsePort('.yo-rc.json "port"', saved.port) : exposedPort(parsed));
  const sampleApp = saved.sampleApp !== undefined && parseBoolean('.yo-rc.json "sampleApp"', saved.sampleApp);
  let sample: Target['sample'];
  if (pack && sampleApp) {
    const greeting = pack.sample.greeting(appName);
    // The framework's own sample names its greeting file (Django's config/views.py).
    const file =
      (typeof saved.framework === 'string' && sampleFor(pack.id, saved.framework)?.greetingFile) ||
      pack.sample.greetingFile;
    const text = (await new ProjectFiles(dir).read(file)) ?? '';
    // Only when the greeting is still there: a user who changed the sample gets the generic edit.
    if (text.includes(greeting)) sample = { file, greeting };
  }
  const entrypoint =
    pack && saved.entrypoint !== undefined
      ? parseEntrypoint('.yo-rc.json "entrypoint"', saved.entrypoint, pack.id)
      : undefined;
  const detected = facts.detected.find((found) => found.language === pack?.id);
  const entry = entrypoint ?? detected?.entrypoints[0];
  const editCandidates = [
    ...(pack && entry ? pack.entryFiles(entry, detected) : []),
    ...(pack?.verification.entrySourceFiles ?? []),
  ];
  const entryDir = editCandidates[0]?.includes('/')
    ? editCandidates[0].slice(0, editCandidates[0].lastIndexOf('/'))
    : '';
  return {
    dir,
    dockerfilePath,
    dockerfileText,
    parsed,
    appName,
    port,
    portSource,
    pack,
    sample,
    editCandidates,
    entryDir,
    ...(pack ? await findRoutes(dir, pack, editCandidates) : { routes: [] }),
    services: detected?.services ?? [],
    runEnvironment: [
      // The defaults a platform file declares (app.json "value", fly.toml [env]) are what the platform
      // sets; never the port (the image's own), and the pack's own variables win.
      ...(detected?.platformEnv ?? [])
        .filter((variable) => variable.value !== undefined && variable.name !== (detected?.portEnv ?? 'PORT'))
        .map((variable) => ({ name: variable.name, value: variable.value!, why: `${variable.source} declares it` })),
      ...(pack?.verifyEnvironment?.(detected) ?? []),
    ],
  };
}

const HEALTH_LIKE = /health|ready|live|ping|status/i;

/**
 * Static GET routes in the entry files (bounded: a few named files, read as detection reads them:
 * inside the project, regular files only, 512 KB each at most). Routes whose handlers fail on purpose
 * are found in the text as written but left out of what the probe asks.
 */
async function findRoutes(
  dir: string,
  pack: AnyPack,
  files: string[],
): Promise<{ routes: string[]; routesLeftOut?: string[] }> {
  const project = new ProjectFiles(dir);
  // The routes are read twice (as written, and with on-purpose failures blanked): each file and folder once.
  const texts = new Map<string, Promise<string | undefined>>();
  const folders = new Map<string, Promise<string[]>>();
  const read = (file: string) => texts.get(file) ?? texts.set(file, project.read(file)).get(file)!;
  const list = (folder: string) => folders.get(folder) ?? folders.set(folder, project.list(folder)).get(folder)!;
  const readProbeable = async (file: string) => {
    const text = await read(file);
    return text === undefined ? undefined : withoutFailingRoutes(text, pack.id);
  };
  const entryFiles = [...new Set(files)].slice(0, 8);
  const all = await routesOf(pack, entryFiles, read, list);
  const kept = await routesOf(pack, entryFiles, readProbeable, list);
  const leftOut = all.filter((route) => !kept.includes(route));
  return {
    routes: kept.sort((a, b) => Number(HEALTH_LIKE.test(b)) - Number(HEALTH_LIKE.test(a))).slice(0, 10),
    ...(leftOut.length && { routesLeftOut: leftOut }),
  };
}

async function routesOf(
  pack: AnyPack,
  entryFiles: string[],
  read: (file: string) => Promise<string | undefined>,
  list: (folder: string) => Promise<string[]>,
): Promise<string[]> {
  const routes = new Set<string>();
  // Go, Node and Python routers nest: their prefixes are joined (and the modules, or Go packages, they mount read).
  const nested = PREFIX_LANGUAGES.includes(pack.id)
    ? await prefixedRoutes(pack.id as PrefixLanguage, entryFiles, read, list)
    : undefined;
  for (const route of nested ?? []) routes.add(route);
  // The pack's own route shapes too (hapi's `path: '/x'`, node:http's `req.url === '/x'`, bottle's
  // `@route`, Starlette's `Route('/x')` …), which the nesting readers do not know; a route found
  // there under a prefix is kept only with it (`/users` beside `/api/v1/users` is dropped).
  for (const file of entryFiles) {
    const text = (await read(file)) ?? '';
    for (const route of routesIn(text, pack.verification))
      if (route === '/' || !nested?.some((joined) => joined !== route && joined.endsWith(route))) routes.add(route);
  }
  // No GET route of its own (an API of POST routes): the documentation its extensions serve by default.
  if (routes.size === 0 && pack.id === 'python')
    for (const file of entryFiles) for (const route of extensionRoutes((await read(file)) ?? '')) routes.add(route);
  return [...routes];
}

/** The routes of one source file, each after a class-level prefix joined to it (`/api` + `/items`). */
export function routesIn(text: string, spec: Pick<AnyPack['verification'], 'routes' | 'routePrefix'>): string[] {
  const prefix = spec.routePrefix
    ? new RegExp(spec.routePrefix.source, spec.routePrefix.flags.replace('g', '')).exec(text)
    : null;
  const found: string[] = [];
  for (const match of text.matchAll(spec.routes)) {
    if (prefix && match.index === prefix.index) continue;
    // No path of its own (group 1 unmatched): the route is the prefix itself.
    const path = match[1] ?? '';
    const joined =
      prefix && match.index > prefix.index ? `${prefix[1].replace(/\/$/, '')}${path === '/' ? '' : path}` : path;
    found.push(joined || '/');
  }
  return found;
}

function exposedPort(parsed: ParsedDockerfile): number {
  const expose = parsed.instructions.find((instruction) => instruction.keyword === 'EXPOSE');
  const first = expose?.args.split(/\s+/)[0]?.replace(/\/tcp$/, '');
  if (!first)
    throw new InputError(
      'Dockerfile',
      'has no EXPOSE and no saved port; add EXPOSE PORT so verification knows where the app listens',
    );
  return parsePort('Dockerfile EXPOSE', first);
}
