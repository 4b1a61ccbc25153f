/** Renders planned files with EJS and checks each Dockerfile parses before anything is written. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { parseDockerfile } from './dockerfile-check.js';
import { InputError } from './errors.js';
import { execArg, execForm, word } from './dockerfile-values.js';
import type { PlannedFile } from './plan.js';

/** templates/ sits at the package root: two levels above dist/src/, one above src/ when run from source. */
export const PACKAGE_ROOT = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith(join('dist', 'src')) ? join(here, '..', '..') : join(here, '..');
})();
export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

/** A Python string literal (JSON strings are valid Python literals). */
const pyString = (value: unknown) => execArg(value);

/** A LABEL value: a double-quoted Dockerfile string, with `$` escaped so it is never expanded. */
const labelValue = (value: unknown) => execArg(value).replace(/\$/g, '\\$');

export const TEMPLATE_HELPERS = { execArg, execForm, word, pyString, labelValue };

export interface RenderedFile {
  destination: string;
  contents: string;
  kind: PlannedFile['kind'];
}

/**
 * Renders one file. With an overrides folder, a template found there replaces the built-in one (per
 * file); it goes through the same helpers and the same Dockerfile parse, and a broken override is an
 * error naming the file and line.
 */
export async function renderFile(file: PlannedFile, overrides?: string): Promise<RenderedFile> {
  const override = overrides ? join(overrides, file.template) : undefined;
  const templatePath = override && existsSync(override) ? override : join(TEMPLATES_DIR, file.template);
  const template = await readFile(templatePath, 'utf8');
  let contents: string;
  try {
    contents = ejs.render(template, { ...file.data, ...TEMPLATE_HELPERS }, { filename: templatePath, async: false });
  } catch (error) {
    const message = (error as Error).message.split('\n');
    const line = /:(\d+)$/.exec(message[0])?.[1];
    throw new InputError(templatePath === override ? '--templates' : 'template', `${templatePath}${line ? `:${line}` : ''}: ${message[message.length - 1].trim()}`);
  }
  if (file.kind === 'dockerfile') {
    try {
      parseDockerfile(contents, file.destination);
    } catch (error) {
      throw new InputError(templatePath === override ? '--templates' : 'template', `${templatePath} renders an invalid ${(error as Error).message}`);
    }
  }
  return { destination: file.destination, contents, kind: file.kind };
}

export async function renderAll(files: PlannedFile[], overrides?: string): Promise<RenderedFile[]> {
  return Promise.all(files.map((file) => renderFile(file, overrides)));
}
