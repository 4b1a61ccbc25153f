/**
 * Which pnpm installs a pnpm-lock.yaml when package.json has no "packageManager": the major that
 * writes its `lockfileVersion`. pnpm reads only its own lockfile major, so today's pnpm stops at a v6
 * lockfile with ERR_PNPM_BROKEN_LOCKFILE under --frozen-lockfile. The table (pnpm/spec#7, and
 * dependabot-core's lockfile → pnpm choice):
 *   5.3 (pnpm 6), 5.4 (pnpm 7)      → pnpm 7, which reads both
 *   6.0, 6.1 (pnpm 8)               → pnpm 8 (pnpm 9 converts v6 only without --frozen-lockfile; 10+ not at all)
 *   7.0 (pnpm 9 pre-releases)       → pnpm 9
 *   9.0 (pnpm 9 and every later one) → slim-docker's default pin
 * Each row pins the major's last release (`npm view pnpm@N version`); pnpm 7 and 8 were checked to
 * run on the node:26 image.
 */

const WRITERS: readonly { major: number; pnpm: string }[] = [
  { major: 5, pnpm: '7.33.7' },
  { major: 6, pnpm: '8.15.9' },
  { major: 7, pnpm: '9.15.9' },
];

/** The `lockfileVersion` at the top of pnpm-lock.yaml: '6.0' or 5.4 (older pnpm wrote it unquoted). */
export function pnpmLockfileVersion(lock: string | undefined): string | undefined {
  return /^lockfileVersion:\s*['"]?(\d+(?:\.\d+)?)['"]?\s*$/m.exec(lock ?? '')?.[1];
}

/** The pnpm release that reads this lockfile, when it is older than the default pin reads; else undefined. */
export function pnpmForLockfile(lockfileVersion: string | undefined): { version: string; major: number } | undefined {
  const major = Number(lockfileVersion?.split('.')[0]);
  const row = WRITERS.find((writer) => writer.major === major);
  return row ? { version: row.pnpm, major: Number(row.pnpm.split('.')[0]) } : undefined;
}

/** Where the version comes from, as the Dockerfile comment and the detection summary print it. */
export const lockfileSource = (lockfileVersion: string, major: number): string =>
  `pnpm-lock.yaml's lockfileVersion ${lockfileVersion}, which pnpm ${major} reads and newer pnpm refuses`;

/** The summary line: what was chosen, and the two ways out (pin it, or upgrade the lockfile). */
export const lockfileNote = (lockfileVersion: string, version: string): string =>
  `pnpm ${version} installs, not the newest: pnpm-lock.yaml is lockfileVersion ${lockfileVersion}, which pnpm ${version.split('.')[0]} reads and newer pnpm refuses with --frozen-lockfile (no "packageManager" in package.json says otherwise); pin it with "packageManager": "pnpm@${version}", or run \`pnpm install\` with a newer pnpm and commit the upgraded lockfile`;
