/**
 * Paths found in a project's code (a SQLite file, an upload folder) land in the Dockerfile (`mkdir`,
 * `chown -R`, `VOLUME`) and the .dockerignore. Each must be a plain relative path under the app
 * folder: segments of letters, digits, `_`, `.` and `-` (never starting with `-`, never `.` or `..`),
 * so no `$`, backtick, quote, space, glob or control character can reach a shell or a pattern, and no
 * path can name a folder outside /app (`chown -R` of /etc). Anything else is refused with one note.
 */

const SEGMENT = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

/** Whether `path` is a plain relative path under the app folder (see above). */
export function isPlainRelativePath(path: unknown): path is string {
  return (
    typeof path === 'string' &&
    path.length > 0 &&
    path.length <= 200 &&
    path.split('/').every((part) => SEGMENT.test(part) && part !== '.' && part !== '..')
  );
}

/** How a refused path is shown: escaped and short, on one line. */
export const shownPath = (path: unknown): string => {
  const text = JSON.stringify(String(path));
  return text.length > 80 ? `${text.slice(0, 77)}…"` : text;
};

/**
 * Keeps the plain relative paths of a list found in code, and says in one note per refused one that
 * it was ignored.
 */
export function keepPlainPaths(paths: readonly string[], notes: string[]): string[] {
  const kept: string[] = [];
  for (const path of paths) {
    if (isPlainRelativePath(path)) kept.push(path);
    else
      notes.push(
        `the code writes ${shownPath(path)} at run time, which is not a plain folder under the app folder (letters, digits, _ . - only): ignored; make it writable in the Dockerfile yourself, or use a folder such as data/`,
      );
  }
  return kept;
}
