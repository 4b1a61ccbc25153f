import { InputError } from '../errors.js';
import { binaryStart } from './start-command.js';
import type { LanguageFacts } from '../model.js';
import { detectRust, type RustExtra } from './rust-detect.js';
import { newFolderFrameworkProblem, sampleFilesOf, sampleFrameworksOf } from './samples.js';
import type { LanguagePack } from './types.js';
import { appendAtEnd } from './edit.js';
import { runtimeCopies } from './runtime-files.js';
import { nativePackages } from './rust-native.js';

export type { RustExtra } from './rust-detect.js';

/**
 * Runtime images of the final stage. The builder is rust:<version>-slim-bookworm. distroless and slim
 * run the usual glibc build (dynamically linked, so both are bookworm-based: glibc 2.36); static runs
 * a binary built for x86_64-unknown-linux-musl, which links everything in and needs no libc at all.
 */
const RUNTIME_IMAGES: Record<string, string> = {
  distroless: 'gcr.io/distroless/cc-debian12:nonroot',
  static: 'gcr.io/distroless/static-debian12:nonroot',
  slim: 'debian:bookworm-slim',
};

/** The target of the static build: rustup adds its std in the build stage, as with the official image. */
export const MUSL_TARGET = 'x86_64-unknown-linux-musl';

/**
 * A static musl build of a project that links a system C library cannot work (the musl target has no
 * such library), so that choice is refused at the edge, naming the crates, before anything is written.
 */
function staticBuildProblem(base: string, project: LanguageFacts<RustExtra> | undefined): void {
  const libraries = project?.extra.systemLibraries ?? [];
  if (base !== 'static' || !libraries.length) return;
  throw new InputError(
    '--base',
    `static cannot build this app: Cargo.lock has ${libraries.join(', ')}, which the musl target cannot link; choose distroless (glibc, the default) or slim, or build that library from source (e.g. openssl's "vendored", rusqlite's "bundled" feature)`,
  );
}

/** distroless ships the `nonroot` user (uid and gid 65532); slim gets the app user (10001). */
export const DISTROLESS_UID = 65532;

/** Oldest first. rust-version is a minimum: any of these at or above it builds the project. */
const VERSIONS = ['1.85', '1.86', '1.87', '1.88', '1.89', '1.90', '1.91', '1.92', '1.93', '1.94', '1.95'] as const;
const DEFAULT_VERSION = '1.95';
const DEFAULT_PORT = 8080;
/** The sample's binary (its Cargo.toml names it), the entry point answer for a new folder. */
const SAMPLE_BIN = 'server';
/** A Cargo target name: what `cargo build --bin NAME` takes. */
const BIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;

/** A Rust string literal (escapes only what Rust requires; controls as \u{..}). */
export function rustString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += char;
  }
  return `${out}"`;
}

/** The sample's package name from the app name (image names allow '.', crate names do not). */
export const crateName = (appName: string) => {
  const name = appName.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
  return /^[a-z]/.test(name) ? name : `app-${name}`;
};

/** What the dependency layer builds: the detected project's targets, or the sample's one binary. */
function buildPlan(appName: string, project: LanguageFacts<RustExtra> | undefined) {
  if (!project)
    return { memberManifests: [], stubBins: ['src/main.rs'], stubLibs: [], localPackages: [crateName(appName)] };
  const { memberManifests, stubBins, stubLibs, localPackages } = project.extra;
  return { memberManifests, stubBins: [...new Set(stubBins)], stubLibs: [...new Set(stubLibs)], localPackages };
}

export const rust: LanguagePack<RustExtra, 'rust'> = {
  id: 'rust',
  label: 'Rust',
  frameworks: ['axum', 'actix-web', 'rocket'],
  sampleFrameworks: sampleFrameworksOf('rust'),
  defaultFramework: 'axum',
  versions: VERSIONS,
  defaultVersion: DEFAULT_VERSION,
  versionForm: 'X.Y',
  defaultPort: DEFAULT_PORT,
  bases: [
    {
      id: 'distroless',
      hint: 'distroless cc, ~22 MB: glibc, libgcc, CA certificates, tzdata and a nonroot user, no shell (recommended)',
    },
    {
      id: 'static',
      hint: 'distroless static, ~2 MB: a static musl binary (no libc needed), CA certificates, tzdata, a nonroot user; not for crates linking C libraries',
    },
    { id: 'slim', hint: 'Debian bookworm slim, ~75 MB: a shell and apt when the image must be inspected or extended' },
  ],
  defaultBase: 'distroless',
  baseImage: (_version, base) => RUNTIME_IMAGES[base],
  files: () => [
    { template: 'rust/Dockerfile.ejs', destination: 'Dockerfile', kind: 'dockerfile' },
    { template: 'rust/dockerignore.ejs', destination: '.dockerignore', kind: 'dockerignore' },
  ],
  sampleFiles: (answers) => sampleFilesOf('rust', answers.framework),
  templateData: (answers, project) => {
    staticBuildProblem(answers.base, project);
    return {
      ...buildPlan(answers.appName, project),
      // The static base runs a musl binary: cargo builds for that target (its output under target/<triple>/).
      muslTarget: answers.base === 'static' ? MUSL_TARGET : undefined,
      compilesC: project?.extra.compilesC ?? false,
      // Debian packages for -sys crates (OpenSSL): build stage, and the slim runtime's shared libraries.
      native: project?.extra.native ?? nativePackages(new Set()),
      crateName: crateName(answers.appName),
      rustString,
      toolchainFile: project?.extra.toolchainFile,
      cargoConfig: project?.extra.cargoConfig,
      runtimeImage: RUNTIME_IMAGES[answers.base],
      // Templates, assets and config the binary reads from /app at run time.
      runtimeCopies: runtimeCopies(project?.runtimeFiles),
      distrolessUid: DISTROLESS_UID,
      binary: '/usr/local/bin/app',
      bin: answers.entrypoint || SAMPLE_BIN,
      // PORT always (the probe and the sample read it), and the project's own variable when it differs.
      portEnvs: [...new Set(['PORT', ...(project?.portEnv ? [project.portEnv] : [])])],
    };
  },
  // Like the Node sample's lockfile: Cargo.lock is made on the host from the written Cargo.toml, so
  // the image builds (--locked) exactly the dependency versions that were resolved and tested.
  sampleInstall: {
    command: ['cargo', 'generate-lockfile'],
    purpose: 'create Cargo.lock, so the image builds exactly the resolved dependency versions (--locked)',
    creates: 'Cargo.lock',
  },
  detect: (files) => detectRust(files, VERSIONS, DEFAULT_VERSION),
  samplePackageManager: 'cargo',
  sampleEntrypoint: SAMPLE_BIN,
  entrypointForm: 'the name of the binary target to run (cargo build --bin NAME), e.g. server',
  checkEntrypoint: (value) => (BIN_NAME.test(value) ? undefined : 'is not a Cargo binary target name'),
  // Best first; the cache proof edits the first that exists. A workspace member's bin usually lives
  // in a folder of its own name.
  entryFiles: (bin) => [
    `src/bin/${bin}.rs`,
    `src/bin/${bin}/main.rs`,
    `${bin}/src/main.rs`,
    `crates/${bin}/src/main.rs`,
    'src/main.rs',
  ],
  frameworkProblem: (framework, project) => newFolderFrameworkProblem('rust', 'Rust', framework, project),
  portFor: (framework) => (framework === 'rocket' ? 8000 : DEFAULT_PORT),
  startCommand: (argv, _port, project) =>
    binaryStart(argv, ['app', ...Object.keys(project?.extra.bins ?? {})], 'cargo'),
  markerFiles: ['Cargo.toml', 'Cargo.lock'],
  lint: {
    // `cargo fetch` after `COPY . .` downloads every crate again on each edit. (`cargo build` there
    // is the normal code build, like `go build`, so it is not flagged.)
    dependencyInstall: /\bcargo fetch\b/,
    devServers: [
      [
        /\bcargo"?,?\s*"?(run|watch)\b/,
        'cargo run compiles at every start and ships the toolchain; run the built binary',
      ],
    ],
  },
  sample: {
    greetingFile: 'src/main.rs',
    greeting: (appName) => `Hello from ${appName}!`,
  },
  verification: {
    // Ours: the stub build (it ends with `cargo clean -p`; the real build after `COPY . .` does not
    // clean). A user's Dockerfile made with cargo-chef: `cargo chef cook`.
    dependencyStep: /\bcargo build\b[\s\S]*\bcargo clean\b|\bcargo chef cook\b/,
    entrySourceFiles: ['src/main.rs'],
    commentPrefix: '//',
    smokePath: '/',
    healthPath: '/health',
    // axum .route("/x", …), actix #[get("/x")] / .route("/x", …), rocket #[get("/x")].
    routes: /(?:\.route\(\s*|#\[(?:get|post|route)\(\s*)"(\/[^"{:*<]*)"/g,
    sourceExtension: '.rs',
    // A comment compiles to the same binary: the edit must reach it. An exported, #[used] static
    // holding the marker is kept by compiler and linker, and changes nothing the app does.
    // Laid out as rustfmt keeps it (one blank line before, one line under 100 columns).
    editSource: (text, marker) =>
      appendAtEnd(
        text,
        [
          '#[used]',
          '#[unsafe(no_mangle)]',
          `pub static SLIM_DOCKER_VERIFY_EDIT: [u8; ${Buffer.byteLength(marker)}] = *b${JSON.stringify(marker)};`,
        ],
        1,
      ),
  },
};
