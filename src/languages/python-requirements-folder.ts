/**
 * Requirements kept in a `requirements/` folder instead of a top-level requirements.txt: Django and
 * cookiecutter projects (requirements/base.txt, production.txt, local.txt, test.txt) and name-only
 * files (falcon's examples/look: requirements/look beside requirements/test). The image installs the
 * production set, chosen by one rule: the first of PRODUCTION_SETS present, else the only set that is
 * not for development; development sets are never chosen. Its `-r base.txt` includes are followed as
 * for any requirements file (python-detect.ts), relative to the folder, so pip finds them in the image.
 */
import type { ProjectFiles } from '../detect/files.js';

export const FOLDER = 'requirements';

/** Production sets, most specific first: production.txt usually includes base.txt and adds the server. */
export const PRODUCTION_SETS = ['production', 'prod', 'base', 'main', 'common', 'default', 'requirements'];

/** Sets for development, tests, docs and tooling: never installed in the image. */
const DEVELOPMENT =
  /^(dev|develop|development|local|test|tests|testing|ci|docs?|lint|linting|style|typing|mypy|tox|coverage|debug|tools?)([-_.].*)?$/i;

export interface FolderChoice {
  /** The chosen file, e.g. "requirements/production.txt". */
  file?: string;
  /** Said with what was detected: which set, and which were left out. */
  note?: string;
  /** Several sets and no rule picks one. */
  problem?: string;
}

/** "base.txt" → "base"; "look" → "look"; anything else (.in sources of pip-tools, README.md) → undefined. */
function setName(entry: string): string | undefined {
  if (entry.endsWith('/')) return undefined;
  if (entry.endsWith('.txt')) return entry.slice(0, -4);
  return /^[\w-]+$/.test(entry) ? entry : undefined;
}

/** The production requirements file of a project's requirements/ folder, when it has one. */
export function chooseRequirementsSet(entries: readonly string[]): FolderChoice {
  const sets = entries.flatMap((entry) => {
    const name = setName(entry);
    return name ? [{ entry, name }] : [];
  });
  const candidates = sets.filter((set) => !DEVELOPMENT.test(set.name));
  if (!candidates.length) return {};
  const chosen =
    PRODUCTION_SETS.map((name) => candidates.find((set) => set.name.toLowerCase() === name)).find(Boolean) ??
    (candidates.length === 1 ? candidates[0] : undefined);
  if (!chosen)
    return {
      problem: `${FOLDER}/ holds several requirement sets (${candidates.map((set) => set.entry).join(', ')}) and none is named ${PRODUCTION_SETS.slice(0, 3).join(', ')}: add a requirements.txt holding \`-r ${FOLDER}/NAME\` for the one production installs`,
    };
  const others = sets.filter((set) => set !== chosen).map((set) => set.entry);
  const file = `${FOLDER}/${chosen.entry}`;
  return {
    file,
    note: `dependencies: ${file}, the production set of ${FOLDER}/${others.length ? ` (not ${others.join(', ')})` : ''}`,
  };
}

export async function requirementsFolder(files: ProjectFiles, top: readonly string[]): Promise<FolderChoice> {
  return top.includes(`${FOLDER}/`) ? chooseRequirementsSet(await files.list(FOLDER)) : {};
}

/**
 * The folder's file when nothing else declares the dependencies (pyproject.toml's or a Pipfile's come
 * first), its note or problem said once.
 */
export function folderFallback(
  folder: FolderChoice,
  otherDeclared: boolean,
  problems: string[],
  notes: string[],
): string | undefined {
  if (otherDeclared) return undefined;
  if (folder.note) notes.push(folder.note);
  if (folder.problem) problems.push(folder.problem);
  return folder.file;
}
