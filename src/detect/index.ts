/** Folder → facts. Each language pack reads what it needs (bounded); nothing walks dependencies or VCS data. */
import { readdir } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { LANGUAGE_PACKS } from '../languages/index.js';
import type { DetectOptions } from '../languages/types.js';
import type { Facts, LanguageFacts } from '../model.js';
import { ProjectFiles } from './files.js';
import { isPlainRelativePath, keepPlainPaths } from './paths.js';
import { applyPlatform } from './platform-facts.js';
import { readPlatformFiles } from './platform-files.js';
import { chooseServable } from './servable.js';

/**
 * Entries that do not make a folder "a project": what a "create repository" button or `git init`
 * leaves (VCS data, .gitignore/.gitattributes, README, LICENSE, CHANGELOG and the other community
 * files, .github), editor and OS files, secrets and virtualenvs, and our own files.
 */
const NOT_PROJECT_FILES = new Set([
  '.git',
  '.hg',
  '.svn',
  '.gitignore',
  '.gitattributes',
  '.gitmodules',
  '.mailmap',
  '.github',
  '.gitlab',
  '.editorconfig',
  '.idea',
  '.vscode',
  '.DS_Store',
  'Thumbs.db',
  '.env',
  '.venv',
  'venv',
  'node_modules',
  // Cargo's (and Maven's) build output: a stale local build is no sign of a project by itself.
  'target',
  '.yo-rc.json',
  'Dockerfile',
  '.dockerignore',
  // slim-docker's own: a run's lock, and a team config committed beside the code.
  '.slim-docker.lock',
  '.slim-docker.json',
]);
/** Documentation and licence files in a text format: README.md, README.zh-CN.md, LICENSE, LICENCE.txt, CHANGELOG.rst, … */
const DOCS_FILE =
  /^(readme|licen[cs]e|copying|unlicense|changelog|changes|history|news|notice|authors|contributors|contributing|code_of_conduct|security|support|codeowners|maintainers)([-_.][a-z]{2}(?:[-_][a-z]{2})?(?=\.))?(\.(md|markdown|mdx|rst|txt|adoc|asciidoc|org|html?))?$/i;

/** Whether an entry of the folder is no sign of a project (see NOT_PROJECT_FILES). */
export const isNotProjectFile = (name: string): boolean => NOT_PROJECT_FILES.has(name) || DOCS_FILE.test(name);

/**
 * Every run-time state path any language found in the code is checked once, here: only plain relative
 * paths under the app folder reach the Dockerfile and .dockerignore (see paths.ts); the rest is a note.
 */
function plainStatePaths(facts: LanguageFacts): void {
  const notes: string[] = [];
  if (facts.statePaths) {
    const kept = keepPlainPaths(facts.statePaths, notes);
    if (kept.length) facts.statePaths = kept;
    else delete facts.statePaths;
  }
  const extra = facts.extra as { stateIgnore?: unknown } | undefined;
  if (extra && Array.isArray(extra.stateIgnore)) extra.stateIgnore = extra.stateIgnore.filter(isPlainRelativePath);
  if (notes.length) facts.notes = [...(facts.notes ?? []), ...notes];
}

export async function detect(
  folder: string,
  files = new ProjectFiles(resolve(folder)),
  options: DetectOptions = {},
): Promise<Facts> {
  const root = resolve(folder);
  let entries: string[] = [];
  try {
    entries = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const detected = (await Promise.all(LANGUAGE_PACKS.map((pack) => pack.detect(files, options)))).filter(
    (facts): facts is LanguageFacts => facts !== undefined,
  );
  for (const facts of detected) plainStatePaths(facts);
  // Platform files are language-neutral: read once, then joined to each language's facts.
  if (detected.length) {
    const platform = await readPlatformFiles(files);
    for (const facts of detected)
      applyPlatform(
        facts,
        platform,
        LANGUAGE_PACKS.find((pack) => pack.id === facts.language)!,
      );
  }
  // Several languages: the one that serves HTTP is the app (a package.json for prettier is tooling).
  const choice = chooseServable(detected);
  return {
    folderName: basename(root),
    empty: entries.every(isNotProjectFile),
    // Only an unambiguous match counts as detected; ambiguity is asked (or, with --yes, an error).
    language: detected.length === 1 ? detected[0].language : choice.language,
    detected,
    ...(choice.note ? { languageNote: choice.note } : {}),
  };
}

export { ProjectFiles } from './files.js';
