/**
 * The examples corpus (test/examples/<case>/): project files as a user has them, and example.json saying
 * what the tool must do with them. One loader for every consumer: the golden test, the detection test,
 * the hadolint gate, the examples e2e suite and scripts/e2e-images.ts. Each example.json is checked
 * against test/examples/example.schema.json (ajv) and then for what a schema cannot say.
 */
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { LanguageId } from '../../src/languages/index.js';
import { copyTree, plantBulk, tempDir, writeTree } from './temp-tree.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const EXAMPLES_ROOT = join(ROOT, 'test/examples');
/** The sample-app matrix goldens: test/golden/<language>-<base>-<buildkit|nobuildkit>/. */
export const GOLDEN_ROOT = join(ROOT, 'test/golden');
/** The dockerignore golden's file name (a dotfile would hide in listings). */
export const DOCKERIGNORE_GOLDEN = 'dockerignore';

// The registry's ids: a language pack without its entries below fails to compile.
export type Language = LanguageId;

export interface DetectExpectation {
  language: Language;
  framework: string | null;
  entrypoint: string | null;
  port: number | null;
  runtimeVersion: string | null;
  packageManager?: string | null;
  versionSource?: string | null;
  extraPackages?: string[];
  dependencyFiles?: string[];
  extra?: Record<string, unknown>;
  statePaths?: string[];
  releaseCommands?: string[];
  /** Common real-app facts (portEnv, statePaths, services, allowedVersions …) that must be present. */
  facts?: Record<string, unknown>;
  problems?: string[];
  portEnv?: string | null;
  allowedVersions?: { versions: string[]; source: string } | null;
  services?: { service: string; envVar: string }[];
  notes?: string[];
}

export interface VerifyExpectation {
  ok: boolean;
  failing?: string[];
  passing?: string[];
  checkDetails?: Record<string, string>;
  uid?: number;
  user?: string;
  baseImage?: string;
  port?: number;
  httpBody?: string;
  httpStatusBelow?: number;
  baseImageBytes?: [number | null, number | null];
  addedBytes?: [number | null, number | null];
  contextBytesBelow?: number;
  stopSecondsBelow?: number;
  stopSecondsAtLeast?: number;
  keptOut?: string[];
  reverify?: { keepImage: boolean };
  inImage?: { script: string[]; lines: string[] };
  /** What differs on the default bridge or the host network (fields that replace the ones above). */
  onNetwork?: Partial<Record<NetworkKind, Pick<VerifyExpectation, 'ok' | 'failing' | 'passing' | 'checkDetails'>>>;
}

/**
 * The engine matrix's examples (test/e2e/engine-matrix.test.ts): one per language, the new-folder
 * samples. scripts/e2e-images.ts --matrix prints their base images (CI loads them into podman).
 */
export const MATRIX_EXAMPLES = [
  'python-flask-sample',
  'node-express-sample',
  'go-sample',
  'rust-axum-sample',
  'java-spring-maven-sample',
] as const;

/** The network verification runs on: the engine's default (bridge, a published port) or the host's. */
export type NetworkKind = 'bridge' | 'host';

/** An example's verify expectations on one network: its onNetwork entry replaces the fields it names. */
export function onNetwork(verify: VerifyExpectation, network: NetworkKind): VerifyExpectation {
  const { onNetwork: overrides, ...common } = verify;
  return { ...common, ...overrides?.[network] };
}

export interface Expectation {
  exitCode: 0 | 1 | 2;
  output?: string[];
  writes?: string[];
  changes?: string[];
  keeps?: string[];
  files?: Record<string, string>;
  dockerfile?: string[];
  lockfileCreated?: boolean;
  verify: VerifyExpectation | null;
}

/** example.json as written. */
export interface ExampleFile {
  description: string;
  command?: 'app' | 'verify';
  flags: string[];
  detect: DetectExpectation | null;
  e2e: boolean;
  plant: boolean;
  bulk?: string[];
  planted?: Record<string, string>;
  expect: Expectation;
}

/** A loaded example: example.json plus where it lives and what follows from it. */
export interface Example extends ExampleFile {
  name: string;
  command: 'app' | 'verify';
  dir: string;
  projectDir: string;
  goldenDir: string;
  /** The language the example is about: detected, else --language, else the default (python). */
  language: Language;
  /** Whether a run builds and verifies an image (a verify command, or an app run without --skip-verify that gets past input checks). */
  verifies: boolean;
  /** Whether the generator writes a Dockerfile and .dockerignore for it (so it has goldens). */
  generates: boolean;
}

/** The fake secret planted as .env: it must never reach an image. */
export const SECRET = 'API_KEY=fixture-secret-do-not-ship';

const DEFAULT_BULK: Record<Language, string[]> = {
  python: ['.git', '.venv'],
  node: ['.git', 'node_modules'],
  go: ['.git'],
  // target/ is Cargo's build output: often gigabytes, and never needed by the image's own build.
  rust: ['.git', 'target'],
  java: ['.git'],
};
/** Flags the harness owns: the e2e sets them itself. */
const HARNESS_FLAGS = ['--report', '--engine', '--network', '--port'];
/** A case name becomes the folder name, hence the app and image name: keep it a valid one. */
const CASE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Placeholder files that keep an otherwise empty project/ in git; never copied. */
const PLACEHOLDERS = new Set(['.gitkeep']);

const schema = JSON.parse(readFileSync(join(EXAMPLES_ROOT, 'example.schema.json'), 'utf8')) as object;
const validateShape = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile<ExampleFile>(schema);

/** The value after a flag (`--language go`), or undefined. */
export function flagValue(flags: readonly string[], name: string): string | undefined {
  const at = flags.indexOf(name);
  return at >= 0 ? flags[at + 1] : undefined;
}

function checkRegexes(errors: string[], where: string, patterns: readonly string[] | undefined): void {
  for (const pattern of patterns ?? []) {
    try {
      new RegExp(pattern, 'm');
    } catch (error) {
      errors.push(`${where}: ${(error as Error).message}`);
    }
  }
}

/** Everything a schema cannot say; returns the problems found (empty when the example is sound). */
function semanticProblems(example: Example): string[] {
  const errors: string[] = [];
  const { expect, flags } = example;
  if (!CASE_NAME.test(example.name) || example.name.length > 63)
    errors.push(`the case name must be a valid image name (${CASE_NAME})`);
  if (!existsSync(example.projectDir) || !statSync(example.projectDir).isDirectory())
    errors.push('project/ is missing');
  for (const flag of HARNESS_FLAGS)
    if (flags.includes(flag)) errors.push(`flags: ${flag} is set by the harness, not the example`);
  if (example.command === 'verify' && example.detect === null)
    errors.push('a verify example needs a project (detect cannot be null)');
  if (example.command === 'verify' && !existsSync(join(example.projectDir, 'Dockerfile')))
    errors.push('a verify example verifies its own project/Dockerfile, which is missing');
  // The defaults users get are what the sample apps prove: no version pin on a sample-app case.
  if (example.detect === null && flags.includes('--runtime-version'))
    errors.push('a sample-app example runs at the default version: drop --runtime-version');
  if (!example.plant && (example.bulk || example.planted)) errors.push('bulk/planted need plant: true');
  if (example.e2e && example.verifies && !expect.verify)
    errors.push('e2e: true and it verifies, so expect.verify is required');
  if (!example.verifies && expect.verify)
    errors.push('expect.verify is set but nothing is verified (--skip-verify, or exit code 2)');
  if (example.verifies && expect.exitCode === 0 && expect.verify && !expect.verify.ok)
    errors.push('exit code 0 with a failing verification');
  if (expect.verify && expect.exitCode === 1 && expect.verify.ok)
    errors.push('exit code 1 with a passing verification');
  if (expect.verify?.ok && (expect.verify.failing || expect.verify.passing))
    errors.push('failing/passing only describe a failed verification (ok: false)');
  if (expect.verify?.ok && (expect.verify.uid === undefined || expect.verify.baseImage === undefined))
    errors.push('a passing verification names its uid and baseImage');
  if (example.command === 'app' && expect.verify?.port !== undefined)
    errors.push('expect.verify.port is for verify examples; app runs get a free port');
  if (example.command === 'verify' && expect.verify && expect.verify.port === undefined)
    errors.push('a verify example must name the port its files fix (expect.verify.port)');
  checkRegexes(errors, 'expect.output', expect.output);
  checkRegexes(errors, 'expect.dockerfile', expect.dockerfile);
  checkRegexes(errors, 'detect.problems', example.detect?.problems);
  checkRegexes(errors, 'detect.notes', example.detect?.notes);
  checkRegexes(errors, 'expect.verify.httpBody', expect.verify?.httpBody ? [expect.verify.httpBody] : []);
  checkRegexes(errors, 'expect.verify.checkDetails', Object.values(expect.verify?.checkDetails ?? {}));
  checkRegexes(errors, 'expect.verify.inImage.lines', expect.verify?.inImage?.lines);
  return errors;
}

/** Loads and checks one example folder (test/examples/<case>); throws naming the file and every problem. */
export function loadExample(dir: string): Example {
  const name = basename(dir);
  const file = join(dir, 'example.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  if (!validateShape(raw)) {
    throw new Error(
      `${file}:\n${(validateShape.errors ?? []).map((e) => `  ${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`).join('\n')}`,
    );
  }
  const parsed = raw as ExampleFile;
  const command = parsed.command ?? 'app';
  const language = (parsed.detect?.language ?? flagValue(parsed.flags, '--language') ?? 'python') as Language;
  const skipVerify = parsed.flags.includes('--skip-verify');
  const example: Example = {
    ...parsed,
    name,
    command,
    dir,
    projectDir: join(dir, 'project'),
    goldenDir: join(dir, 'golden'),
    language,
    verifies: command === 'verify' || (!skipVerify && parsed.expect.exitCode !== 2),
    generates: command === 'app' && parsed.expect.exitCode !== 2,
  };
  const problems = semanticProblems(example);
  if (problems.length) throw new Error(`${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return example;
}

let cache: Example[] | undefined;

/**
 * Every example, sorted by name. Throws on the first invalid one (a broken corpus fails loudly; a
 * folder without example.json is invalid). SLIM_DOCKER_EXAMPLES=a,b loads only those cases (a quick
 * run over a few; every suite then covers only them).
 */
export function loadExamples(): Example[] {
  const only = process.env.SLIM_DOCKER_EXAMPLES?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const names = only?.length
    ? only
    : readdirSync(EXAMPLES_ROOT)
        .filter((name) => statSync(join(EXAMPLES_ROOT, name)).isDirectory())
        .sort();
  cache ??= names.map((name) => loadExample(join(EXAMPLES_ROOT, name)));
  return cache;
}

export function exampleNamed(name: string): Example {
  const found = loadExamples().find((example) => example.name === name);
  if (!found) throw new Error(`no example ${name} in ${EXAMPLES_ROOT}`);
  return found;
}

/**
 * Copies the example's project/ into `<parent>/<case name>/` (so the folder, app and image name are the
 * case name) and returns that folder. Placeholders such as .gitkeep are left out.
 */
export function copyProject(example: Example, parent = tempDir(`slim-example-${example.name}-`)): string {
  const dir = copyTree(example.projectDir, join(parent, example.name));
  for (const placeholder of PLACEHOLDERS) rmSync(join(dir, placeholder), { force: true });
  return dir;
}

/** What plant adds: the .env secret, the bulky folders and the planted files, as one list of names. */
export function plantedNames(example: Example): string[] {
  if (!example.plant) return [];
  return ['.env', ...(example.bulk ?? DEFAULT_BULK[example.language]), ...Object.keys(example.planted ?? {})];
}

/**
 * Adds the example's .env secret and bulky folders (megabytes each) to a copied project, and its planted
 * files unless `extras` is false (plant: true; otherwise nothing).
 */
export function plant(example: Example, dir: string, options: { megabytes?: number; extras?: boolean } = {}): void {
  if (!example.plant) return;
  const { megabytes = 8, extras = true } = options;
  writeTree(dir, { '.env': `${SECRET}\n` });
  for (const folder of example.bulk ?? DEFAULT_BULK[example.language]) plantBulk(dir, folder, { megabytes });
  if (extras) writeTree(dir, example.planted ?? {});
}

/** The sample-app golden matrix: every language × base × BuildKit on/off (README "Questions and options"). */
export const SAMPLE_BASES: Record<Language, readonly string[]> = {
  python: ['slim', 'alpine', 'full'],
  node: ['slim', 'alpine', 'full'],
  go: ['distroless', 'scratch', 'alpine', 'slim'],
  rust: ['distroless', 'static', 'slim'],
  java: ['jre', 'jlink'],
};

export interface SampleGolden {
  /** Folder under test/golden, also the folder (hence app) name it is generated in. */
  name: string;
  language: Language;
  base: string;
  buildkit: boolean;
  dir: string;
  flags: string[];
}

export function sampleGoldens(): SampleGolden[] {
  return (Object.entries(SAMPLE_BASES) as [Language, readonly string[]][]).flatMap(([language, bases]) =>
    bases.flatMap((base) =>
      [true, false].map((buildkit) => {
        const name = `${language}-${base}-${buildkit ? 'buildkit' : 'nobuildkit'}`;
        return {
          name,
          language,
          base,
          buildkit,
          dir: join(GOLDEN_ROOT, name),
          flags: ['--yes', '--language', language, '--base', base, ...(buildkit ? [] : ['--no-buildkit'])],
        };
      }),
    ),
  );
}

/**
 * The Dockerfile a real-engine run of the example builds: its generated golden, or (a verify example)
 * the project's own. Undefined when nothing is built.
 */
export function builtDockerfile(example: Example): string | undefined {
  if (!example.verifies) return undefined;
  return example.command === 'verify' ? join(example.projectDir, 'Dockerfile') : join(example.goldenDir, 'Dockerfile');
}

/**
 * The base images a Dockerfile pulls: every FROM, with the global ARG defaults substituted, minus the
 * names of earlier stages and `scratch`. In order, without duplicates.
 */
export function fromImages(dockerfile: string): string[] {
  const lines = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim());
  const args = new Map<string, string>();
  const stages = new Set<string>();
  const images: string[] = [];
  let seenFrom = false;
  const substitute = (text: string) =>
    text.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (_, braced: string | undefined, fallback: string | undefined, bare: string | undefined) =>
        args.get((braced ?? bare)!) ?? fallback ?? '',
    );
  for (const line of lines) {
    const arg = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=("?)(.*)\2)?$/i.exec(line);
    if (arg && !seenFrom) {
      if (arg[3] !== undefined) args.set(arg[1], substitute(arg[3]));
      continue;
    }
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(line);
    if (!from) continue;
    seenFrom = true;
    const image = substitute(from[1]);
    if (image !== 'scratch' && !stages.has(image) && !images.includes(image)) images.push(image);
    if (from[2]) stages.add(from[2]);
  }
  return images;
}

/** One golden Dockerfile: a sample-app golden (test/golden/<name>) or an example's (test/examples/<case>/golden). */
export interface GoldenDockerfile {
  /** `golden/<name>` or `example/<case>`: how tests and reports name it. */
  name: string;
  path: string;
}

/**
 * Every golden Dockerfile: the sample-app matrix, then every example the generator writes files for.
 * A verify example's own project/Dockerfile is the user's, not a golden.
 */
export function goldenDockerfiles(): GoldenDockerfile[] {
  return [
    ...sampleGoldens().map((golden) => ({ name: `golden/${golden.name}`, path: join(golden.dir, 'Dockerfile') })),
    ...loadExamples()
      .filter((example) => example.generates)
      .map((example) => ({ name: `example/${example.name}`, path: join(example.goldenDir, 'Dockerfile') })),
  ];
}
