/**
 * Cargo project detection (named files only): the root Cargo.toml ([package] and/or [workspace]),
 * each workspace member's manifest, Cargo.lock, the Rust version (rust-toolchain.toml, then
 * rust-version), the web framework from dependencies, the binaries and their sources, and a port.
 */
import { parse as parseToml } from 'smol-toml';
import { runtimeFilesIn, runtimeFilesNote, rustReferences } from './runtime-files.js';
import { folderAbove, type ProjectFiles } from '../detect/files.js';
import { nativeNote, nativePackages, type NativePackages } from './rust-native.js';
import { cargoConfigOf } from './rust-cargo-config.js';
import type { LanguageFacts } from '../model.js';

/** What Rust detection learns beyond the common facts: what the dependency layer needs to build. */
export interface RustExtra {
  /** Cargo.toml of every workspace member (the root's is always copied), relative paths. */
  memberManifests: string[];
  /** Target sources the dependency layer replaces with stubs: binaries get `fn main() {}`. */
  stubBins: string[];
  /** Library sources the dependency layer replaces with empty files. */
  stubLibs: string[];
  /** The project's own packages: cleaned after the stub build, so the real build compiles their code. */
  localPackages: string[];
  /** Binary name -> its main source file (the cache proof edits the server's). */
  bins: Record<string, string>;
  /** rust-toolchain.toml (or rust-toolchain): copied with the manifests, so both builds use one toolchain. */
  toolchainFile?: string;
  /** .cargo/config.toml (or .cargo/config): copied with the manifests, so both builds fetch from one source. */
  cargoConfig?: string;
  /**
   * Crates in Cargo.lock that link a C library of the build machine (openssl-sys without its vendored
   * copy, ...), each with what it needs: a static musl build has none of them, so it is refused.
   */
  systemLibraries: string[];
  /**
   * Cargo.lock holds the `cc` crate: a build script compiles C (ring, zstd-sys ...). For the musl target
   * cc looks for x86_64-linux-musl-gcc, which the static build then installs (Debian's musl-tools).
   */
  compilesC: boolean;
  /** Debian packages -sys crates in Cargo.lock need in the build stage and the slim runtime (rust-native.ts). */
  native: NativePackages;
}

/**
 * `-sys` crates that link the system's C library (found with pkg-config) unless a crate in the lock,
 * or a feature, builds it from source. The musl target cannot link bookworm's glibc-built libraries.
 */
const SYSTEM_LIBRARY_CRATES: readonly { crate: string; library: string; builtBy?: string; feature?: string }[] = [
  { crate: 'openssl-sys', library: 'OpenSSL', builtBy: 'openssl-src' },
  { crate: 'libsqlite3-sys', library: 'SQLite', feature: 'bundled' },
  { crate: 'pq-sys', library: 'libpq (PostgreSQL)', builtBy: 'pq-src' },
  { crate: 'mysqlclient-sys', library: 'libmysqlclient' },
];

/** The package names a Cargo.lock holds (none when it does not parse). */
export function lockedPackages(lockText: string): Set<string> {
  try {
    return new Set(list(table(parseToml(lockText)).package).map((pkg) => text(pkg.name) ?? ''));
  } catch {
    return new Set();
  }
}

/**
 * Which of SYSTEM_LIBRARY_CRATES the lockfile's packages hold with no source build: a package name,
 * and for a feature (which Cargo.lock does not record) its name in any of the project's manifests.
 */
export function systemLibrariesIn(names: ReadonlySet<string>, manifestTexts: readonly string[]): string[] {
  const feature = (name: string) => manifestTexts.some((manifest) => new RegExp(`["']${name}["']`).test(manifest));
  return SYSTEM_LIBRARY_CRATES.filter(
    (entry) =>
      names.has(entry.crate) &&
      !(entry.builtBy && names.has(entry.builtBy)) &&
      !(entry.feature && feature(entry.feature)),
  ).map((entry) => `${entry.crate} (links the system ${entry.library})`);
}

/** Frameworks by the dependency that gives them away, first match wins. */
const FRAMEWORKS: readonly [string, string][] = [
  ['axum', 'axum'],
  ['actix-web', 'actix-web'],
  ['rocket', 'rocket'],
];

/** Rocket's own default port (it reads ROCKET_PORT); the others have none. */
export const ROCKET_PORT = 8000;

type Table = Record<string, unknown>;
const table = (value: unknown): Table =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {};
const list = (value: unknown): Table[] => (Array.isArray(value) ? value.map(table) : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const join = (dir: string, rel: string) => (dir ? `${dir}/${rel}` : rel);

interface Package {
  dir: string;
  name: string;
  manifest: Table;
}

/** Members of `[workspace] members` (a `*` only as the last path segment, as nearly every workspace writes it). */
async function workspaceMembers(files: ProjectFiles, workspace: Table): Promise<string[]> {
  const excluded = new Set((Array.isArray(workspace.exclude) ? workspace.exclude : []).map(String));
  const members: string[] = [];
  for (const pattern of Array.isArray(workspace.members) ? workspace.members.map(String) : []) {
    const clean = pattern.replace(/^\.\//, '').replace(/\/$/, '');
    if (clean.includes('..')) continue;
    if (clean.endsWith('/*')) {
      const parent = clean.slice(0, -2);
      for (const name of await files.list(parent))
        if (name.endsWith('/')) members.push(join(parent, name.slice(0, -1)));
    } else if (!clean.includes('*')) members.push(clean);
  }
  const found: string[] = [];
  for (const member of members)
    if (!excluded.has(member) && !found.includes(member) && (await files.exists(`${member}/Cargo.toml`)))
      found.push(member);
  return found.slice(0, 50);
}

/** A package's targets: bins (name -> source), libs, and other declared targets that must exist to build. */
async function targetsOf(files: ProjectFiles, pkg: Package) {
  const bins: Record<string, string> = {};
  const libs: string[] = [];
  const others: string[] = [];
  const at = (rel: string) => join(pkg.dir, rel);
  const lib = table(pkg.manifest.lib);
  const libPath = text(lib.path) ?? ((await files.exists(at('src/lib.rs'))) ? 'src/lib.rs' : undefined);
  if (libPath) libs.push(at(libPath));
  for (const bin of list(pkg.manifest.bin)) {
    const name = text(bin.name);
    if (!name) continue;
    const path =
      text(bin.path) ??
      ((await files.exists(at(`src/bin/${name}/main.rs`))) ? `src/bin/${name}/main.rs` : `src/bin/${name}.rs`);
    bins[name] = at(path);
  }
  const autobins = table(pkg.manifest.package).autobins !== false;
  if (autobins) {
    if (!Object.values(bins).includes(at('src/main.rs')) && (await files.exists(at('src/main.rs'))))
      bins[pkg.name] ??= at('src/main.rs');
    for (const entry of await files.list(at('src/bin'))) {
      if (entry.endsWith('.rs')) bins[entry.slice(0, -3)] ??= at(`src/bin/${entry}`);
      else if (entry.endsWith('/') && (await files.exists(at(`src/bin/${entry}main.rs`))))
        bins[entry.slice(0, -1)] ??= at(`src/bin/${entry}main.rs`);
    }
  }
  // Explicit [[example]]/[[test]]/[[bench]] paths are checked when the manifest loads: the stub build
  // needs a file there too.
  for (const kind of ['example', 'test', 'bench'])
    for (const target of list(pkg.manifest[kind])) {
      const path = text(target.path);
      if (path) others.push(at(path));
    }
  // A build script (declared, or build.rs found) is stubbed too: its build-dependencies (prost-build,
  // cc …) then compile in the dependency layer, not again after every code edit.
  const build = table(pkg.manifest.package).build;
  if (typeof build === 'string') others.push(at(build));
  else if (build !== false && (await files.exists(at('build.rs')))) others.push(at('build.rs'));
  return { bins, libs, others };
}

/** The binary most likely to be the server: one that uses the framework, then a server-like name. */
function rankBins(bins: Record<string, string>, sources: Map<string, string>, framework: string | undefined) {
  const score = (name: string) => {
    const source = sources.get(bins[name]) ?? '';
    let points = 0;
    if (framework && source.includes(framework.replace('-', '_'))) points += 4;
    if (/\b(serve|HttpServer|launch|TcpListener)\b/.test(source)) points += 2;
    if (/^(server|api|web|app|http|service)$/.test(name) || /-(server|api|web)$/.test(name)) points += 1;
    return points;
  };
  return Object.keys(bins).sort((a, b) => score(b) - score(a));
}

/** A port the code uses: the default of a PORT-like variable, a bind literal, else none. */
function portOf(source: string): { port?: number; env?: string } {
  const envVar = /\bvar(?:_os)?\(\s*"((?:[A-Z][A-Z0-9_]*_)?PORT)"\s*\)/.exec(source)?.[1];
  const fromDefault = envVar
    ? new RegExp(`"${envVar}"[\\s\\S]{0,240}?unwrap_or(?:_else)?\\([^;]*?"?(\\d{2,5})"?`).exec(source)?.[1]
    : undefined;
  const literal =
    /"(?:0\.0\.0\.0|127\.0\.0\.1|localhost|\[::\])?:(\d{2,5})"/.exec(source)?.[1] ??
    /\(\s*"(?:0\.0\.0\.0|127\.0\.0\.1|localhost|::)"\s*,\s*(\d{2,5})\s*\)/.exec(source)?.[1] ??
    /\[\s*0\s*,\s*0\s*,\s*0\s*,\s*0\s*\]\s*,\s*(\d{2,5})\s*\)/.exec(source)?.[1];
  const value = Number(fromDefault ?? literal);
  return { port: value >= 1 && value <= 65535 ? value : undefined, env: envVar };
}

/** The toolchain a rust-toolchain(.toml) pins ("1.82", "1.82.0"; channels like stable say nothing). */
async function pinnedToolchain(files: ProjectFiles, top: string[]) {
  for (const file of ['rust-toolchain.toml', 'rust-toolchain']) {
    if (!top.includes(file)) continue;
    const raw = (await files.read(file)) ?? '';
    let channel: string | undefined;
    try {
      channel = text(table(table(parseToml(raw)).toolchain).channel);
    } catch {
      channel = raw.trim().split('\n')[0]; // the legacy file holds just the channel
    }
    return { file, version: /^(\d+\.\d+)(?:\.\d+)?$/.exec(channel ?? '')?.[1] };
  }
  return undefined;
}

const minorOf = (version: string) => Number(version.split('.')[1]);

export async function detectRust(
  files: ProjectFiles,
  versions: readonly string[],
  defaultVersion: string,
): Promise<LanguageFacts<RustExtra> | undefined> {
  const rootText = await files.read('Cargo.toml');
  if (rootText === undefined) return undefined;
  const facts: LanguageFacts<RustExtra> = {
    language: 'rust',
    evidence: ['Cargo.toml'],
    entrypoints: [],
    dependencyFiles: ['Cargo.toml'],
    packageManager: 'cargo',
    extraPackages: [],
    extra: {
      memberManifests: [],
      stubBins: [],
      stubLibs: [],
      localPackages: [],
      bins: {},
      systemLibraries: [],
      compilesC: false,
      native: nativePackages(new Set()),
    },
    problems: [],
  };
  let root: Table;
  try {
    root = parseToml(rootText) as Table;
  } catch (error) {
    facts.problems.push(`Cargo.toml is not valid TOML (${(error as Error).message.split('\n')[0]}): fix it first`);
    return facts;
  }
  const top = await files.list();
  if (top.includes('Cargo.lock')) facts.dependencyFiles.push('Cargo.lock');
  else {
    const workspace = await enclosingWorkspace(files.root);
    facts.problems.push(
      workspace
        ? `this package is a member of the Cargo workspace in ${workspace}, whose Cargo.lock pins it: run slim-docker there`
        : 'no Cargo.lock: run `cargo generate-lockfile` (and commit it), so the image builds with --locked exactly the dependency versions you tested',
    );
  }

  const packages: Package[] = [];
  const rootPackage = table(root.package);
  if (text(rootPackage.name)) packages.push({ dir: '', name: text(rootPackage.name)!, manifest: root });
  const workspace = table(root.workspace);
  for (const member of await workspaceMembers(files, workspace)) {
    const raw = await files.read(`${member}/Cargo.toml`);
    let manifest: Table;
    try {
      manifest = table(parseToml(raw ?? ''));
    } catch {
      facts.problems.push(`${member}/Cargo.toml is not valid TOML: fix it first`);
      continue;
    }
    const name = text(table(manifest.package).name);
    if (!name) continue;
    packages.push({ dir: member, name, manifest });
    facts.extra.memberManifests.push(`${member}/Cargo.toml`);
  }
  if (!packages.length) {
    facts.problems.push('Cargo.toml has no [package] and no workspace member with one: nothing to build');
    return facts;
  }
  facts.extra.localPackages = packages.map((pkg) => pkg.name);
  if (top.includes('Cargo.lock')) {
    const locked = lockedPackages((await files.read('Cargo.lock')) ?? '');
    facts.extra.compilesC = locked.has('cc');
    facts.extra.native = nativePackages(locked);
    facts.extra.systemLibraries = systemLibrariesIn(
      locked,
      [rootText, ...(await Promise.all(facts.extra.memberManifests.map((path) => files.read(path))))].map(
        (manifest) => manifest ?? '',
      ),
    );
  }

  // The framework: a direct dependency of any local package, or of the workspace.
  const dependencyNames = new Set([
    ...Object.keys(table(workspace.dependencies)),
    ...packages.flatMap((pkg) => Object.keys(table(pkg.manifest.dependencies))),
  ]);
  facts.framework = FRAMEWORKS.find(([dependency]) => dependencyNames.has(dependency))?.[1];

  // Targets: every binary is a candidate; every target file gets a stub in the dependency layer.
  const sources = new Map<string, string>();
  for (const pkg of packages) {
    const { bins, libs, others } = await targetsOf(files, pkg);
    for (const [name, path] of Object.entries(bins)) {
      facts.extra.bins[name] ??= path;
      const source = await files.read(path);
      if (source !== undefined) sources.set(path, source);
    }
    facts.extra.stubBins.push(...Object.values(bins), ...others);
    facts.extra.stubLibs.push(...libs);
  }
  facts.entrypoints = rankBins(facts.extra.bins, sources, facts.framework);
  if (!facts.entrypoints.length)
    facts.problems.push(
      'no binary target (src/main.rs, src/bin/NAME.rs or [[bin]]) in the package or its workspace members: nothing to run',
    );

  // Version: a pinned toolchain is exact; rust-version is a minimum (newer compilers build old code).
  const pinned = await pinnedToolchain(files, top);
  if (pinned) {
    facts.extra.toolchainFile = pinned.file;
    facts.dependencyFiles.push(pinned.file);
  }
  const rustVersion =
    text(rootPackage['rust-version']) ??
    text(table(workspace.package)['rust-version']) ??
    packages.map((pkg) => text(table(pkg.manifest.package)['rust-version'])).find(Boolean);
  if (pinned?.version) {
    if (versions.includes(pinned.version)) {
      [facts.runtimeVersion, facts.versionSource] = [pinned.version, pinned.file];
      facts.allowedVersions = { versions: [pinned.version], source: pinned.file };
    } else
      facts.problems.push(
        `${pinned.file} pins Rust ${pinned.version}, not one of the supported ${versions.join(', ')}: pin one of those (or remove the pin)`,
      );
  } else if (rustVersion) {
    const wanted = /^1\.(\d+)/.exec(rustVersion)?.[1];
    const fits = wanted ? versions.filter((version) => minorOf(version) >= Number(wanted)) : [];
    if (!fits.length)
      facts.problems.push(`rust-version ${rustVersion} is newer than the supported ${versions.join(', ')}`);
    else {
      [facts.runtimeVersion, facts.versionSource] = [
        fits.includes(defaultVersion) ? defaultVersion : fits[fits.length - 1],
        'Cargo.toml rust-version',
      ];
      facts.allowedVersions = { versions: fits, source: 'Cargo.toml rust-version' };
    }
  }

  // Port: the server binary's own source first, then Rocket's default.
  const serverSource = sources.get(facts.extra.bins[facts.entrypoints[0]] ?? '') ?? '';
  const { port, env } = portOf(serverSource);
  facts.port = port ?? (facts.framework === 'rocket' ? ROCKET_PORT : undefined);
  facts.portEnv = env ?? (facts.framework === 'rocket' ? 'ROCKET_PORT' : undefined);
  if (/"(?:127\.0\.0\.1|localhost)(?::\d+)?"/.test(serverSource))
    facts.notes = [
      `${facts.extra.bins[facts.entrypoints[0]]} binds 127.0.0.1: nothing outside the container can reach it; bind 0.0.0.0`,
    ];
  const native = nativeNote(facts.extra.native);
  if (native) (facts.notes ??= []).push(native);
  const cargoConfig = await cargoConfigOf(files);
  if (cargoConfig) {
    facts.extra.cargoConfig = cargoConfig.file;
    if (cargoConfig.note) (facts.notes ??= []).push(cargoConfig.note);
  }

  // Templates, assets and config read from the working directory at run time (include_str! is compiled in).
  const code = [...sources.values()];
  for (const rel of await files.find((path) => path.endsWith('.rs') && !sources.has(path), 3, 100))
    code.push((await files.read(rel)) ?? '');
  const runtime = await runtimeFilesIn(files, code.flatMap(rustReferences));
  if (runtime.length) {
    facts.runtimeFiles = runtime;
    (facts.notes ??= []).push(runtimeFilesNote(runtime, '/app'));
  }
  return facts;
}

/** A Cargo workspace root above this folder (its Cargo.toml has [workspace]); its Cargo.lock covers the members. */
const enclosingWorkspace = (root: string) =>
  folderAbove(root, async (files) => {
    const manifest = await files.read('Cargo.toml');
    if (manifest === undefined) return undefined;
    return /^\s*\[workspace\]/m.test(manifest) ? 'found' : 'stop';
  });
