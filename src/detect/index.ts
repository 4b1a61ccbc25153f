/** Folder → facts. Reads only the top level of the folder: never walks dependencies or VCS data. */
import { readdir } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { LANGUAGE_PACKS } from './languages/index.js';
import type { Facts } from './options.js';

/** Entries that do not make a folder "a project": VCS data, editor folders and our own config. */
const NOT_PROJECT_FILES = new Set(['.git', '.hg', '.svn', '.yo-rc.json', '.DS_Store', '.idea', '.vscode']);

export async function detect(folder: string): Promise<Facts> {
  const root = resolve(folder);
  let entries: string[] = [];
  try {
    entries = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const own = entries.filter((name) => !NOT_PROJECT_FILES.has(name));
  const languages = LANGUAGE_PACKS.filter((pack) => pack.markerFiles.some((file) => own.includes(file)));
  return {
    folderName: basename(root),
    empty: own.length === 0,
    // Only an unambiguous match counts as detected; ambiguity is asked (or falls back to the default).
    language: languages.length === 1 ? languages[0].id : undefined,
  };
}
