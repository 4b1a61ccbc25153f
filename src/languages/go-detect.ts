/**
 * Go project detection (named files only, never the go command): go.mod's module graph and version
 * lines, main packages (the root, cmd/NAME) and which of them serves HTTP, the framework, the port and
 * the environment variable it comes from, cgo, SQLite files written at run time, external services.
 */
import { goSecret, type BuildSecret } from '../detect/credentials.js';
import { folderAbove, type ProjectFiles } from '../detect/files.js';
import { envVarsRead, servicesFrom } from '../detect/services.js';
import type { LanguageFacts } from '../model.js';
import { goRoutes } from '../verify/routes/go.js';
import { probeable } from '../verify/routes/text.js';
import { cgoModulesIn, goModRequires, goSumModules, vendoredModules, type GraphModule } from './go-modules.js';
import { goEmbedPatterns, goReferences, runtimeFilesIn, runtimeFilesNote } from './runtime-files.js';

/** What go detection learns beyond the common facts; the go pack's templates read it. */
export interface GoExtra {
  /** vendor/modules.txt is present: the build uses the vendored modules. */
  vendor?: boolean;
  /** Credentials `go mod download` needs (a project .netrc), mounted as a build secret. */
  buildSecrets?: BuildSecret[];
  /** The build needs cgo: which modules (or the project's own `import "C"`) and whether C++ is linked. */
  cgo?: { reasons: string[]; cxx: boolean };
  /** The port variable holds an address (":8080"), not a bare port number ("8080"). */
  portEnvIsAddress?: boolean;
  /** The port the code defaults to when the image sets another through the port variable (e.g. 80 → 8080). */
  codePort?: number;
  /** A health route the code registers (/health, /healthz …): the HEALTHCHECK asks it for a 2xx/3xx. */
  healthRoute?: string;
  /** The binary name `go build`/`go install` gives the module (its path's last element, /vN skipped): a Procfile names it. */
  binaryName?: string;
}

export type GoFacts = LanguageFacts<GoExtra>;

export const GO_VERSIONS = ['1.24', '1.25', '1.26', '1.27'] as const;
export const GO_DEFAULT_VERSION = '1.27';
export const GO_DEFAULT_PORT = 8080;

/** Web frameworks, by the module that gives them away (the first found in the entry package wins). */
export const GO_FRAMEWORKS: readonly { id: string; module: RegExp }[] = [
  { id: 'gin', module: /^github\.com\/gin-gonic\/gin$/ },
  { id: 'echo', module: /^github\.com\/labstack\/echo(\/v\d+)?$/ },
  { id: 'fiber', module: /^github\.com\/gofiber\/fiber(\/v\d+)?$/ },
  { id: 'chi', module: /^github\.com\/go-chi\/chi(\/v\d+)?$/ },
];

/** Static GET routes in Go source (group 1 is the path): net/http's HandleFunc, gin/echo/fiber/chi's GET/Get. */
export const GO_ROUTES = /(?:HandleFunc|Handle|\.(?:GET|Get|Any))\(\s*"(?:GET )?(\/[^"{:*]*)"/g;
/** A health route at the root, or under an API/version group (`/api/v1/health`). */
const HEALTH_ROUTE = /^(?:\/api)?(?:\/v\d+)?\/(?:health|healthz|livez|readyz|ping|status)$/;

/** The packages a Go file imports: `import "x"` and every path of an `import ( … )` block. */
const importPaths = (text: string): string[] =>
  [...text.matchAll(/^import\s*(?:\(([^)]*)\)|(?:[\w.]+\s+)?"([^"]+)")/gm)].flatMap((match) =>
    match[2] ? [match[2]] : [...match[1].matchAll(/"([^"]+)"/g)].map((path) => path[1]),
  );
const isMainPackage = (text: string) => /^package main\b/m.test(text) && /^func main\(\)/m.test(text);
const minor = (version: string) => Number(version.split('.')[1]);
const dirOf = (rel: string) => (rel.includes('/') ? `./${rel.slice(0, rel.lastIndexOf('/'))}` : '.');
/** Imports of a file (single and grouped), as written between the quotes. */
const importsOf = (text: string) =>
  [...text.matchAll(/^import\s*(?:\(([\s\S]*?)^\)|[\w.]*\s*"([^"]+)")/gm)].flatMap((match) =>
    match[2] ? [match[2]] : [...(match[1] ?? '').matchAll(/"([^"]+)"/g)].map((inner) => inner[1]),
  );
/** A call that starts serving: net/http, gin's Run, echo's Start, fiber's Listen. */
const SERVES = /\b(ListenAndServe(TLS)?|\.Run(TLS)?\(|\.Start(TLS)?\(|\.Listen(TLS)?\(|\.Serve\()/;
// WHOAMI_PORT_NUMBER (traefik/whoami) as well as PORT, HTTP_ADDR, LISTEN_ADDRESS.
const PORT_NAME = /(^|_)(PORT|ADDR|ADDRESS|LISTEN|HTTP_ADDR|BIND)(_NUMBER)?$/i;

/**
 * The port and where it comes from: an env-var helper with a default (`getEnv("X_PORT", "80")`,
 * `envOr("ADDR", ":8080")`), `os.Getenv("PORT")` with a fallback literal nearby, viper defaults with
 * AutomaticEnv, then plain literals (`":8080"`, `flag.String("addr", ":8080", …)`).
 */
export function portOf(text: string): { port: number; env?: string; address?: boolean } | undefined {
  const valid = (value: string) => Number(value) >= 1 && Number(value) <= 65535;
  for (const call of text.matchAll(/\b[A-Za-z_]\w*\(\s*"([A-Za-z_]\w*)"\s*,\s*"((?:[\w.-]*:)?(\d{2,5}))"\s*\)/g))
    if (PORT_NAME.test(call[1]) && valid(call[3]))
      return { port: Number(call[3]), env: call[1], address: call[2].includes(':') };
  for (const read of text.matchAll(/\bos\.(?:Getenv|LookupEnv)\(\s*"([A-Za-z_]\w*)"\s*\)/g)) {
    if (!PORT_NAME.test(read[1])) continue;
    const after = text.slice(read.index, read.index + 400);
    const fallback = /"((?:[\w.-]*:)?(\d{2,5}))"/.exec(after);
    if (fallback && valid(fallback[2]))
      return { port: Number(fallback[2]), env: read[1], address: fallback[1].includes(':') };
  }
  const viper = /viper\.SetDefault\(\s*"([\w.]*port)"\s*,\s*"?(\d{2,5})"?\s*\)/i.exec(text);
  if (viper && valid(viper[2])) {
    const prefix = /viper\.SetEnvPrefix\(\s*"(\w+)"\s*\)/.exec(text)?.[1];
    const env = /viper\.AutomaticEnv\(\)/.test(text)
      ? `${prefix ? `${prefix.toUpperCase()}_` : ''}${viper[1].toUpperCase().replace(/\./g, '_')}`
      : undefined;
    return { port: Number(viper[2]), env };
  }
  const literal =
    /flag\.(?:Int|String)(?:Var)?\((?:&\w+,\s*)?"(?:port|addr|listen|http)",\s*"?:?(\d{2,5})"?/.exec(text)?.[1] ??
    /"(?:[\w.-]*):(\d{2,5})"/.exec(text)?.[1] ??
    /\bport\s*:?=\s*"(\d{2,5})"/i.exec(text)?.[1];
  return literal && valid(literal) ? { port: Number(literal) } : undefined;
}

/**
 * SQLite files opened with a relative path (`sql.Open("sqlite3", "./data/app.db")`,
 * `sqlite.Open("gorm.db")`, a `file:notes.db?...` DSN): written next to the working directory at run
 * time. In-memory databases and absolute paths are left alone.
 */
export function sqliteStatePaths(text: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /sql\.Open\(\s*"sqlite3?"\s*,\s*"([^"]+)"/g,
    /sqlite\.Open\(\s*"([^"]+)"/g,
    /"((?:file:)?[\w./-]+\.(?:db|sqlite3?))(?:\?[^"]*)?"/g,
  ];
  for (const pattern of patterns)
    for (const match of text.matchAll(pattern)) {
      const path = match[1]
        .replace(/^file:/, '')
        .replace(/\?.*$/, '')
        .replace(/^\.\//, '');
      if (!path || path.startsWith('/') || path.includes(':memory:') || path.includes('..') || path.startsWith(':'))
        continue;
      found.add(path);
    }
  return [...found];
}

/** go.mod lives above this folder (a package inside a module, or a module of a go.work workspace). */
const enclosingModule = (root: string) =>
  folderAbove(root, async (files) =>
    (await files.read('go.mod')) !== undefined || (await files.read('go.work')) !== undefined ? 'found' : undefined,
  );

/** The Go version lines: `go` (the minimum) and `toolchain` (the version the project prefers to build with). */
function versionFacts(facts: GoFacts, goMod: string, dockerfile: string | undefined): void {
  const go = /^go\s+1\.(\d+)(?:\.\d+)?\s*$/m.exec(goMod);
  const toolchain = /^toolchain\s+go1\.(\d+)(?:\.\d+)?\s*$/m.exec(goMod);
  if (!go && !toolchain) return;
  const least = Math.max(go ? Number(go[1]) : 0, toolchain ? Number(toolchain[1]) : 0);
  const asks = [go && `go ≥1.${go[1]}`, toolchain && `toolchain go1.${toolchain[1]}`].filter(Boolean).join(', ');
  const fits = GO_VERSIONS.filter((version) => minor(version) >= least);
  if (!fits.length) {
    facts.problems.push(`go.mod asks for ${asks}, newer than the supported ${GO_VERSIONS.join(', ')}`);
    return;
  }
  facts.allowedVersions = { versions: [...fits], source: 'go.mod' };
  // The project's own Dockerfile building with golang:1.N is the version it is known to build with.
  const theirs = /^\s*(?:FROM\s+(?:\S+\/)?golang:|ARG\s+GO_VERSION=)1\.(\d+)/im.exec(dockerfile ?? '')?.[1];
  const fromDockerfile = fits.find((version) => minor(version) === Number(theirs));
  const exact = fits.find((version) => minor(version) === least);
  const chosen = fromDockerfile ?? exact ?? GO_DEFAULT_VERSION;
  facts.runtimeVersion = chosen;
  facts.versionSource =
    fromDockerfile && fromDockerfile !== exact
      ? `Dockerfile FROM golang:${chosen}; go.mod asks ${asks}`
      : exact
        ? 'go.mod'
        : `go.mod asks ${asks}`;
}

export async function detectGo(files: ProjectFiles): Promise<GoFacts | undefined> {
  const goMod = await files.read('go.mod');
  if (goMod === undefined) return detectOutsideModule(files);
  const facts: GoFacts = {
    language: 'go',
    framework: 'net/http',
    evidence: ['go.mod'],
    entrypoints: [],
    dependencyFiles: ['go.mod'],
    packageManager: 'go',
    extraPackages: [],
    extra: {},
    problems: [],
  };
  const notes: string[] = [];
  const top = await files.list();
  if (top.includes('go.sum')) facts.dependencyFiles.push('go.sum');
  const requires = goModRequires(goMod);
  if (requires.length && !top.includes('go.sum'))
    facts.problems.push(
      'go.mod requires modules but there is no go.sum: run `go mod tidy` so the build verifies what it downloads',
    );
  const modulesTxt = top.includes('vendor/') ? await files.read('vendor/modules.txt') : undefined;
  if (modulesTxt !== undefined) facts.extra.vendor = true;
  const secret = goSecret(top.includes('.netrc') ? ((await files.read('.netrc')) ?? '') : undefined);
  if (secret) facts.extra.buildSecrets = [secret];
  versionFacts(facts, goMod, top.includes('Dockerfile') ? await files.read('Dockerfile') : undefined);
  const modulePath = /^module\s+"?([^\s"]+)"?/m.exec(goMod)?.[1].split('/');
  const last = modulePath?.at(-1);
  const binaryName = last && /^v\d+$/.test(last) && modulePath!.length > 1 ? modulePath!.at(-2) : last;
  if (binaryName) facts.extra.binaryName = binaryName;

  // Sources: the module root, cmd/NAME (several binaries) and packages up to three levels down.
  const sources = await files.find((rel) => rel.endsWith('.go') && !rel.endsWith('_test.go'), 3, 300);
  const texts = new Map<string, string>();
  for (const rel of sources) {
    const text = await files.read(rel);
    if (text !== undefined) texts.set(rel, text);
  }

  // Main packages: the module root, then cmd/NAME; the ones that serve HTTP first.
  const mains = new Map<string, string[]>();
  for (const [rel, text] of texts) {
    const dir = dirOf(rel);
    if (dir !== '.' && !/^\.\/cmd\/[^/]+$/.test(dir)) continue;
    if (isMainPackage(text)) mains.set(dir, []);
  }
  for (const [rel, text] of texts) mains.get(dirOf(rel))?.push(text);
  const serves = (dir: string) => mains.get(dir)!.some((text) => SERVES.test(text));
  const servers = [...mains.keys()].filter(serves);
  // The server is the image's command; workers and one-shot tools are named, not offered (a --yes run
  // would refuse the choice). Several servers, or none among several mains, are asked (--entrypoint).
  facts.entrypoints = servers.length ? servers : [...mains.keys()];
  if (!facts.entrypoints.length)
    facts.problems.push(
      'no main package (package main with func main) at the module root or in cmd/NAME/: pass --entrypoint ./path/to/main',
    );
  else if (servers.length === 1 && mains.size > 1)
    notes.push(
      `several commands in this module (${[...mains.keys()].join(', ')}): the image runs ${servers[0]}, the one that serves HTTP; build another with --entrypoint`,
    );

  // Framework: the one the module requires and the code imports.
  const imported = new Set([...texts.values()].flatMap(importsOf));
  const framework = GO_FRAMEWORKS.find((candidate) =>
    [...imported].some((path) => candidate.module.test(path.replace(/\/[a-z]+$/, '')) || candidate.module.test(path)),
  );
  if (framework) facts.framework = framework.id;

  // cgo: the project's own C, or a module in the graph that needs it.
  const graphs: GraphModule[][] = [
    modulesTxt !== undefined ? vendoredModules(modulesTxt) : [],
    requires,
    goSumModules((top.includes('go.sum') && (await files.read('go.sum'))) || ''),
  ];
  const cgoModules = cgoModulesIn(graphs);
  const ownC = [...texts].filter(([, text]) => /^import\s+"C"/m.test(text)).map(([rel]) => rel);
  if (cgoModules.length || ownC.length) {
    const cxxSources = await files.find((rel) => /\.(cc|cpp|cxx)$/.test(rel), 3, 5);
    facts.extra.cgo = {
      reasons: [
        ...cgoModules.map(({ found }) => `${found.path} (${found.evidence})`),
        ...(ownC.length ? [`import "C" in ${ownC.slice(0, 3).join(', ')}`] : []),
      ],
      cxx: cgoModules.some(({ entry }) => entry.cxx) || cxxSources.length > 0,
    };
    for (const { entry, found } of cgoModules)
      if (entry.systemLibrary)
        facts.problems.push(
          `${found.path} links ${entry.systemLibrary}, which the build and runtime images do not ship: not supported yet`,
        );
    const linked = [...texts.values()].flatMap((text) => [
      ...text.matchAll(/#cgo\s+(?:LDFLAGS:.*?-l(\w+)|pkg-config:\s*(\S+))/g),
    ]);
    const libraries = [...new Set(linked.map((match) => match[1] ?? match[2]))].filter(
      (name) => !['m', 'dl', 'pthread', 'rt', 'c'].includes(name),
    );
    if (libraries.length)
      notes.push(
        `the cgo code links ${libraries.join(', ')}: install its -dev package in the build stage and the library in the runtime image (distroless has none)`,
      );
  }

  // Port, and the variable it comes from: the served entry's files first, then the rest of the module.
  const entry = facts.entrypoints[0];
  const inEntry = (rel: string) => entry !== undefined && dirOf(rel) === entry;
  const ordered = [...texts].sort(([a], [b]) => Number(inEntry(b)) - Number(inEntry(a)));
  for (const [, text] of ordered) {
    const found = portOf(text);
    if (!found) continue;
    facts.port = found.port;
    if (found.env) {
      facts.portEnv = found.env;
      if (found.address) facts.extra.portEnvIsAddress = true;
    }
    break;
  }
  // gin's Run() with no address listens on $PORT, else :8080 (gin's resolveAddress).
  if (
    facts.port === undefined &&
    facts.framework === 'gin' &&
    [...texts.values()].some((text) => /\.Run\(\)/.test(text))
  )
    [facts.port, facts.portEnv] = [GO_DEFAULT_PORT, 'PORT'];
  if (facts.port !== undefined && facts.port < 1024) {
    if (facts.portEnv) {
      notes.push(
        `the app listens on port ${facts.port} unless ${facts.portEnv} says otherwise; a non-root user may bind below 1024 only where the engine allows it (Docker ≥20.10 in the container's own network namespace, not with --network host or on every Kubernetes node): the image sets ${facts.portEnv} to ${GO_DEFAULT_PORT}`,
      );
      facts.extra.codePort = facts.port;
      facts.port = GO_DEFAULT_PORT;
    } else {
      notes.push(
        `the app listens on port ${facts.port}, fixed in the code: as a non-root user that works where the engine allows it (Docker ≥20.10 gives each container's own network namespace net.ipv4.ip_unprivileged_port_start=0), not with --network host or on Kubernetes nodes without that sysctl`,
      );
    }
  }

  // With their group prefixes: a `/health` in `api.Group("/api")` answers at /api/health only.
  const routes = [...texts.values()].flatMap(goRoutes).filter(probeable);
  const healthRoute = routes.find((route) => HEALTH_ROUTE.test(route));
  if (healthRoute) facts.extra.healthRoute = healthRoute;

  // SQLite files written at run time: the directory that holds them must be writable by the app user.
  const state = [...new Set([...texts.values()].flatMap(sqliteStatePaths))];
  if (state.length) facts.statePaths = state;

  // Templates, static assets and config read from the working directory at run time (not //go:embed,
  // whose patterns are relative to their package's folder): copied next to the binary.
  const embedded = [...texts].flatMap(([rel, text]) =>
    goEmbedPatterns(text).map((pattern) => (dirOf(rel) === '.' ? pattern : `${dirOf(rel).slice(2)}/${pattern}`)),
  );
  const runtime = await runtimeFilesIn(files, [...texts.values()].flatMap(goReferences), { embedded });
  if (runtime.length) {
    facts.runtimeFiles = runtime;
    notes.push(runtimeFilesNote(runtime, '/app'));
  }

  // External services: a client package imported, and the env var the code reads its address from.
  const code = [...texts.values()];
  const services = servicesFrom({ drivers: code.flatMap(importPaths), variables: envVarsRead(code) });
  if (services.length) facts.services = services;
  if (notes.length) facts.notes = notes;
  return facts;
}

/**
 * Go files but no go.mod here: a package folder inside a module, or a go.work workspace root. The
 * build needs go.mod (and go.sum) in the context, so the answer is the module root; one line says so.
 */
async function detectOutsideModule(files: ProjectFiles): Promise<GoFacts | undefined> {
  const top = await files.list();
  const work = top.includes('go.work') ? await files.read('go.work') : undefined;
  const goFiles = top.filter((name) => name.endsWith('.go'));
  if (work === undefined && !goFiles.length) return undefined;
  const facts: GoFacts = {
    language: 'go',
    framework: 'net/http',
    evidence: work !== undefined ? ['go.work'] : goFiles.slice(0, 3),
    entrypoints: [],
    dependencyFiles: [],
    packageManager: 'go',
    extraPackages: [],
    extra: {},
    problems: [],
  };
  if (work !== undefined) {
    const uses = [...work.matchAll(/^\s*(?:use\s+)?(\.\/?[\w./-]*)\s*$/gm)].map((match) => match[1]);
    facts.problems.push(
      `a Go workspace (go.work${uses.length ? `: ${uses.join(', ')}` : ''}): run slim-docker in the module folder the image serves (each module builds on its own: its go.mod and go.sum must list what it needs, without go.work)`,
    );
    return facts;
  }
  const module = await enclosingModule(files.root);
  if (!module) return undefined;
  const below = files.root.slice(module.length + 1);
  facts.problems.push(
    `go.mod is in ${module}, above this folder: the build needs the whole module, so run slim-docker there with --entrypoint ./${below}`,
  );
  return facts;
}
