/**
 * Merging our .dockerignore into a user's: their lines stay, in order; the essentials they lack and
 * the .gitignore entries that belong out of the image are added in one marked block (replaced, not
 * duplicated, on the next run); a negation re-includes any file the Dockerfile needs.
 */
import { isCredentialFile, SECRET_SHAPES, secretPath } from './secrets.js';
import { contextFilter } from './verify/context.js';

export const BLOCK_START = '# --- slim-docker: entries this file lacked (regenerated on each run) ---';
export const BLOCK_END = '# --- end slim-docker ---';

const patterns = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

/** .gitignore syntax → .dockerignore syntax (dockerignore anchors at the context root; gitignore does not). */
export function fromGitignore(line: string): string | undefined {
  let pattern = line.trim();
  if (!pattern || pattern.startsWith('#')) return undefined;
  // A negation is carried over (translated the same way) so what .gitignore keeps, the image keeps.
  if (pattern.startsWith('!')) {
    const kept = fromGitignore(pattern.slice(1));
    return kept && `!${kept}`;
  }
  pattern = pattern.replace(/\/+$/, '');
  if (!pattern) return undefined;
  if (pattern.startsWith('/')) return pattern.slice(1);
  // A slash inside anchors the pattern to the root in gitignore too; otherwise it matches at any depth.
  return pattern.includes('/') || pattern.startsWith('**') ? pattern : `**/${pattern}`;
}

export interface MergeInput {
  /** The user's .dockerignore, if any. */
  existing?: string;
  /** The one we would write. */
  ours: string;
  gitignore?: string;
  /** Files the Dockerfile copies or mounts: never excluded. */
  mustKeep: string[];
}

export function mergeDockerignore({ existing, ours, gitignore, mustKeep }: MergeInput): string {
  const userText = existing === undefined ? undefined : stripBlock(existing);
  const base = userText ?? ours;
  const present = new Set(patterns(base));
  const additions: string[] = [];
  const add = (pattern: string) => {
    if (!present.has(pattern) && !additions.includes(pattern)) additions.push(pattern);
  };
  if (userText !== undefined) for (const pattern of patterns(ours)) add(pattern);
  for (const line of (gitignore ?? '').split(/\r?\n/)) {
    const pattern = fromGitignore(line);
    // A gitignored file the Dockerfile needs (a lockfile, say) must still reach the builder; a .gitignore
    // negation never re-includes a secret (`!.env` in .gitignore keeps it in git, not in the image).
    if (pattern?.startsWith('!') && reincludesSecret(pattern)) continue;
    if (pattern && (pattern.startsWith('!') || !mustKeep.some((file) => contextFilter([pattern]).ignores(file))))
      add(pattern);
  }
  // The user's own negations keep their last word: a pattern added here after them (`**/.env` after
  // their `!.env`) would silently undo one. Each is repeated after the additions (and named as a
  // secret by the run when it lets one in).
  if (userText !== undefined && additions.length) {
    const negations = patterns(userText).filter((line) => line.startsWith('!'));
    const undone = negations.filter((line) => {
      const path = line.slice(1).replace(/^\//, '');
      const before = contextFilter(patterns(userText));
      return !before.ignores(path) && contextFilter([...patterns(userText), ...additions]).ignores(path);
    });
    for (const line of undone) additions.push(line);
  }
  const excludedNeeded = mustKeep.filter((file) => contextFilter([...patterns(base), ...additions]).ignores(file));
  for (const file of excludedNeeded) additions.push(`!${file}`);
  if (additions.length === 0) return ensureNewline(base);
  return `${ensureNewline(base)}\n${BLOCK_START}\n${additions.join('\n')}\n${BLOCK_END}\n`;
}

function stripBlock(text: string): string {
  const start = text.indexOf(BLOCK_START);
  if (start === -1) return text;
  const end = text.indexOf(BLOCK_END, start);
  const after = end === -1 ? '' : text.slice(end + BLOCK_END.length).replace(/^\r?\n/, '');
  return `${text.slice(0, start).replace(/\n+$/, '\n')}${after}`;
}

const ensureNewline = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);

/** Paths of every secret shape (the examples of src/secrets.ts), to test what a negation would let in. */
const SECRET_SAMPLES = SECRET_SHAPES.flatMap((shape) => shape.examples);

/** Whether a `!pattern` would re-include a secret-shaped path. */
export function reincludesSecret(negation: string): boolean {
  const pattern = negation.replace(/^!/, '');
  return SECRET_SAMPLES.some(
    (sample) =>
      contextFilter([pattern]).ignores(sample) && (secretPath(sample) !== undefined || isCredentialFile(sample)),
  );
}

/**
 * The project's secret-shaped files that a .dockerignore lets into the build context (e.g. through
 * a user's own `!.env`): the generator warns naming each, since the image would hold them.
 */
export function secretsLetIn(dockerignore: string, files: readonly string[]): string[] {
  const filter = contextFilter(dockerignore.split(/\r?\n/));
  return files.filter((file) => secretPath(file) !== undefined && !filter.ignores(file));
}
