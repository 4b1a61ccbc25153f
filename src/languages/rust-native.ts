/**
 * Debian packages that `-sys` crates in Cargo.lock need: in the build stage (pkg-config and headers to
 * link a system library, or the tools a from-source build runs) and in a runtime image that lacks the
 * shared library the binary then loads. The builder is rust:*-slim-bookworm (gcc and libc6-dev only).
 * Only OpenSSL so far: the one measured here (libpq and libmysqlclient would need their libraries
 * and those libraries' own dependencies copied into distroless, untested).
 */

/** What one crate in the lock asks of the image. */
interface NativeNeed {
  /** The crate whose presence in Cargo.lock triggers it. */
  crate: string;
  /** ...unless this crate is in the lock too (it builds the library from source instead). */
  unless?: string;
  /** apt packages for the build stage. */
  build: readonly string[];
  /** apt packages the debian slim runtime lacks (distroless cc carries glibc, libgcc and libssl3). */
  slimRuntime: readonly string[];
  /** Why, as Dockerfile comment lines (under 100 columns with the '# '). */
  why: readonly string[];
}

const NEEDS: readonly NativeNeed[] = [
  {
    crate: 'openssl-sys',
    unless: 'openssl-src',
    build: ['pkg-config', 'libssl-dev'],
    slimRuntime: ['libssl3'],
    why: [
      'Cargo.lock has openssl-sys, which links the system OpenSSL: its build script finds the library',
      "with pkg-config and compiles against libssl-dev's headers.",
    ],
  },
  {
    // openssl's "vendored" feature: OpenSSL 3's Configure needs Perl modules that perl-base lacks
    // (FindBin, IPC::Cmd; "Can't locate FindBin.pm" here), then make; the library is linked in.
    crate: 'openssl-src',
    build: ['perl', 'make'],
    slimRuntime: [],
    why: [
      'Cargo.lock has openssl-src (openssl\'s "vendored" feature), which compiles OpenSSL from source:',
      'its Configure needs perl (perl-base lacks FindBin and IPC::Cmd), then make.',
    ],
  },
];

export interface NativePackages {
  /** apt packages for the build stage, in table order. */
  build: string[];
  /** apt packages for the slim runtime stage. */
  slimRuntime: string[];
  /** Dockerfile comment lines: why, per crate that asked for them. */
  reasons: string[];
}

/** What the locked packages need from Debian (empty lists when nothing). */
export function nativePackages(locked: ReadonlySet<string>): NativePackages {
  const found = NEEDS.filter((need) => locked.has(need.crate) && !(need.unless && locked.has(need.unless)));
  return {
    build: [...new Set(found.flatMap((need) => need.build))],
    slimRuntime: [...new Set(found.flatMap((need) => need.slimRuntime))],
    reasons: found.flatMap((need) => need.why),
  };
}

/**
 * Why the glibc build (one detection note): musl has no system OpenSSL to link, and building it for
 * musl (vendored, or a cross-built libssl) is the fragile path; bookworm's libssl3 is in distroless cc.
 */
export function nativeNote(packages: NativePackages): string | undefined {
  if (!packages.slimRuntime.includes('libssl3')) return undefined;
  return 'Cargo.lock has openssl-sys (the system OpenSSL): built for glibc with pkg-config and libssl-dev, run with libssl3 (distroless cc has it); a static musl build cannot link it (openssl\'s "vendored" feature would build it in)';
}
