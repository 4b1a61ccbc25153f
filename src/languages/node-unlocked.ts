/**
 * A Node app with no lockfile at all. npm installs from package.json alone (`npm install --omit=dev`,
 * keyed on package.json), as @flydotio/dockerfile does: the image builds, but each build resolves the
 * newest versions the ranges allow, so the user is told once how to pin them. A build step (tsc, Vite,
 * Next.js) runs in stages that install from the lockfile: there it stays a problem.
 */

/** Writes package-lock.json from package.json without installing anything. */
export const LOCK_COMMAND = 'npm install --package-lock-only';

/** The production install without a lockfile: --no-save writes neither package.json nor a lockfile. */
export const UNLOCKED_INSTALL = 'npm install --omit=dev --no-save --no-audit --no-fund';

export const unlockedNote = (): string =>
  `no lockfile: the image runs \`npm install\` from package.json, so the build is not reproducible (each build may resolve newer versions); run \`${LOCK_COMMAND}\` and commit package-lock.json to pin them`;

export const unlockedBuildProblem = (): string =>
  `no lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock, bun.lock), and the build step installs from one: run \`${LOCK_COMMAND}\` so the image installs exactly what you tested`;
