/**
 * The one render path for every template (Dockerfile, .dockerignore, sample app, compose.yaml, CI
 * workflow): EJS with the escaping helpers, team/--templates overrides per file, and a check of what
 * was rendered (Dockerfiles and YAML must parse) before anything is written.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { parseDocument } from 'yaml';
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
 * Renders one file. With an overrides folder, a template found there replaces the built-in one (per
 * file); it goes through the same helpers and the same check, and a broken override is an error
 * naming the file and line.
 */
export async function renderFile(file: PlannedFile, overrides?: string): Promise<RenderedFile> {
  const override = overrides ? join(overrides, file.template) : undefined;
  const templatePath = override && existsSync(override) ? override : join(TEMPLATES_DIR, file.template);
  const field = templatePath === override ? '--templates' : 'template';
  const template = await readFile(templatePath, 'utf8');
  let contents: string;
  try {
    contents = ejs.render(
      template,
      // secretIgnore: the one list of secret shapes (src/secrets.ts) that the verifier also checks.
      { ...file.data, ...TEMPLATE_HELPERS, secretIgnore: SECRET_IGNORE_LINES },
      {
        filename: templatePath,
        async: false,
        // An include an override folder lacks falls back to the built-in one, like a whole template does;
        // an include outside both folders is refused (the trust hash covers only the templates folder).
        includer: (_original: string, parsed: string) => {
          const inside = (root: string) => resolve(parsed).startsWith(`${resolve(root)}/`);
          if (!inside(TEMPLATES_DIR) && !(overrides && inside(overrides)))
            throw new Error(`include of ${parsed} leaves the templates folder`);
          return {
            filename:
              overrides && !existsSync(parsed) && inside(overrides)
                ? join(TEMPLATES_DIR, resolve(parsed).slice(resolve(overrides).length))
                : parsed,
          };
        },
      },
    );
  } catch (error) {
    const message = (error as Error).message.split('\n');
    const line = /:(\d+)$/.exec(message[0])?.[1];
    throw new InputError(field, `${templatePath}${line ? `:${line}` : ''}: ${message[message.length - 1].trim()}`);
  }
  try {
    CHECKS[file.kind]?.(contents, file.destination);
  } catch (error) {
    throw new InputError(field, `${templatePath} renders an invalid ${(error as Error).message}`);
  }
  return { destination: file.destination, contents, kind: file.kind };
}

export async function renderAll(files: PlannedFile[], overrides?: string): Promise<RenderedFile[]> {
  return Promise.all(files.map((file) => renderFile(file, overrides)));
}
