/** Renders planned files with EJS and checks each Dockerfile parses before anything is written. */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { parseDockerfile } from './dockerfile-check.js';
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

export const TEMPLATE_HELPERS = { execArg, execForm, word, pyString };

export interface RenderedFile {
  destination: string;
  contents: string;
  kind: PlannedFile['kind'];
}

export async function renderFile(file: PlannedFile, templatesDir = TEMPLATES_DIR): Promise<RenderedFile> {
  const templatePath = join(templatesDir, file.template);
  const template = await readFile(templatePath, 'utf8');
  const contents = ejs.render(template, { ...file.data, ...TEMPLATE_HELPERS }, { filename: templatePath, async: false });
  if (file.kind === 'dockerfile') parseDockerfile(contents, file.destination);
  return { destination: file.destination, contents, kind: file.kind };
}

export async function renderAll(files: PlannedFile[], templatesDir = TEMPLATES_DIR): Promise<RenderedFile[]> {
  return Promise.all(files.map((file) => renderFile(file, templatesDir)));
}
