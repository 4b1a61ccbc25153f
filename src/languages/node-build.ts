/**
 * Node apps with a build step: a TypeScript server compiled by tsc, and a static single-page app built
 * by Vite. Both build in their own stage with devDependencies; the final image gets only the output
 * (and, for a server, the production dependencies).
 */
import type { ProjectFiles } from '../detect/files.js';

export interface NodeBuild {
  kind: 'tsc' | 'vite-static' | 'next-standalone' | 'next-server';
  /** The package.json script that builds (run through the project's manager). */
  script: string;
  /** The folder the build writes (tsconfig outDir, Vite's dist). */
  outDir: string;
  /** The compiled entry (tsc: `node <entry>`); undefined for a static site. */
  entry?: string;
  /** The source file the compiled entry comes from (for the port and the cache proof's edit). */
  sourceEntry?: string;
  /** Next.js: a public/ folder to copy beside the standalone server. */
  hasPublic?: boolean;
  /** Next.js: the file the cache proof edits (its entry, server.js, exists only after the build). */
  editFile?: string;
  /** What compiles a server (tsc: the TypeScript compiler; `nest build`: the Nest CLI, which runs it). */
  compiler?: 'tsc' | 'nest';
}

/** next's own CLI script: `node` runs it directly (never through npm), so SIGTERM reaches the server. */
export const NEXT_BIN = 'node_modules/next/dist/bin/next';

/** Where Next.js keeps the home page, app router first (the cache proof's fallback edit). */
const NEXT_PAGES = ['app', 'src/app']
  .flatMap((dir) => ['tsx', 'jsx', 'js', 'ts'].map((ext) => `${dir}/page.${ext}`))
  .concat(['pages', 'src/pages'].flatMap((dir) => ['tsx', 'jsx', 'js', 'ts'].map((ext) => `${dir}/index.${ext}`)));

/**
 * The file the cache proof edits in a Next.js project. Next minifies the page, so an appended comment
 * never reaches the image; a text file in public/ is copied verbatim, so its edit always does.
 */
async function nextEditFile(files: ProjectFiles): Promise<string | undefined> {
  const text = (await files.list('public'))
    .filter((name) => /\.(txt|svg|html|css|json|webmanifest)$/.test(name))
    .sort();
  if (text.length) return `public/${text[0]}`;
  for (const page of NEXT_PAGES) if (await files.exists(page)) return page;
  return undefined;
}

interface BuildPackageJson {
  main?: unknown;
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
}

/** tsconfig.json is JSONC: comments and trailing commas are allowed. */
function parseJsonc(text: string): Record<string, unknown> | undefined {
  const stripped = text
    .replace(/("(?:[^"\\]|\\.)*")|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (_match, quoted: string | undefined) => quoted ?? '')
    .replace(/,(\s*[}\]])/g, '$1');
  try {
    const value = JSON.parse(stripped) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const clean = (path: string) => path.replace(/^\.\//, '').replace(/\/+$/, '');

/** The build step of a package.json, when it has one we can containerise; `problems` say why not. */
export async function detectBuild(
  files: ProjectFiles,
  packageJsonText: string,
): Promise<{ build?: NodeBuild; problems: string[]; notes?: string[] }> {
  let pkg: BuildPackageJson;
  try {
    pkg = JSON.parse(packageJsonText) as BuildPackageJson;
  } catch {
    return { problems: [] };
  }
  const script = typeof pkg.scripts?.build === 'string' ? pkg.scripts.build : undefined;
  if (!script) return { problems: [] };
  const deps = { ...(pkg.devDependencies ?? {}), ...(pkg.dependencies ?? {}) };
  const start = typeof pkg.scripts?.start === 'string' ? pkg.scripts.start : '';

  if (/\bnext\s+build\b/.test(script) && 'next' in deps) {
    let config = '';
    for (const name of ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs'])
      config ||= (await files.read(name)) ?? '';
    const next = {
      script: 'build',
      outDir: '.next',
      editFile: await nextEditFile(files),
      hasPublic: await files.exists('public'),
    };
    // The standalone output (the server plus the node_modules it traced) runs without the whole install.
    if (/\boutput\s*:\s*["'`]standalone["'`]/.test(config))
      return { build: { kind: 'next-standalone', entry: 'server.js', ...next }, problems: [] };
    // Without it, `next start` serves .next with next and every production dependency beside it.
    if (!('next' in (pkg.dependencies ?? {})))
      return {
        problems: [
          "next is only a devDependency, so `next start` has no next among the production dependencies: move it to dependencies, or set `output: 'standalone'` in next.config",
        ],
      };
    return {
      build: { kind: 'next-server', entry: NEXT_BIN, ...next },
      problems: [],
      notes: [
        "Next.js without `output: 'standalone'` in next.config: the image runs `next start` with every production dependency; with standalone output it carries only the traced server (several times smaller)",
      ],
    };
  }
  if (/\bvite\s+build\b/.test(script) && !/\bnode\b/.test(start)) {
    return { build: { kind: 'vite-static', script: 'build', outDir: 'dist' }, problems: [] };
  }
  const nest = /\bnest\s+build\b/.test(script) && '@nestjs/cli' in deps;
  if (nest || (/\btsc\b/.test(script) && 'typescript' in deps)) {
    const tsconfig = parseJsonc((await files.read('tsconfig.json')) ?? '{}');
    const options = (tsconfig?.compilerOptions ?? {}) as Record<string, unknown>;
    if (options.noEmit === true)
      return { problems: ['tsconfig.json sets noEmit, so `tsc` writes no JavaScript to run: set an outDir instead'] };
    const outDir = typeof options.outDir === 'string' ? clean(options.outDir) : undefined;
    if (!outDir)
      return {
        problems: [
          'tsconfig.json has no compilerOptions.outDir: set one (e.g. "dist") so the compiled server has its own folder',
        ],
      };
    // nest-cli.json names the source folder and the entry file (defaults: src, main).
    const nestCli = nest ? (parseJsonc((await files.read('nest-cli.json')) ?? '{}') ?? {}) : {};
    const sourceRoot = typeof nestCli.sourceRoot === 'string' ? clean(nestCli.sourceRoot) : undefined;
    const rootDir = typeof options.rootDir === 'string' ? clean(options.rootDir) : (sourceRoot ?? 'src');
    const fromStart =
      /\bnode\s+(?:--?[\w-]+(?:=\S+)?\s+)*(\.?\/?[\w./-]+\.[cm]?js)\b/.exec(start)?.[1] ??
      // fastify-cli loads the compiled plugin: `fastify start -l info dist/app.js`.
      /\bfastify\s+start\b[^&|;]*?(\.?\/?[\w./-]+\.[cm]?js)\b/.exec(start)?.[1];
    const main = typeof pkg.main === 'string' ? pkg.main : undefined;
    let entry = [fromStart, main].map((file) => file && clean(file)).find((file) => file?.startsWith(`${outDir}/`));
    // Without `node dist/…` in start or main: the compiled form of src/server.ts, src/index.ts …
    const entryFile = typeof nestCli.entryFile === 'string' ? nestCli.entryFile : undefined;
    if (!entry && entryFile && (await files.exists(`${rootDir}/${entryFile}.ts`))) entry = `${outDir}/${entryFile}.js`;
    if (!entry) {
      for (const name of ['server', 'index', 'main', 'app'])
        if (await files.exists(`${rootDir}/${name}.ts`)) {
          entry = `${outDir}/${name}.js`;
          break;
        }
    }
    if (!entry)
      return {
        problems: [
          `no compiled entry found: set scripts.start to \`node ${outDir}/server.js\` (or main) for the built server`,
        ],
      };
    return {
      build: {
        kind: 'tsc',
        script: 'build',
        outDir,
        entry,
        sourceEntry: sourceOf(entry, outDir, rootDir),
        compiler: nest ? 'nest' : 'tsc',
      },
      problems: [],
    };
  }
  return { problems: [] };
}

/** dist/server.js → src/server.ts (tsc mirrors rootDir into outDir). */
export const sourceOf = (entry: string, outDir: string, rootDir = 'src'): string =>
  `${rootDir ? `${rootDir}/` : ''}${entry.slice(outDir.length + 1).replace(/\.([cm]?)js$/, '.$1ts')}`;

/** The framework a build step makes the project (a tsc server keeps the framework it imports). */
export const builtFramework = (build: NodeBuild | undefined): string | undefined =>
  build?.kind === 'vite-static' ? 'vite' : build?.kind.startsWith('next-') ? 'next' : undefined;
