/**
 * Go's module graph as the project's files record it, read without running the go command (detection
 * never runs the user's code or tools): go.mod's require lines (complete for the build since go 1.17's
 * pruned graphs, `// indirect` included), go.sum's module-zip hashes (a module whose code was
 * downloaded; `/go.mod`-only lines are graph reads, not code) and vendor/modules.txt (modules with
 * packages listed are compiled in). Plus the table of modules that need cgo.
 */

/** A module that only works compiled with cgo, and what its C side needs at build and run time. */
export interface CgoModule {
  module: string;
  /** Links libstdc++: the runtime needs the C++ library (distroless cc, not base). */
  cxx?: boolean;
  /** A system library the module links that neither the builder nor the runtime image ships. */
  systemLibrary?: string;
}

/**
 * Modules whose pure-Go build is a stub that fails at run time (go-sqlite3), or that do not compile
 * without cgo at all. Matched with their major-version suffixes (/v2 …) and subpackages.
 */
export const CGO_MODULES: readonly CgoModule[] = [
  // Bundles SQLite's C source: only libc at run time.
  { module: 'github.com/mattn/go-sqlite3' },
  // Bundles a static librdkafka built for glibc: libc (libm, libpthread) at run time.
  { module: 'github.com/confluentinc/confluent-kafka-go' },
  // dlopen()s the PKCS#11 provider the user configures.
  { module: 'github.com/miekg/pkcs11' },
  { module: 'gopkg.in/gographics/imagick.v3', systemLibrary: 'ImageMagick (libmagickwand-dev)' },
  { module: 'gopkg.in/gographics/imagick.v2', systemLibrary: 'ImageMagick (libmagickwand-dev)' },
  { module: 'github.com/linxGnu/grocksdb', cxx: true, systemLibrary: 'RocksDB (librocksdb-dev)' },
  { module: 'github.com/go-gl/glfw', systemLibrary: 'GLFW/X11 and OpenGL (libgl1-mesa-dev, xorg-dev)' },
  { module: 'github.com/go-gl/gl', systemLibrary: 'OpenGL (libgl1-mesa-dev)' },
];

/** The module paths of CGO_MODULES (the verifier reads them in a binary's build info). */
export const CGO_ONLY_MODULES = CGO_MODULES.map((entry) => entry.module);

/** `module` itself or one of its major versions / subpaths (github.com/x/y/v2). */
export const isModuleOf = (path: string, module: string) => path === module || path.startsWith(`${module}/`);

/** A module of the project's graph and the file that says so. */
export interface GraphModule {
  path: string;
  version: string;
  /** e.g. "go.mod", "go.mod, indirect", "vendor/modules.txt", "go.sum". */
  evidence: string;
}

const MODULE_PATH = String.raw`[A-Za-z0-9][^\s"]*`;

/** The require directives of go.mod, single-line and blocks, with their `// indirect` marks. */
export function goModRequires(goMod: string): GraphModule[] {
  const found: GraphModule[] = [];
  const add = (line: string) => {
    const match = new RegExp(`^"?(${MODULE_PATH}?)"?\\s+(v\\S+)(.*)$`).exec(line.trim());
    if (match)
      found.push({
        path: match[1],
        version: match[2],
        evidence: /\/\/\s*indirect\b/.test(match[3]) ? 'go.mod, indirect' : 'go.mod',
      });
  };
  for (const block of goMod.matchAll(/^require\s*\(\s*\n([\s\S]*?)^\)/gm))
    for (const line of block[1].split('\n')) add(line.replace(/^\s*\/\/(?!\s*indirect).*/, ''));
  for (const single of goMod.matchAll(/^require\s+([^(\s].*)$/gm)) add(single[1]);
  return found;
}

/** Modules whose code go.sum hashes (`path version h1:…`, not `path version/go.mod h1:…`). */
export function goSumModules(goSum: string): GraphModule[] {
  const found = new Map<string, GraphModule>();
  for (const match of goSum.matchAll(/^(\S+)\s+(v[^\s/]+)\s+h1:/gm))
    found.set(match[1], { path: match[1], version: match[2], evidence: 'go.sum' });
  return [...found.values()];
}

/** vendor/modules.txt: `# path version` headers followed by the packages the build uses from it. */
export function vendoredModules(modulesTxt: string): GraphModule[] {
  const found: GraphModule[] = [];
  let current: GraphModule | undefined;
  for (const line of modulesTxt.split('\n')) {
    const header = /^# (\S+) (v\S+)/.exec(line);
    if (header) current = { path: header[1], version: header[2], evidence: 'vendor/modules.txt' };
    else if (current && line && !line.startsWith('#')) {
      found.push(current);
      current = undefined;
    }
  }
  return found;
}

/**
 * The cgo modules in the graph, best evidence first per module: vendor/modules.txt (packages compiled
 * in) over go.mod over go.sum (code downloaded). A module only a test of a dependency uses may be
 * listed too: a cgo build it did not need costs a few MB; a static build that needed cgo is broken.
 */
export function cgoModulesIn(graphs: GraphModule[][]): { entry: CgoModule; found: GraphModule }[] {
  const result: { entry: CgoModule; found: GraphModule }[] = [];
  for (const entry of CGO_MODULES) {
    for (const graph of graphs) {
      const found = graph.find((module) => isModuleOf(module.path, entry.module));
      if (found) {
        result.push({ entry, found });
        break;
      }
    }
  }
  return result;
}
