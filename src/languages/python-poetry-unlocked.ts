/**
 * A Poetry project with no poetry.lock. Like a Node app without a lockfile (node-unlocked.ts), the
 * image builds anyway and the user is told once how to pin it. Poetry (already in the tools stage for
 * locked projects) runs `poetry lock` on a copy of pyproject.toml in /tmp, then exports the main group
 * as for a locked project, and uv installs that list. Why `poetry lock` and not the project's PEP 517
 * backend (`pip install .`): the backend needs the whole source tree, so every code edit would
 * re-resolve and reinstall every dependency; `poetry lock` reads pyproject.toml alone (package folders
 * and the readme need not exist), so the dependency layer is keyed on that one file and comes before
 * the source copy. It also resolves as the user's own `poetry install` does: caret ranges, groups
 * (dev stays out) and [[tool.poetry.source]] indexes.
 */

/** Writes poetry.lock from pyproject.toml. */
export const POETRY_LOCK_COMMAND = 'poetry lock';

/** Where the copy of pyproject.toml is locked: outside /app, so no poetry.lock lands in the image. */
const LOCK_DIR = '/tmp/poetry-lock';

/**
 * The shell that leaves the main group's requirements in /tmp/requirements.txt. No virtualenv is made
 * (lock only reads the interpreter); the legacy builder's Poetry cache is removed by the caller.
 */
export function poetryLockAndExport(poetry: string): string {
  const run = `POETRY_VIRTUALENVS_CREATE=false ${poetry} --directory ${LOCK_DIR}`;
  return [
    `mkdir -p ${LOCK_DIR}`,
    `cp pyproject.toml ${LOCK_DIR}/`,
    `${run} lock`,
    `${run} export --only main --without-hashes -f requirements.txt -o /tmp/requirements.txt`,
    `rm -rf ${LOCK_DIR}`,
  ].join(' && ');
}

export const poetryUnlockedNote = (): string =>
  `no poetry.lock: the image runs \`${POETRY_LOCK_COMMAND}\` on pyproject.toml at build time, so the build is not reproducible (each build may resolve newer versions); run \`${POETRY_LOCK_COMMAND}\` and commit poetry.lock to pin them`;

/**
 * A poetry.lock without `lock-version` (written by Poetry before 1.1, 2020): today's Poetry refuses to
 * read it ("The lock file is not compatible with the current version of Poetry"), so the build treats
 * the project as unlocked and says so. Undefined for a lock Poetry still reads.
 */
export function legacyPoetryLockNote(lockText: string | undefined): string | undefined {
  // Its [metadata] table has content-hash but no lock-version (a lock without [metadata] is no Poetry lock).
  if (!lockText || !/^\[metadata\]/m.test(lockText) || /^lock-version\s*=/m.test(lockText)) return undefined;
  return `poetry.lock has no lock-version (written by Poetry before 1.1), which today's Poetry cannot read: the image runs \`${POETRY_LOCK_COMMAND}\` on pyproject.toml at build time instead, so versions may differ from that lock; run \`${POETRY_LOCK_COMMAND}\` and commit the new poetry.lock to pin them`;
}
