/**
 * The only gate for user input. Flags, saved answers (.yo-rc.json), detected facts and prompt answers
 * all pass through the parsers here once; everything downstream receives typed, validated values.
 */
import { InputError } from './errors.js';
import { LANGUAGE_IDS, LANGUAGE_PACKS, languagePack } from './languages/index.js';

/** The answers that shape the generated files; saved in .yo-rc.json. */
export interface Answers {
  appName: string;
  language: string;
  framework: string;
  /** Where the app starts: python MODULE:APP, node FILE, go package path. */
  entrypoint: string;
  runtimeVersion: string;
  port: number;
  base: string;
  sampleApp: boolean;
  buildkit: boolean;
}

/** How this run behaves; never saved (engines and paths differ between machines). */
export interface RunSettings {
  yes: boolean;
  verify: 'auto' | 'always' | 'never';
  force: boolean;
  report?: string;
  engine?: string;
  network?: string;
  keepImage: boolean;
  timeoutSeconds: number;
  /** --config: a team config file instead of the nearest .slim-docker.json. */
  config?: string;
  /** --templates: a folder of template overrides (falls back per file to the built-in ones). */
  templates?: string;
}

export type AnswerSource = 'flag' | 'locked' | 'saved' | 'detected' | 'team default' | 'default' | 'prompt';

/** What detection learned about one language in the folder. */
export interface LanguageFacts {
  language: string;
  /** The files that gave the language away (shown to the user). */
  evidence: string[];
  framework?: string;
  /** Candidate entry points, best first (python module:app, node file, go package path). */
  entrypoints: string[];
  port?: number;
  runtimeVersion?: string;
  /** Where the version came from, e.g. ".python-version". */
  versionSource?: string;
  dependencyFiles: string[];
  packageManager?: string;
  /** A production server the project's dependencies lack, installed explicitly (e.g. gunicorn==27.0.1). */
  extraPackages: string[];
  /** Pack-specific values the templates need (e.g. python's src/ layout). */
  extra: Record<string, unknown>;
  /** Why this project cannot be served as it is, each with what to do. Blocks generation. */
  problems: string[];
}

/** What detection learned about the destination folder. */
export interface Facts {
  folderName: string;
  /** No files of the user's besides VCS metadata, secrets, editor folders and our own .yo-rc.json. */
  empty: boolean;
  /** Unambiguous language (one pack recognised the folder). */
  language?: string;
  /** Every language recognised, with its facts. */
  detected: LanguageFacts[];
}

/** One command-line option: the single list that the generators declare and `--help` prints. */
export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  description: string;
}

/** "python: x; node: y" — per-language help text from the packs themselves. */
const perPack = (describe: (pack: (typeof LANGUAGE_PACKS)[number]) => string) => LANGUAGE_PACKS.map((pack) => `${pack.id}: ${describe(pack)}`).join('; ');

export const OPTION_SPECS: readonly OptionSpec[] = [
  { name: 'app-name', type: 'string', description: 'Image and app name (default: the folder name, lower-cased)' },
  { name: 'language', type: 'string', description: `Language: ${LANGUAGE_IDS.join(', ')} (default: python)` },
  { name: 'framework', type: 'string', description: `Framework (${perPack((p) => p.frameworks.join('|'))})` },
  { name: 'entrypoint', type: 'string', description: `Entry point (${perPack((p) => p.entrypointForm)}); detected in an existing project` },
  { name: 'runtime-version', type: 'string', description: `Language version (${perPack((p) => `${p.versions.join('|')}, default ${p.defaultVersion}`)})` },
  { name: 'port', type: 'string', description: `Port the app listens on, 1-65535 (${perPack((p) => String(p.defaultPort))})` },
  { name: 'base', type: 'string', description: `Base-image preference (${perPack((p) => `${p.bases.map((b) => b.id).join('|')}, default ${p.defaultBase}`)})` },
  { name: 'sample-app', type: 'boolean', description: 'Write a sample app (default: yes in an empty folder; --no-sample-app to skip)' },
  { name: 'buildkit', type: 'boolean', description: 'Use BuildKit cache mounts (default); --no-buildkit renders a file the legacy builder accepts' },
  { name: 'force', type: 'boolean', description: 'Overwrite existing files without asking' },
  { name: 'config', type: 'string', description: 'Team config file (default: the nearest .slim-docker.json up from the project)' },
  { name: 'templates', type: 'string', description: 'Folder of template overrides; each missing file falls back to the built-in one' },
  { name: 'compose', type: 'boolean', description: 'Also write compose.yaml (slim-docker:compose)' },
  { name: 'ci', type: 'boolean', description: 'Also write a CI workflow that builds and verifies (slim-docker:ci)' },
  { name: 'yes', type: 'boolean', description: 'Ask nothing: take flags, then saved answers, detected values and defaults' },
  { name: 'verify', type: 'boolean', description: 'Build and verify the image now (default: yes when an engine answers)' },
  { name: 'skip-verify', type: 'boolean', description: 'Do not build or verify' },
  { name: 'report', type: 'string', description: 'Write the verification report as JSON to this file' },
  { name: 'engine', type: 'string', description: 'Container engine CLI, e.g. docker, /usr/bin/docker, podman (env SLIM_DOCKER_ENGINE)' },
  { name: 'network', type: 'string', description: 'Network mode for build and run, e.g. host (env SLIM_DOCKER_NETWORK)' },
  { name: 'keep-image', type: 'boolean', description: 'Keep the verified image (tagged APP:verified) instead of removing it' },
  { name: 'timeout', type: 'string', description: 'Seconds to wait for the app to answer HTTP (default 60)' },
];

type Raw = Record<string, unknown>;
const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Flags as given: yo's parser keys them kebab-case, commander and yeoman-test camelCase.
 * Returns only the options the user actually set, keyed camelCase.
 */
export function readFlags(options: Raw): Raw {
  const flags: Raw = {};
  for (const spec of OPTION_SPECS) {
    const value = options[camel(spec.name)] ?? options[spec.name];
    if (value !== undefined && value !== null) flags[camel(spec.name)] = value;
  }
  return flags;
}

// ---------- field parsers: raw value → typed value, or InputError naming the field ----------

const IMAGE_NAME = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

function text(field: string, raw: unknown): string {
  if (typeof raw === 'number') return String(raw);
  if (typeof raw !== 'string') throw new InputError(field, `expected a text value, got ${typeof raw}`);
  // No control characters anywhere: a newline must never reach a Dockerfile, a shell or a log line.
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new InputError(field, 'must not contain newlines or control characters');
  return raw.trim();
}

function oneOf(field: string, raw: unknown, allowed: readonly string[]): string {
  const value = text(field, raw);
  if (!allowed.includes(value)) {
    throw new InputError(field, `${JSON.stringify(value)} is not allowed; use one of: ${allowed.join(', ')}`);
  }
  return value;
}

export function parseBoolean(field: string, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === 'yes') return true;
  if (raw === 'false' || raw === 'no') return false;
  throw new InputError(field, `${JSON.stringify(raw)} is not allowed; use true or false`);
}

export function parseAppName(field: string, raw: unknown): string {
  const value = text(field, raw);
  if (value.length === 0 || value.length > 128 || !IMAGE_NAME.test(value)) {
    throw new InputError(
      field,
      `${JSON.stringify(value)} is not a valid image name; use 1-128 lower-case letters and digits, ` +
        'separated by single ".", "_" or "-" (e.g. my-app)',
    );
  }
  return value;
}

export function parsePort(field: string, raw: unknown): number {
  const value = text(field, raw);
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new InputError(field, `${JSON.stringify(value)} is not allowed; use a whole number from 1 to 65535`);
  }
  return port;
}

export function parseLanguage(field: string, raw: unknown): string {
  return oneOf(field, raw, LANGUAGE_IDS);
}

export function parseFramework(field: string, raw: unknown, language: string): string {
  return oneOf(field, raw, languagePack(language).frameworks);
}

export function parseRuntimeVersion(field: string, raw: unknown, language: string): string {
  const pack = languagePack(language);
  const value = text(field, raw);
  if (!pack.versions.includes(value)) {
    throw new InputError(
      field,
      `${JSON.stringify(value)} is not a supported ${pack.label} version (form ${pack.versionForm}); use one of: ${pack.versions.join(', ')}`,
    );
  }
  return value;
}

export function parseEntrypoint(field: string, raw: unknown, language: string): string {
  const pack = languagePack(language);
  const value = text(field, raw);
  const problem = pack.checkEntrypoint(value);
  if (problem) throw new InputError(field, `${JSON.stringify(value)} ${problem}; use ${pack.entrypointForm}`);
  return value;
}

export function parseBase(field: string, raw: unknown, language: string): string {
  return oneOf(field, raw, languagePack(language).bases.map((base) => base.id));
}

function parseEngine(field: string, raw: unknown): string {
  const value = text(field, raw);
  if (!/^[A-Za-z0-9_./+-]+$/.test(value)) {
    throw new InputError(field, `${JSON.stringify(value)} is not a command name or path (letters, digits, / . _ + - only)`);
  }
  return value;
}

function parseNetwork(field: string, raw: unknown): string {
  const value = text(field, raw);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(value)) {
    throw new InputError(field, `${JSON.stringify(value)} is not a network mode; use host, default, none or a network name`);
  }
  return value;
}

function parseTimeout(field: string, raw: unknown): number {
  const value = text(field, raw);
  const seconds = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds >= 1 && seconds <= 3600)) {
    throw new InputError(field, `${JSON.stringify(value)} is not allowed; use whole seconds from 1 to 3600`);
  }
  return seconds;
}

/** A file or folder path (report, config, templates): any text without control characters. */
function parseReportPath(field: string, raw: unknown): string {
  const value = text(field, raw);
  if (value.length === 0) throw new InputError(field, 'needs a file path');
  return value;
}

// ---------- questions: the ordered answers, each with its default and its prompt ----------

export interface Question {
  key: keyof Answers;
  flag: string;
  message: string;
  kind: 'input' | 'list' | 'confirm';
  /** Choices for list questions, given the answers so far. */
  choices?: (partial: Partial<Answers>) => { name: string; value: string }[];
  parse: (field: string, raw: unknown, partial: Partial<Answers>) => unknown;
  fallback: (partial: Partial<Answers>, facts: Facts) => unknown;
  /** Detected candidates when detection found several: asked as a list, or an error with --yes. */
  candidates?: (partial: Partial<Answers>, facts: Facts) => string[];
  /** The source to report when the fallback came from detection. */
  detected?: (partial: Partial<Answers>, facts: Facts) => boolean;
}

/** Detection's facts for the language chosen so far. */
export const factsFor = (partial: Partial<Answers>, facts: Facts) => facts.detected.find((found) => found.language === partial.language);

/** Folder name → a valid image name ("My App!" → "my-app"); "app" when nothing usable is left. */
export function imageNameFrom(folderName: string): string {
  const cleaned = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/([._-])[._-]+/g, '$1')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, 128)
    .replace(/[._-]+$/g, '');
  return IMAGE_NAME.test(cleaned) ? cleaned : 'app';
}

const packOf = (partial: Partial<Answers>) => languagePack(partial.language as string);

export const QUESTIONS: readonly Question[] = [
  {
    key: 'appName',
    flag: 'app-name',
    message: 'App name (also the image name)',
    kind: 'input',
    parse: (field, raw) => parseAppName(field, raw),
    fallback: (_, facts) => imageNameFrom(facts.folderName),
  },
  {
    key: 'language',
    flag: 'language',
    message: 'Language of the app',
    kind: 'list',
    choices: () => LANGUAGE_IDS.map((id) => ({ name: languagePack(id).label, value: id })),
    parse: (field, raw) => parseLanguage(field, raw),
    fallback: (_, facts) => facts.language ?? facts.detected[0]?.language ?? 'python',
    candidates: (_, facts) => facts.detected.map((found) => found.language),
    detected: (_, facts) => facts.detected.length > 0,
  },
  {
    key: 'framework',
    flag: 'framework',
    message: 'Framework',
    kind: 'list',
    choices: (partial) => packOf(partial).frameworks.map((id) => ({ name: id, value: id })),
    parse: (field, raw, partial) => parseFramework(field, raw, partial.language as string),
    fallback: (partial, facts) => factsFor(partial, facts)?.framework ?? packOf(partial).defaultFramework,
    detected: (partial, facts) => factsFor(partial, facts)?.framework !== undefined,
  },
  {
    key: 'entrypoint',
    flag: 'entrypoint',
    message: 'Entry point',
    kind: 'input',
    parse: (field, raw, partial) => parseEntrypoint(field, raw, partial.language as string),
    fallback: (partial, facts) => factsFor(partial, facts)?.entrypoints[0] ?? packOf(partial).sampleEntrypoint,
    candidates: (partial, facts) => factsFor(partial, facts)?.entrypoints ?? [],
    detected: (partial, facts) => (factsFor(partial, facts)?.entrypoints.length ?? 0) > 0,
  },
  {
    key: 'runtimeVersion',
    flag: 'runtime-version',
    message: 'Language version',
    kind: 'list',
    choices: (partial) => [...packOf(partial).versions].reverse().map((v) => ({ name: v, value: v })),
    parse: (field, raw, partial) => parseRuntimeVersion(field, raw, partial.language as string),
    fallback: (partial, facts) => factsFor(partial, facts)?.runtimeVersion ?? packOf(partial).defaultVersion,
    detected: (partial, facts) => factsFor(partial, facts)?.runtimeVersion !== undefined,
  },
  {
    key: 'port',
    flag: 'port',
    message: 'Port the app listens on',
    kind: 'input',
    parse: (field, raw) => parsePort(field, raw),
    fallback: (partial, facts) => factsFor(partial, facts)?.port ?? packOf(partial).portFor(partial.framework as string),
    detected: (partial, facts) => factsFor(partial, facts)?.port !== undefined,
  },
  {
    key: 'base',
    flag: 'base',
    message: 'Base image',
    kind: 'list',
    choices: (partial) => packOf(partial).bases.map((base) => ({ name: `${base.id} — ${base.hint}`, value: base.id })),
    parse: (field, raw, partial) => parseBase(field, raw, partial.language as string),
    fallback: (partial) => packOf(partial).defaultBase,
  },
  {
    key: 'sampleApp',
    flag: 'sample-app',
    message: 'Write a sample app?',
    kind: 'confirm',
    parse: (field, raw) => parseBoolean(field, raw),
    fallback: (_, facts) => facts.empty,
    detected: () => true,
  },
  {
    key: 'buildkit',
    flag: 'buildkit',
    message: 'Use BuildKit cache mounts?',
    kind: 'confirm',
    parse: (field, raw) => parseBoolean(field, raw),
    fallback: () => true,
  },
];

/** Answers whose allowed values depend on the language. */
const LANGUAGE_SPECIFIC: ReadonlySet<keyof Answers> = new Set(['framework', 'entrypoint', 'runtimeVersion', 'base']);

/** Questions that are only ever set by flag or saved answer, never asked (few users need them). */
const NEVER_ASKED: ReadonlySet<keyof Answers> = new Set(['buildkit']);

export interface Ask {
  (question: Question, defaultValue: unknown, partial: Partial<Answers>, candidates: string[]): Promise<unknown>;
}

/** A team's default and locked answers (raw; parsed here with the config named in errors). */
export interface TeamAnswers {
  source: string;
  defaults: Raw;
  locked: Raw;
}

export interface ResolveInput {
  flags: Raw;
  saved: Raw;
  facts: Facts;
  team?: TeamAnswers;
  yes: boolean;
  /** Asks one question; absent means nothing is asked (non-interactive). */
  ask?: Ask;
}

export interface Resolved {
  answers: Answers;
  sources: Record<keyof Answers, AnswerSource>;
}

/**
 * Resolution order for every answer: flag → saved (.yo-rc.json) → detected → default, and a prompt
 * (unless --yes) for anything no flag set, offering that value as its default.
 */
export async function resolveAnswers(input: ResolveInput): Promise<Resolved> {
  const partial: Partial<Answers> = {};
  const sources = {} as Record<keyof Answers, AnswerSource>;
  for (const question of QUESTIONS) {
    const flagValue = input.flags[question.key];
    // Saved framework/entry/version/base belong to the saved language: a switch of language drops them.
    const otherLanguage = LANGUAGE_SPECIFIC.has(question.key) && input.saved.language !== undefined && input.saved.language !== partial.language;
    const savedValue = otherLanguage ? undefined : input.saved[question.key];
    const lockedRaw = input.team?.locked[question.key];
    // A team lock on a language-specific answer binds the languages it is valid for (a python version
    // lock does not stop a Go service); any other lock that does not parse is an error naming it.
    let locked: unknown;
    try {
      locked = lockedRaw === undefined ? undefined : question.parse(`${input.team!.source} locked.${question.key}`, lockedRaw, partial);
    } catch (error) {
      if (!LANGUAGE_SPECIFIC.has(question.key) || input.team?.locked.language !== undefined) throw error;
    }
    let value: unknown;
    if (flagValue !== undefined) {
      value = question.parse(`--${question.flag}`, flagValue, partial);
      if (locked !== undefined && String(value) !== String(locked)) {
        throw new InputError(`--${question.flag}`, `${JSON.stringify(String(value))} conflicts with the team's locked ${question.key} ${JSON.stringify(String(locked))} (${input.team!.source})`);
      }
      sources[question.key] = 'flag';
    } else if (locked !== undefined) {
      // Locked answers beat saved and detected ones and are never asked.
      value = locked;
      sources[question.key] = 'locked';
    } else {
      let source: AnswerSource = 'default';
      const candidates = question.candidates?.(partial, input.facts) ?? [];
      const teamDefault = input.team?.defaults[question.key];
      if (savedValue !== undefined) {
        value = question.parse(`.yo-rc.json "${question.key}"`, savedValue, partial);
        source = 'saved';
      } else {
        if (candidates.length > 1 && (input.yes || !input.ask)) {
          throw new InputError(`--${question.flag}`, `several found (${candidates.join(', ')}); set --${question.flag} to choose`);
        }
        if (question.detected?.(partial, input.facts) || teamDefault === undefined) {
          value = question.parse(`detected ${question.key}`, question.fallback(partial, input.facts), partial);
          if (question.detected?.(partial, input.facts)) source = 'detected';
        } else {
          value = question.parse(`${input.team!.source} defaults.${question.key}`, teamDefault, partial);
          source = 'team default';
        }
      }
      sources[question.key] = source;
      if (!input.yes && input.ask && !NEVER_ASKED.has(question.key)) {
        const answer = await input.ask(question, value, partial, source === 'saved' ? [] : candidates);
        value = question.parse(question.key, answer, partial);
        sources[question.key] = 'prompt';
      }
    }
    (partial as Record<string, unknown>)[question.key] = value;
  }
  const answers = partial as Answers;
  // A sample app goes only into a folder with no project in it: never next to the user's own code.
  const project = factsFor(answers, input.facts);
  // A problem that names a flag the user has answered (--entrypoint, --framework) is solved by that answer.
  const answered = QUESTIONS.filter((question) => sources[question.key] === 'flag' || sources[question.key] === 'saved' || sources[question.key] === 'prompt' || sources[question.key] === 'locked').map((question) => `--${question.flag}`);
  const problems = project?.problems.filter((problem) => !answered.some((flag) => problem.includes(flag))) ?? [];
  // Any project, in any language, keeps the sample out. A saved sampleApp means the sample is ours from
  // an earlier run: regenerating it goes through the per-file conflict step like every other file.
  const existing = input.facts.detected[0];
  if (answers.sampleApp && existing && sources.sampleApp !== 'saved') {
    throw new InputError(sources.sampleApp === 'flag' ? '--sample-app' : 'sampleApp', `this folder already holds a ${existing.language} project (${existing.evidence.join(', ') || 'source files'}); the sample app is only written into an empty folder`);
  }
  if (!answers.sampleApp && problems.length) {
    throw new InputError('project', `cannot be served as it is: ${problems.join('; ')}`);
  }
  if (!answers.sampleApp && !project) {
    throw new InputError('project', `no ${languagePack(answers.language).label} project here (looked for ${languagePack(answers.language).markerFiles.join(', ')}); run in the project folder, or in an empty folder for a sample app`);
  }
  return { answers, sources };
}

/** Parses the run settings (flags and environment) once. */
export function resolveRunSettings(flags: Raw, env: NodeJS.ProcessEnv): RunSettings {
  const bool = (key: string) => (flags[key] === undefined ? false : parseBoolean(`--${key}`, flags[key]));
  const verifyFlag = bool('verify');
  const skipVerify = bool('skipVerify');
  if (verifyFlag && skipVerify) throw new InputError('--verify', 'cannot be combined with --skip-verify; pick one');
  const engineRaw = flags.engine ?? env.SLIM_DOCKER_ENGINE;
  const networkRaw = flags.network ?? env.SLIM_DOCKER_NETWORK;
  const engineField = flags.engine !== undefined ? '--engine' : 'SLIM_DOCKER_ENGINE';
  const networkField = flags.network !== undefined ? '--network' : 'SLIM_DOCKER_NETWORK';
  return {
    yes: bool('yes'),
    verify: verifyFlag ? 'always' : skipVerify ? 'never' : 'auto',
    force: bool('force'),
    report: flags.report === undefined ? undefined : parseReportPath('--report', flags.report),
    engine: engineRaw === undefined || engineRaw === '' ? undefined : parseEngine(engineField, engineRaw),
    network: networkRaw === undefined || networkRaw === '' ? undefined : parseNetwork(networkField, networkRaw),
    keepImage: bool('keepImage'),
    timeoutSeconds: flags.timeout === undefined ? 60 : parseTimeout('--timeout', flags.timeout),
    config: flags.config === undefined ? undefined : parseReportPath('--config', flags.config),
    templates: flags.templates === undefined ? undefined : parseReportPath('--templates', flags.templates),
  };
}

/** Saved answers must be an object; anything else in .yo-rc.json is a clear error, not a crash. */
export function readSaved(config: unknown): Raw {
  if (config === undefined || config === null) return {};
  if (typeof config !== 'object' || Array.isArray(config)) {
    throw new InputError('.yo-rc.json "generator-slim-docker"', 'must be an object of saved answers');
  }
  const known = new Set(QUESTIONS.map((question) => question.key as string));
  return Object.fromEntries(Object.entries(config as Raw).filter(([key]) => known.has(key)));
}
