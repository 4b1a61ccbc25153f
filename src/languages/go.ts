import { goSecret, type BuildSecret } from '../detect/credentials.js';
import type { ProjectFiles } from '../detect/files.js';
import type { LanguageFacts } from '../model.js';
import type { LanguagePack } from './types.js';

/**
 * Runtime images of the final stage. The builder is always golang:<version> (Debian-based); the
 * static binary (CGO_ENABLED=0) runs on any of these.
 */
const RUNTIME_IMAGES: Record<string, string> = {
  distroless: 'gcr.io/distroless/static-debian12:nonroot',
  scratch: 'scratch',
  alpine: 'alpine:3.24',
  slim: 'debian:trixie-slim',
};

/** What go detection learns beyond the common facts. */
export interface GoExtra {
  /** vendor/modules.txt is present: the build uses the vendored modules. */
  vendor?: boolean;
  /** Credentials `go mod download` needs (a project .netrc), mounted as a build secret. */
  buildSecrets?: BuildSecret[];
}

/** Modules that only work when compiled with cgo (their pure-Go fallback is a stub that fails at run time). */
export const CGO_ONLY_MODULES = [
  'github.com/mattn/go-sqlite3',
  'github.com/confluentinc/confluent-kafka-go',
  'gopkg.in/gographics/imagick.v3',
  'github.com/miekg/pkcs11',
];

/**
 * Reads the build info every Go binary carries (`go version -m` shows the same text): a binary built
 * with CGO_ENABLED=0 that has a cgo-only module compiled in compiles, then fails on first use.
 */
export function cgoProblem(binary: Buffer): string | undefined {
  const text = binary.toString('latin1');
  if (!text.includes('\tCGO_ENABLED=0')) return undefined;
  const found = CGO_ONLY_MODULES.filter(
    (module) => text.includes(`\ndep\t${module}\t`) || text.includes(`\n=>\t${module}\t`),
  );
  if (!found.length) return undefined;
  return `the binary was built with CGO_ENABLED=0, but ${found.join(', ')} needs cgo (it compiles to a stub that fails at run time): build with CGO_ENABLED=1 on a glibc runtime (distroless/base or debian slim)`;
}

/** distroless ships the `nonroot` user (uid and gid 65532); the other bases get the app user (10001). */
export const DISTROLESS_UID = 65532;

/** "." or "./cmd/server": a main package inside the module, relative to go.mod. */
const ENTRYPOINT = /^\.(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;
const VERSIONS = ['1.24', '1.25', '1.26', '1.27'] as const;
const DEFAULT_VERSION = '1.27';
const DEFAULT_PORT = 8080;

const minor = (version: string) => Number(version.split('.')[1]);
const isMainPackage = (text: string) => /^package main\b/m.test(text) && /^func main\(\)/m.test(text);

/**
 * Go project detection (named files only): go.mod's module and `go` line, go.sum, main packages at the
 * module root or under cmd/, a port literal in them, and what the static build cannot handle (cgo).
 */
export async function detectGo(files: ProjectFiles): Promise<LanguageFacts<GoExtra> | undefined> {
  const goMod = await files.read('go.mod');
  if (goMod === undefined) return undefined;
  const facts: LanguageFacts<GoExtra> = {
    language: 'go',
    framework: 'net/http',
    evidence: ['go.mod'],
    entrypoints: [],
    dependencyFiles: ['go.mod'],
    packageManager: 'go',
    extraPackages: [],
    extra: {},
    problems: [],
  };
  const top = await files.list();
  if (top.includes('go.sum')) facts.dependencyFiles.push('go.sum');
  const requires = /^require\b/m.test(goMod);
  if (requires && !top.includes('go.sum'))
    facts.problems.push(
      'go.mod requires modules but there is no go.sum: run `go mod tidy` so the build verifies what it downloads',
    );
  if (top.includes('vendor/') && (await files.exists('vendor/modules.txt'))) facts.extra.vendor = true;
  const secret = goSecret(top.includes('.netrc') ? ((await files.read('.netrc')) ?? '') : undefined);
  if (secret) facts.extra.buildSecrets = [secret];

  // Version: the `go` line is the minimum; a newer toolchain builds it, so any supported X.Y >= it works.
  const directive = /^go\s+(\d+)\.(\d+)(?:\.\d+)?\s*$/m.exec(goMod);
  if (directive && directive[1] === '1') {
    const wanted = Number(directive[2]);
    const fits = VERSIONS.filter((version) => minor(version) >= wanted);
    if (!fits.length)
      facts.problems.push(`go.mod needs Go 1.${wanted}, newer than the supported ${VERSIONS.join(', ')}`);
    else
      [facts.runtimeVersion, facts.versionSource] = [
        VERSIONS.includes(`1.${wanted}` as never) ? `1.${wanted}` : DEFAULT_VERSION,
        'go.mod',
      ];
  }

  // Main packages: the module root first, then cmd/NAME (the usual layout for several binaries).
  const sources = [
    ...top.filter((name) => name.endsWith('.go') && !name.endsWith('_test.go')),
    ...(await files.find((rel) => /^cmd\/[^/]+\/[^/]+\.go$/.test(rel) && !rel.endsWith('_test.go'), 2, 100)),
  ];
  const texts = new Map<string, string>();
  for (const rel of sources) {
    const text = await files.read(rel);
    if (text !== undefined) texts.set(rel, text);
  }
  for (const [rel, text] of texts) {
    if (!isMainPackage(text)) continue;
    const dir = rel.includes('/') ? `./${rel.slice(0, rel.lastIndexOf('/'))}` : '.';
    if (!facts.entrypoints.includes(dir)) facts.entrypoints.push(dir);
  }
  if (!facts.entrypoints.length)
    facts.problems.push(
      'no main package (package main with func main) at the module root or in cmd/NAME/: pass --entrypoint ./path/to/main',
    );
  if ([...texts.values()].some((text) => /^import\s+"C"/m.test(text))) {
    facts.problems.push(
      'the code uses cgo (import "C"), but the image builds a static binary with CGO_ENABLED=0: not supported yet',
    );
  }

  // Port: a ":8080"-style literal or a PORT default in the main package's files.
  for (const [rel, text] of texts) {
    if (!facts.entrypoints.some((dir) => (dir === '.' ? !rel.includes('/') : rel.startsWith(`${dir.slice(2)}/`))))
      continue;
    const port =
      /"(?:[\w.-]*):(\d{2,5})"/.exec(text)?.[1] ??
      /\bport\s*:?=\s*"(\d{2,5})"/i.exec(text)?.[1] ??
      /flag\.(?:Int|String)\("(?:port|addr|listen)",\s*"?:?(\d{2,5})"?/.exec(text)?.[1];
    if (port && Number(port) >= 1 && Number(port) <= 65535) {
      facts.port = Number(port);
      break;
    }
  }
  return facts;
}

export const go: LanguagePack<GoExtra, 'go'> = {
  id: 'go',
  label: 'Go',
  frameworks: ['net/http'],
  defaultFramework: 'net/http',
  // Go supports the two newest releases; older ones stay selectable for projects pinned to them.
  versions: VERSIONS,
  defaultVersion: DEFAULT_VERSION,
  versionForm: 'X.Y',
  defaultPort: DEFAULT_PORT,
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
  sampleFiles: () => [
    { template: 'go/net-http/main.go.ejs', destination: 'main.go', kind: 'source' },
    { template: 'go/net-http/go.mod.ejs', destination: 'go.mod', kind: 'source' },
  ],
  templateData: (answers, project) => ({
    buildSecrets: project?.extra.buildSecrets ?? [],
    runtimeImage: RUNTIME_IMAGES[answers.base],
    distrolessUid: DISTROLESS_UID,
    binary: '/usr/local/bin/app',
    // The main package `go build` compiles: "." (the sample) or e.g. "./cmd/server".
    buildTarget: answers.entrypoint || '.',
  }),
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
  portFor: () => DEFAULT_PORT,
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
    routes: /(?:HandleFunc|Handle|\.(?:GET|Get|Any))\(\s*"(?:GET )?(\/[^"{:*]*)"/g,
    sourceExtension: '.go',
    // A comment compiles to the same binary (-trimpath): the edit must reach it. An init that stores a
    // string in a package variable is kept by the linker and changes nothing the app does.
    editSource: (text, marker) =>
      `${text}\nvar slimDockerVerifyEdit string\n\nfunc init() { slimDockerVerifyEdit = ${JSON.stringify(marker)} }\n`,
    entryBinaryProblem: (binary) => cgoProblem(binary),
  },
};
