/**
 * Dependencies that must be compiled on the way in: which build headers the build stage needs. This
 * table only decides the BUILD side (compilers and -dev packages); the runtime libraries of the final
 * image are found in the build stage itself, from what the built .so files link (see the template).
 */

/** Packages PyPI serves only as source for Linux, with the Debian -dev packages their build needs. */
export const NATIVE_BUILD_DEPS: Readonly<Record<string, readonly string[]>> = {
  psycopg2: ['libpq-dev'],
  mysqlclient: ['default-libmysqlclient-dev', 'pkg-config'],
  uwsgi: [],
  'python-ldap': ['libldap2-dev', 'libsasl2-dev'],
  pycairo: ['libcairo2-dev', 'pkg-config'],
  'dbus-python': ['libdbus-1-dev', 'libglib2.0-dev', 'pkg-config'],
};

/** What the build stage installs and why (the reasons are shown in the Dockerfile's comments). */
export interface NativeBuild {
  /** Debian packages besides build-essential, sorted. */
  packages: string[];
  /** e.g. "psycopg2 (no wheel on PyPI for Linux)". */
  reasons: string[];
}

/** Requirement lines that make pip build from source whatever the package (a source URL, --no-binary). */
const SOURCE_ONLY =
  /^\s*(?:--no-binary\b|(?:-e\s+)?(?:[\w.-]+\s*@\s*)?(?:git|hg|svn|bzr)\+|\S*\.(?:tar\.gz|tgz|zip)\b)/;

/**
 * Whether the dependencies need a compiler: known source-only packages (from the table) and, for
 * any other package, requirement lines that force a source build. Undefined when nothing compiles.
 */
export function nativeBuildFor(
  dependencyNames: readonly string[],
  requirementLines: readonly string[],
): NativeBuild | undefined {
  const packages = new Set<string>();
  const reasons: string[] = [];
  for (const name of new Set(dependencyNames)) {
    const headers = NATIVE_BUILD_DEPS[name];
    if (!headers) continue;
    headers.forEach((pkg) => packages.add(pkg));
    reasons.push(`${name} (source only on PyPI for Linux)`);
  }
  const forced = requirementLines
    .map((line) => line.replace(/\s#.*/, '').trim())
    .filter((line) => SOURCE_ONLY.test(line));
  if (forced.length) {
    packages.add('pkg-config');
    reasons.push(...forced.slice(0, 3).map((line) => `"${line.slice(0, 60)}" (built from source)`));
  }
  return reasons.length ? { packages: [...packages].sort(), reasons } : undefined;
}
