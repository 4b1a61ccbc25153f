/** Production dependencies that compile a native addon at install: they need a build stage with compilers. */

/**
 * Production dependencies that compile a native addon when no prebuilt binary fits: npm's lockfile
 * marks packages with install scripts (hasInstallScript), and an addon shows by its build helpers
 * (node-gyp-build, prebuild-install, bindings, node-addon-api, nan, node-pre-gyp).
 */
export function nativeDependencies(lockText: string | undefined): string[] {
  let lock: { packages?: Record<string, { dev?: boolean; hasInstallScript?: boolean; dependencies?: object }> };
  try {
    lock = JSON.parse(lockText ?? '{}');
  } catch {
    return [];
  }
  const helpers =
    /^(node-gyp-build|prebuild-install|bindings|node-addon-api|nan|@mapbox\/node-pre-gyp|node-pre-gyp|node-gyp)$/;
  return Object.entries(lock.packages ?? {})
    .filter(([path, entry]) => path && !entry.dev && entry.hasInstallScript)
    .filter(([, entry]) => Object.keys(entry.dependencies ?? {}).some((dep) => helpers.test(dep)))
    .map(([path]) => path.replace(/^.*node_modules\//, ''))
    .filter((name, index, all) => all.indexOf(name) === index)
    .sort();
}

/** Addons that compile with node-gyp when their prebuilt binary cannot be fetched (it comes from GitHub). */
const KNOWN_NATIVE_ADDONS =
  /^(sqlite3|better-sqlite3|bcrypt|argon2|canvas|node-sass|leveldown|classic-level|zeromq|sodium-native|re2|isolated-vm|@serialport\/bindings-cpp|usb|node-pty|microtime|libxmljs2?|kerberos)$/;

/** For pnpm, Yarn and Bun, whose lockfiles do not mark install scripts as npm's does: the known addons. */
export const knownNativeAddons = (dependencies: readonly string[]): string[] =>
  dependencies.filter((name) => KNOWN_NATIVE_ADDONS.test(name)).sort();
