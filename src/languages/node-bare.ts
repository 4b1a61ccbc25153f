/**
 * A Node server without package.json: one root-level file (server.js, index.js, app.js, main.js or
 * their .mjs forms) that needs nothing outside Node's built-in modules and starts a server itself
 * (`http.createServer(...)` … `.listen(...)`). Node runs it as it is, so the image installs nothing.
 * Detected narrowly: every require/import must be a built-in, and nothing at the top of the folder
 * may say another language (a Python or Go repository's stray .js is not an app).
 */
import { isBuiltin } from 'node:module';
import { ProjectFiles } from '../detect/files.js';

/** The parts of node's facts this module rewrites (NodeFacts, without importing node-detect.ts back). */
interface NodeFactsLike {
  evidence: string[];
  dependencyFiles: string[];
  packageManager?: string;
  notes?: string[];
  extra: { unlocked?: boolean; noPackageJson?: boolean };
}

/** The files node runs without a manifest, best first. */
export const BARE_ENTRIES = [
  'server.js',
  'index.js',
  'app.js',
  'main.js',
  'server.mjs',
  'index.mjs',
  'app.mjs',
  'main.mjs',
] as const;

/** The command that adds a package.json, once the app needs a dependency. */
export const INIT_COMMAND = 'npm init -y';

export const barePackageNote = (entry: string): string =>
  `no package.json: ${entry} uses only Node.js built-in modules, so the image runs it with node and installs nothing; run \`${INIT_COMMAND}\` to add one when the app needs a dependency`;

/** Another language's manifest or source file at the top of the folder: the .js file is not the app. */
const OTHER_LANGUAGE =
  /^(?:requirements[\w.-]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|Pipfile|go\.mod|go\.work|Cargo\.toml|pom\.xml|(?:build|settings)\.gradle(?:\.kts)?|gradlew|mvnw|Gemfile|composer\.json|deno\.jsonc?|mix\.exs|.+\.(?:py|go|java|kt|rs|rb|php|cs|ts|tsx|mts|cts))$/;

/** Module names a file asks for: require('x'), import … from 'x', import 'x', import('x'), export … from 'x'. */
const SPECIFIERS =
  /\brequire\(\s*(['"`])([^'"`]+)\1\s*\)|\bimport\s*\(\s*(['"`])([^'"`]+)\3\s*\)|\b(?:import|export)\s+(?:[\w*${}\s,]+?\s+from\s+)?(['"])([^'"]+)\5/g;

/** Every module the file loads is built into node; false when one is not, or a require() is not a literal. */
export function onlyBuiltins(text: string): boolean {
  const names = [...text.matchAll(SPECIFIERS)].map((match) => match[2] ?? match[4] ?? match[6]);
  const requires = text.match(/\brequire\s*\(/g)?.length ?? 0;
  const literalRequires = [...text.matchAll(SPECIFIERS)].filter((match) => match[2] !== undefined).length;
  return requires === literalRequires && names.every((name) => isBuiltin(name));
}

/** The file starts a server of its own: createServer(...) and .listen(...). */
export const startsServer = (text: string): boolean => /\bcreateServer\s*\(/.test(text) && /\.listen\s*\(/.test(text);

/** The entry node runs without package.json, or undefined when the folder is not such an app. */
export async function bareEntry(files: ProjectFiles): Promise<string | undefined> {
  const top = await files.list();
  if (top.some((name) => OTHER_LANGUAGE.test(name))) return undefined;
  for (const entry of BARE_ENTRIES) {
    if (!top.includes(entry)) continue;
    const text = await files.read(entry);
    if (text !== undefined && startsServer(text) && onlyBuiltins(text)) return entry;
  }
  return undefined;
}

/** The project's files, with a package.json that names the entry (what node itself would run). */
class WithManifest extends ProjectFiles {
  constructor(
    private readonly files: ProjectFiles,
    private readonly manifest: string,
  ) {
    super(files.root);
  }
  override read(rel: string): Promise<string | undefined> {
    return rel === 'package.json' ? Promise.resolve(this.manifest) : this.files.read(rel);
  }
}

/**
 * Detection of a bare server: node's own detection runs as if package.json said `"main": ENTRY`
 * (port, listen address, version files, state paths all come from there), then everything a
 * manifest would bring is taken back: no dependency files, no install, no lockfile note.
 */
export async function detectBareNode<Facts extends NodeFactsLike>(
  files: ProjectFiles,
  detect: (files: ProjectFiles) => Promise<Facts | undefined>,
): Promise<Facts | undefined> {
  const entry = await bareEntry(files);
  if (!entry) return undefined;
  const facts = await detect(new WithManifest(files, JSON.stringify({ main: entry })));
  if (!facts) return undefined;
  const { unlocked: _unlocked, ...extra } = facts.extra;
  const notes = (facts.notes ?? []).filter((note) => !note.startsWith('no lockfile'));
  return {
    ...facts,
    evidence: [entry],
    dependencyFiles: [],
    packageManager: undefined,
    extra: { ...extra, noPackageJson: true },
    notes: [barePackageNote(entry), ...notes],
  };
}
