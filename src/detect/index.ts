/** Folder → facts. Each language pack reads what it needs (bounded); nothing walks dependencies or VCS data. */
import { readdir } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { LANGUAGE_PACKS } from '../languages/index.js';
import type { Facts, LanguageFacts } from '../model.js';
import { ProjectFiles } from './files.js';

/** Entries that do not make a folder "a project": VCS data, secrets, editor folders and our own config. */
const NOT_PROJECT_FILES = new Set(['.git', '.hg', '.svn', '.yo-rc.json', '.DS_Store', '.idea', '.vscode', '.env', '.venv', 'venv', 'node_modules', 'README.md', '.gitignore', 'Dockerfile', '.dockerignore']);

export async function detect(folder: string, files = new ProjectFiles(resolve(folder))): Promise<Facts> {
  const root = resolve(folder);
  let entries: string[] = [];
  try {
    entries = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const detected = (await Promise.all(LANGUAGE_PACKS.map((pack) => pack.detect(files)))).filter((facts): facts is LanguageFacts => facts !== undefined);
  return {
    folderName: basename(root),
    empty: entries.every((name) => NOT_PROJECT_FILES.has(name)),
    // Only an unambiguous match counts as detected; ambiguity is asked (or, with --yes, an error).
    language: detected.length === 1 ? detected[0].language : undefined,
    detected,
  };
}

export { ProjectFiles } from './files.js';
