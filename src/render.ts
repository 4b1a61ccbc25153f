/**
 * The one render path for every template (Dockerfile, .dockerignore, sample app, compose.yaml, CI
 * workflow): EJS with the escaping helpers, team/--templates overrides per file, and a check of what
 * was rendered (Dockerfiles and YAML must parse) before anything is written.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { parseDocument } from 'yaml';
import { sha256, templateFiles, visible } from './config-trust.js';
import { parseDockerfile } from './dockerfile-check.js';
import { InputError } from './errors.js';
import { TEMPLATE_HELPERS } from './escape.js';
import { SECRET_IGNORE_LINES } from './secrets.js';
import type { FileKind } from './languages/types.js';
import type { PlannedFile } from './plan.js';

/** templates/ sits at the package root: two levels above dist/src/, one above src/ when run from source. */
export const PACKAGE_ROOT = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith(join('dist', 'src')) ? join(here, '..', '..') : join(here, '..');
})();
export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

export interface RenderedFile {
  destination: string;
  contents: string;
  kind: FileKind;
}

/** Parses rendered YAML (a template bug must never reach disk) and returns it as plain data. */
export function parseYaml(text: string, fileName: string): unknown {
  const document = parseDocument(text, { uniqueKeys: true });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) throw new Error(`${fileName}: rendered YAML does not parse: ${problem.message}`);
  return document.toJS();
}

const CHECKS: Partial<Record<FileKind, (contents: string, destination: string) => unknown>> = {
  dockerfile: parseDockerfile,
  yaml: parseYaml,
};

/**
 * The one folder templates are rendered from, and the only folder an `include()` may reach. Without
 * overrides it is the built-in folder. With an overrides folder it is a private copy: the built-in
 * templates, then every file of the overrides folder on top (exactly the files `templateFiles` lists,
 * the set a team config's trust hashes; symlinks copied as their content). So an override replaces any
 * single template, a partial it lacks falls back to the built-in one (and a built-in template includes
 * an overridden partial), and nothing outside the view can be rendered: relative includes that climb
 * out (`..`), absolute ones (resolved under the view, ejs's `root`) and `views` lookups are refused.
 */
export interface TemplateView {
  dir: string;
  /** Where a template of the view came from (an override file, or the built-in one), for messages. */
  origin(template: string): { path: string; override: boolean };
  close(): void;
}

/**
 * An overrides folder (`--templates DIR`: the user's own), or a trusted team config's folder with the
 * SHA-256 of each file as trusted: the view then holds exactly those bytes, or the render is refused.
 */
export type Overrides = string | { dir: string; hashes?: Record<string, string> };

export function openView(given?: Overrides): TemplateView {
  const builtIn = (template: string) => ({ path: join(TEMPLATES_DIR, template), override: false });
  const overrides = typeof given === 'string' ? given : given?.dir;
  const hashes = typeof given === 'string' ? undefined : given?.hashes;
  if (!overrides || !existsSync(overrides) || !statSync(overrides).isDirectory())
    return { dir: TEMPLATES_DIR, origin: builtIn, close: () => undefined };
  const files = new Set(templateFiles(overrides, '--templates'));
  if (hashes) {
    const trusted = Object.keys(hashes).map((name) => name.slice('templates/'.length));
    const differ = [...new Set([...trusted, ...files])].filter(
      (file) => !(files.has(file) && file in hashesByFile(hashes)),
    );
    if (differ.length) throw changedSinceTrust(overrides, differ);
  }
  const dir = mkdtempSync(join(tmpdir(), 'slim-docker-templates-'));
  const close = () => rmSync(dir, { recursive: true, force: true });
  try {
    cpSync(TEMPLATES_DIR, dir, { recursive: true });
    for (const file of files) {
      const target = join(dir, file);
      try {
        rmSync(target, { recursive: true, force: true });
        mkdirSync(dirname(target), { recursive: true });
        // The bytes read once: hashed against the trust (if any), then written into the view.
        const bytes = readFileSync(join(overrides, file));
        if (hashes && sha256(bytes) !== hashes[`templates/${file}`]) throw changedSinceTrust(overrides, [file]);
        writeFileSync(target, bytes);
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw new InputError(
          '--templates',
          `${join(overrides, file)} cannot be used as a template (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        );
      }
    }
  } catch (error) {
    close();
    throw error;
  }
  return {
    dir,
    origin: (template) =>
      files.has(template) ? { path: join(overrides, template), override: true } : builtIn(template),
    close,
  };
}

const hashesByFile = (hashes: Record<string, string>) =>
  Object.fromEntries(Object.entries(hashes).map(([name, hash]) => [name.slice('templates/'.length), hash]));

const changedSinceTrust = (dir: string, files: string[]) =>
  new InputError(
    '--templates',
    `${visible(dir)} changed after you trusted it, during this run (${files.map(visible).join(', ')}); nothing was written: rerun to review it`,
  );

const insideDir = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
};

/**
 * Renders one file from a view (see openView). It goes through the same helpers and the same check
 * whether built-in or overridden, and a broken template is an error naming the file and line.
 */
function renderFrom(view: TemplateView, file: PlannedFile): RenderedFile {
  const { path: origin, override } = view.origin(file.template);
  const field = override ? '--templates' : 'template';
  const templatePath = join(view.dir, file.template);
  const shown = (text: string) => text.split(`${view.dir}${sep}`).join('');
  let contents: string;
  try {
    const template = readFileSync(templatePath, 'utf8');
    contents = ejs.render(
      template,
      // secretIgnore: the one list of secret shapes (src/secrets.ts) that the verifier also checks.
      { ...file.data, ...TEMPLATE_HELPERS, secretIgnore: SECRET_IGNORE_LINES },
      {
        filename: templatePath,
        async: false,
        cache: false,
        // An absolute include resolves under the view, never from the file-system root.
        root: view.dir,
        views: [],
        includer: (original: string, parsed: string | undefined) => {
          const what = `include of ${JSON.stringify(original)}`;
          if (parsed !== undefined && !insideDir(view.dir, resolve(parsed)))
            throw new Error(`${what} leaves the templates folder`);
          if (parsed === undefined || !existsSync(parsed) || !statSync(parsed).isFile())
            throw new Error(`${what}: no such template in the templates folder or the built-in templates`);
          return { filename: parsed };
        },
      },
    );
  } catch (error) {
    const message = (error as Error).message.split('\n');
    const line = /:(\d+)$/.exec(message[0])?.[1];
    throw new InputError(
      field,
      `${visible(origin)}${line ? `:${line}` : ''}: ${shown(message[message.length - 1].trim())}`,
    );
  }
  try {
    CHECKS[file.kind]?.(contents, file.destination);
  } catch (error) {
    throw new InputError(field, `${visible(origin)} renders an invalid ${(error as Error).message}`);
  }
  return { destination: file.destination, contents, kind: file.kind };
}

/** Renders one file; with an overrides folder, a template found there replaces the built-in one. */
export async function renderFile(file: PlannedFile, overrides?: Overrides): Promise<RenderedFile> {
  return (await renderAll([file], overrides))[0];
}

export async function renderAll(files: PlannedFile[], overrides?: Overrides): Promise<RenderedFile[]> {
  const view = openView(overrides);
  try {
    return files.map((file) => renderFrom(view, file));
  } finally {
    view.close();
  }
}
