/**
 * After `tsc`: bundles the compiled generators (dist/generators/NAME/index.js) with yeoman-generator and
 * its dependencies into one shared chunk, so `yo slim-docker` loads one file instead of some 400 modules
 * (importing yeoman-generator alone costs ~0.5 s; the bundle ~0.1 s). Our own core (dist/src/) stays as it
 * is, imported by the bundles from its own files: the bin and the generators share one copy of it, and
 * its paths (templates/, package.json) resolve as before. The sources under tsx and yeoman-test are not
 * affected: they never see dist/.
 */
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'generators');
const core = join(root, 'dist', 'src') + sep;
const entries = readdirSync(out)
  .filter((name) => statSync(join(out, name)).isDirectory() && name !== 'chunks')
  .map((name) => join(out, name, 'index.js'));

/** Imports of our core stay imports of its files, written relative to the bundle that makes them. */
const keepCore = {
  name: 'keep-core',
  setup(builder) {
    // Bundles and chunks all sit two folders below dist/ (dist/generators/NAME/, dist/generators/chunks/).
    builder.onResolve({ filter: /^\./ }, ({ path, resolveDir }) => {
      const target = resolve(resolveDir, path);
      if (!target.startsWith(core)) return undefined;
      return { path: `../../src/${relative(core, target).split(sep).join('/')}`, external: true };
    });
    // yeoman-generator reads its own package.json next to its dist folder; the bundle carries it inline.
    builder.onLoad({ filter: /yeoman-generator[\\/]dist[\\/]generator\.js$/ }, ({ path }) => {
      const pkg = readFileSync(join(dirname(path), '..', 'package.json'), 'utf8');
      const source = readFileSync(path, 'utf8').replace(
        /JSON\.parse\(readFileSync\(pathJoin\(_dirname, '\.\.\/package\.json'\), 'utf8'\)\)/,
        `(${pkg.trim()})`,
      );
      return { contents: source, loader: 'js' };
    });
  },
};

rmSync(join(out, 'chunks'), { recursive: true, force: true });
await build({
  entryPoints: entries,
  outdir: out,
  outbase: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  allowOverwrite: true,
  logLevel: 'warning',
  plugins: [keepCore],
  banner: {
    js: "import { createRequire as __slimCreateRequire } from 'node:module'; const require = __slimCreateRequire(import.meta.url);",
  },
});
// The generators' own modules (shared, part, …) now live inside the bundles: no file stays beside them.
for (const name of readdirSync(out)) if (statSync(join(out, name)).isFile()) rmSync(join(out, name));
for (const folder of readdirSync(out).filter((name) => name !== 'chunks')) {
  for (const name of readdirSync(join(out, folder))) if (name !== 'index.js') rmSync(join(out, folder, name));
}
