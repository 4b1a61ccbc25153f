import { InputError } from '../errors.js';
import { binaryStart } from './start-command.js';
import type { Answers } from '../model.js';
import {
  detectGo,
  GO_DEFAULT_PORT,
  GO_DEFAULT_VERSION,
  GO_FRAMEWORKS,
  GO_ROUTES,
  GO_VERSIONS,
  type GoExtra,
  type GoFacts,
} from './go-detect.js';
import { CGO_ONLY_MODULES, isModuleOf } from './go-modules.js';
import { newFolderFrameworkProblem, sampleFilesOf, sampleFrameworksOf } from './samples.js';
import type { LanguagePack } from './types.js';
import { appendAtEnd } from './edit.js';
import { runtimeCopies } from './runtime-files.js';

export type { GoExtra } from './go-detect.js';
export { CGO_ONLY_MODULES } from './go-modules.js';
export { detectGo } from './go-detect.js';

/**
 * Runtime images of the final stage. The builder is golang:<version> (Debian-based); the static
 * binary (CGO_ENABLED=0) runs on any of these.
 */
const RUNTIME_IMAGES: Record<string, string> = {
  distroless: 'gcr.io/distroless/static-debian12:nonroot',
  scratch: 'scratch',
  alpine: 'alpine:3.24',
  slim: 'debian:trixie-slim',
};

/**
 * A cgo binary links glibc dynamically, so the runtime must carry a glibc at least as new as the
 * builder's: golang:X-trixie (glibc 2.41) pairs with Debian 13 images. (A trixie-built binary can ask
 * for GLIBC_2.38+ symbols that bookworm's 2.36 in distroless/*-debian12 lacks.) The builder's tag
 * names the release, so the pair holds when golang's default Debian moves on.
 */
const CGO_BUILDER_SUFFIX = '-trixie';
const CGO_RUNTIME_IMAGES: Record<string, { c: string; cxx: string }> = {
  distroless: { c: 'gcr.io/distroless/base-debian13:nonroot', cxx: 'gcr.io/distroless/cc-debian13:nonroot' },
  slim: { c: 'debian:trixie-slim', cxx: 'debian:trixie-slim' },
};

/** The runtime image for the answers: the static one, or the glibc one a cgo build needs. */
function runtimeImageFor(answers: Answers, project: GoFacts | undefined): string {
  const cgo = project?.extra.cgo;
  if (!cgo) return RUNTIME_IMAGES[answers.base];
  const images = CGO_RUNTIME_IMAGES[answers.base];
  if (!images)
    throw new InputError(
      '--base',
      `${answers.base} cannot run this app: it needs cgo (${cgo.reasons.join('; ')}), so the binary links glibc; choose distroless (its base image) or slim`,
    );
  return cgo.cxx ? images.cxx : images.c;
}

/**
 * Reads the build info every Go binary carries (`go version -m` shows the same text): a binary built
 * with CGO_ENABLED=0 that has a cgo-only module compiled in compiles, then fails on first use.
 */
export function cgoProblem(binary: Buffer): string | undefined {
  const text = binary.toString('latin1');
  if (!text.includes('\tCGO_ENABLED=0')) return undefined;
  const compiledIn = [...text.matchAll(/\n(?:dep|=>)\t(\S+)\t/g)].map((match) => match[1]);
  const found = CGO_ONLY_MODULES.filter((module) => compiledIn.some((path) => isModuleOf(path, module)));
  if (!found.length) return undefined;
  return `the binary was built with CGO_ENABLED=0, but ${found.join(', ')} needs cgo (it compiles to a stub that fails at run time): build with CGO_ENABLED=1 on a glibc runtime (distroless/base or debian slim)`;
}

/** distroless ships the `nonroot` user (uid and gid 65532); the other bases get the app user (10001). */
export const DISTROLESS_UID = 65532;

/** Production defaults a framework reads from the environment, each with why (shown in the Dockerfile). */
const FRAMEWORK_ENV: Record<string, { name: string; value: string; why: string }[]> = {
  gin: [
    {
      name: 'GIN_MODE',
      value: 'release',
      why: 'gin starts in debug mode (route dump, warnings, debug logging) unless GIN_MODE=release',
    },
  ],
};

/** "." or "./cmd/server": a main package inside the module, relative to go.mod. */
const ENTRYPOINT = /^\.(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

/** Directories (relative to WORKDIR) holding the files the app writes: "." for a file next to it. */
const stateDirsOf = (paths: readonly string[]) =>
  [...new Set(paths.map((path) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.')))].sort();

export const go: LanguagePack<GoExtra, 'go'> = {
  id: 'go',
  label: 'Go',
  frameworks: ['net/http', ...GO_FRAMEWORKS.map((framework) => framework.id)],
  sampleFrameworks: sampleFrameworksOf('go'),
  defaultFramework: 'net/http',
  // Go supports the two newest releases; older ones stay selectable for projects pinned to them.
  versions: GO_VERSIONS,
  defaultVersion: GO_DEFAULT_VERSION,
  versionForm: 'X.Y',
  defaultPort: GO_DEFAULT_PORT,
  bases: [
    {
      id: 'distroless',
      hint: 'distroless static, ~2 MB: CA certificates, tzdata and a nonroot user, no shell (recommended)',
    },
    {
      id: 'scratch',
      hint: 'empty, smallest: only the binary, CA certificates and a passwd entry; no shell, no tzdata',
    },
    { id: 'alpine', hint: '~8 MB with a shell and apk for debugging; musl does not matter for a static binary' },
    { id: 'slim', hint: 'Debian slim, ~80 MB: a shell and apt when the image must be inspected or extended' },
  ],
  defaultBase: 'distroless',
  baseImage: (_version, base) => RUNTIME_IMAGES[base],
  files: () => [
    { template: 'go/Dockerfile.ejs', destination: 'Dockerfile', kind: 'dockerfile' },
    { template: 'go/dockerignore.ejs', destination: '.dockerignore', kind: 'dockerignore' },
  ],
  sampleFiles: (answers) => sampleFilesOf('go', answers.framework),
  templateData: (answers, project) => {
    const cgo = project?.extra.cgo;
    const portEnv = project?.portEnv ?? 'PORT';
    return {
      buildSecrets: project?.extra.buildSecrets ?? [],
      runtimeImage: runtimeImageFor(answers, project),
      cgo,
      builderSuffix: cgo ? CGO_BUILDER_SUFFIX : '',
      distrolessUid: DISTROLESS_UID,
      binary: '/usr/local/bin/app',
      // The main package `go build` compiles: "." (the sample) or e.g. "./cmd/server".
      buildTarget: answers.entrypoint || '.',
      // The variable the app reads its port from (PORT unless the code says otherwise), in the form it expects.
      portEnv,
      portEnvFound: project?.portEnv !== undefined,
      codePort: project?.extra.codePort,
      portValue: `${project?.extra.portEnvIsAddress ? ':' : ''}${answers.port}`,
      stateDirs: stateDirsOf(project?.statePaths ?? []),
      // Templates, static files and config the binary reads from /app at run time.
      runtimeCopies: runtimeCopies(project?.runtimeFiles, stateDirsOf(project?.statePaths ?? [])),
      statePaths: project?.statePaths ?? [],
      // The app's own health route, when it has one, must answer 2xx/3xx (any route but a 5xx otherwise).
      ...(project?.extra.healthRoute ? { healthPath: project.extra.healthRoute, healthBelow: 400 } : {}),
      frameworkEnv: FRAMEWORK_ENV[answers.framework] ?? [],
    };
  },
  detect: detectGo,
  samplePackageManager: 'go',
  sampleEntrypoint: '.',
  entrypointForm: 'the main package relative to go.mod: . or ./cmd/NAME',
  checkEntrypoint: (value) =>
    ENTRYPOINT.test(value) && !value.split('/').includes('..')
      ? undefined
      : 'is not a main package path inside the module',
  entryFiles: (entrypoint) => {
    const dir = entrypoint.replace(/^\.\/?/, '');
    return [dir ? `${dir}/main.go` : 'main.go'];
  },
  frameworkProblem: (framework, project) => newFolderFrameworkProblem('go', 'Go', framework, project),
  portFor: () => GO_DEFAULT_PORT,
  // The image's binary is /usr/local/bin/app; a Procfile names it where its build left it (bin/NAME) or
  // by the name `go install` gives it (Heroku's Go buildpack: `web: go-getting-started`).
  startCommand: (argv, _port, project) =>
    binaryStart(argv, ['app', ...(project?.extra.binaryName ? [project.extra.binaryName] : [])], 'go'),
  markerFiles: ['go.mod'],
  lint: {
    dependencyInstall: /\bgo (mod download|get)\b/,
    devServers: [[/\bgo"?,?\s*"?run\b/, 'go run compiles at every start and ships the toolchain; build a binary']],
  },
  sample: {
    greetingFile: 'main.go',
    greeting: (appName) => `Hello from ${appName}!`,
  },
  verification: {
    dependencyStep: /\bgo mod download\b/,
    entrySourceFiles: ['main.go', 'cmd/server/main.go'],
    commentPrefix: '//',
    smokePath: '/',
    healthPath: '/health',
    routes: GO_ROUTES,
    sourceExtension: '.go',
    // A comment compiles to the same binary (-trimpath): the edit must reach it. An init that stores a
    // string in a package variable is kept by the linker and changes nothing the app does.
    // Laid out as gofmt keeps it (one blank line between declarations, a one-line func stays one line).
    editSource: (text, marker) =>
      appendAtEnd(
        text,
        ['var slimDockerVerifyEdit string', '', `func init() { slimDockerVerifyEdit = ${JSON.stringify(marker)} }`],
        1,
      ),
    entryBinaryProblem: (binary) => cgoProblem(binary),
  },
};
