/**
 * Go routes across the module's own packages: the entry package (the entry file and the files beside
 * it), then the packages it imports from the module (go.mod's `module example.com/app` makes
 * `example.com/app/sub/pkg` the folder sub/pkg), breadth first. A package's files are read as one
 * text, so a func in another file of it is found, and its funcs' router parameters take the prefixes
 * their importers hand them (`v1 := r.Group("/api/v1")` then `routes.Register(v1)`). Imports outside
 * the module are never followed; a package that registers no route and names no router (models,
 * controllers) is read but its imports are not followed. Bounded: MAX_PACKAGES packages,
 * MAX_PACKAGE_FILES files each, and the caller's budget of reads in all, through the caller's read
 * and list (detection's: inside the project, regular files, size-capped).
 */
import { goAnalysis, type GoAnalysis, type GoCallers } from './go.js';

export interface GoSources {
  read(path: string): Promise<string | undefined>;
  /** A folder's entries (folders end in "/"); without it only the entry files are read. */
  list?(folder: string): Promise<string[]>;
}

interface Package {
  folder: string;
  name: string;
  analysis: GoAnalysis;
  /** The module's packages it imports: folder → the names it calls them by (undefined: the package's own name). */
  imports: Map<string, Set<string | undefined>>;
}

/** Packages read at most (entry packages included), and files of one package. */
export const MAX_PACKAGES = 6;
export const MAX_PACKAGE_FILES = 8;

/** A package whose name says routes come first when its importer's budget runs short. */
const ROUTE_LIKE = /rout|api|handler|server|http|web|endpoint|^v\d+$/i;
/** A package that might hand a router on: it registers routes, groups, mounts or names a router type. */
const ROUTER_LIKE =
  /\.(?:GET|Get|HandleFunc|Handle|Group|Route|Mount|PathPrefix)\(|\b(?:gin\.(?:Default|New|Engine|RouterGroup|IRouter|IRoutes)|chi\.(?:NewRouter|NewMux|Router|Mux)|echo\.(?:New|Echo|Group)|fiber\.(?:New|App|Router)|mux\.(?:NewRouter|Router)|http\.(?:NewServeMux|ServeMux))\b/;

export async function goModuleRoutes(entryFiles: readonly string[], sources: GoSources, maxReads: number) {
  let reads = 0;
  const readSource = async (path: string) => {
    if (reads >= maxReads) return undefined;
    const text = await sources.read(path);
    if (text !== undefined) reads++;
    return text;
  };
  const modulePath = sources.list ? goModulePath((await sources.read('go.mod')) ?? '') : undefined;
  const packages: Package[] = [];
  const routes: string[] = [];
  const queue: { folder: string; first?: string }[] = [...new Set(entryFiles)].map((file) => ({
    folder: folderOf(file),
    first: file,
  }));
  const seen = new Set<string>();
  while (queue.length > 0 && packages.length < MAX_PACKAGES && reads < maxReads) {
    const { folder, first } = queue.shift()!;
    if (seen.has(first ?? folder)) continue;
    seen.add(first ?? folder);
    const files = await packageFiles(folder, first, sources, readSource);
    if (files.length === 0) continue;
    const name = packageName(files[0]) ?? folder.split('/').pop() ?? '';
    const text = files.join('\n');
    const analysis = goAnalysis(text, callersOf(folder, name, packages));
    const imports = modulePath ? moduleImports(text, modulePath) : new Map<string, Set<string | undefined>>();
    packages.push({ folder, name, analysis, imports });
    routes.push(...analysis.routes);
    // An entry package's imports are all followed; another's only when it may hand a router on.
    if (first === undefined && analysis.routes.length === 0 && !ROUTER_LIKE.test(text)) continue;
    const next = [...imports.keys()].filter((sub) => !seen.has(sub));
    next.sort((a, b) => Number(ROUTE_LIKE.test(lastPart(b))) - Number(ROUTE_LIKE.test(lastPart(a))));
    queue.push(...next.map((sub) => ({ folder: sub })));
  }
  return routes;
}

/** The module path go.mod declares (`module example.com/app`, quoted or not), or undefined. */
export function goModulePath(goMod: string): string | undefined {
  return /^module\s+"?([^\s"/][^\s"]*)"?\s*(?:\/\/.*)?$/m.exec(goMod)?.[1];
}

/**
 * The folders of the module's packages a Go text imports, with the names it calls them by (an
 * alias, or undefined for the package's own name). Blank and dot imports are left out (nothing calls
 * through them by name), and so is any path outside the module.
 */
export function moduleImports(text: string, modulePath: string): Map<string, Set<string | undefined>> {
  const imports = new Map<string, Set<string | undefined>>();
  const specs = [
    ...[...text.matchAll(/^import\s*\(([^)]*)\)/gm)].flatMap((m) => m[1].split('\n')),
    ...[...text.matchAll(/^import\s+([^(\n][^\n]*)$/gm)].map((m) => m[1]),
  ];
  for (const spec of specs) {
    const m = /^\s*([\w.]+\s+)?"([^"]+)"/.exec(spec);
    if (!m) continue;
    const alias = m[1]?.trim();
    const path = m[2];
    if (alias === '_' || alias === '.' || (path !== modulePath && !path.startsWith(`${modulePath}/`))) continue;
    const folder = path.slice(modulePath.length + 1);
    if (folder && folder.split('/').some((part) => part === '' || part === '.' || part === '..')) continue;
    imports.set(folder, (imports.get(folder) ?? new Set()).add(alias));
  }
  return imports;
}

/** What the packages read so far tell the package in `folder` (called `name`) through their calls. */
function callersOf(folder: string, name: string, packages: Package[]): GoCallers {
  const callers: GoCallers = { params: new Map(), mounts: new Map() };
  for (const importer of packages) {
    for (const alias of importer.imports.get(folder) ?? []) {
      const told = importer.analysis.callsInto(alias ?? name);
      for (const [func, params] of told.params) {
        const merged = callers.params.get(func) ?? [];
        params.forEach((prefixes, index) => (merged[index] = [...(merged[index] ?? []), ...prefixes]));
        callers.params.set(func, merged);
      }
      for (const [func, prefixes] of told.mounts)
        callers.mounts.set(func, [...(callers.mounts.get(func) ?? []), ...prefixes]);
    }
  }
  return callers;
}

/**
 * The texts of one package: the entry file first (when given), then the folder's other .go files
 * (tests, build-ignored files and files of another package left out), route-like names first.
 */
async function packageFiles(
  folder: string,
  first: string | undefined,
  sources: GoSources,
  read: (path: string) => Promise<string | undefined>,
): Promise<string[]> {
  const texts: string[] = [];
  const firstText = first === undefined ? undefined : await read(first);
  if (first !== undefined && firstText === undefined) return [];
  if (firstText !== undefined) texts.push(firstText);
  if (!sources.list) return texts;
  const names = (await sources.list(folder))
    .filter((name) => name.endsWith('.go') && !name.endsWith('_test.go'))
    .map((name) => (folder ? `${folder}/${name}` : name))
    .filter((path) => path !== first)
    .sort((a, b) => Number(/rout/i.test(lastPart(b))) - Number(/rout/i.test(lastPart(a))));
  for (const path of names) {
    if (texts.length >= MAX_PACKAGE_FILES) break;
    const text = await read(path);
    if (text === undefined || /^\/\/(?:go:build|\s*\+build)\s+ignore\b/m.test(text)) continue;
    if (texts.length > 0 && packageName(text) !== packageName(texts[0])) continue;
    texts.push(text);
  }
  return texts;
}

const packageName = (text: string) => /^package\s+(\w+)/m.exec(text)?.[1];
const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '');
const lastPart = (folder: string) => folder.slice(folder.lastIndexOf('/') + 1);
