/** The questions, in the order they are asked: each with its prompt, parser and default. */
import { LANGUAGE_IDS, languagePack } from '../languages/index.js';
import { sampleFor } from '../languages/samples.js';
import { factsFor, type Answers, type Facts } from '../model.js';
import {
  imageNameFrom,
  parseAppName,
  parseBase,
  parseBoolean,
  parseCommand,
  parseEntrypoint,
  parseFramework,
  parseLanguage,
  parsePort,
  parseReleaseCommand,
  parseRuntimeVersion,
} from './fields.js';

export interface Question {
  key: keyof Answers;
  flag: string;
  /** The human name of the answer, in statements, summaries and prompt errors (never the key). */
  label: string;
  message: string;
  kind: 'input' | 'select' | 'confirm';
  /** Choices for list questions, given the answers so far. */
  choices?: (partial: Partial<Answers>, facts?: Facts) => QuestionChoice[];
  parse: (field: string, raw: unknown, partial: Partial<Answers>) => unknown;
  fallback: (partial: Partial<Answers>, facts: Facts) => unknown;
  /** Detected candidates when detection found several: asked as a list, or an error with --yes. */
  candidates?: (partial: Partial<Answers>, facts: Facts) => string[];
  /** The source to report when the fallback came from detection. */
  detected?: (partial: Partial<Answers>, facts: Facts) => boolean;
  /** The prompt's default for a value, when the choices spell it differently (release step '' → "none"). */
  offered?: (value: unknown) => unknown;
  /** Asked only when this holds (default: always); otherwise the fallback is taken silently. */
  askedWhen?: (partial: Partial<Answers>, facts: Facts) => boolean;
}

const packOf = (partial: Partial<Answers>) => languagePack(partial.language as string);
// A script that serves by itself (python app.py running tornado) uses no framework or entry point of
// ours: asking for them would offer choices that change nothing.
const startsItsOwnServer = (partial: Partial<Answers>, facts: Facts) =>
  factsFor(partial, facts)?.startsItsOwnServer === true;

export const QUESTIONS: readonly Question[] = [
  {
    key: 'sampleApp',
    label: 'Sample app',
    flag: 'sample-app',
    message: 'Write a sample app?',
    kind: 'confirm',
    parse: (field, raw) => parseBoolean(field, raw),
    fallback: (_, facts) => facts.empty,
    detected: () => true,
  },
  {
    key: 'appName',
    label: 'App name',
    flag: 'app-name',
    message: 'App name (also the image name)',
    kind: 'input',
    parse: (field, raw) => parseAppName(field, raw),
    fallback: (_, facts) => imageNameFrom(facts.folderName),
  },
  {
    key: 'language',
    label: 'Language',
    flag: 'language',
    message: 'Language of the app',
    kind: 'select',
    choices: () => LANGUAGE_IDS.map((id) => ({ name: languagePack(id).label, value: id })),
    parse: (field, raw) => parseLanguage(field, raw),
    fallback: (_, facts) => facts.language ?? facts.detected[0]?.language ?? 'python',
    // Of several languages, the only one that serves HTTP is no question (detect/servable.ts).
    candidates: (_, facts) => (facts.language ? [facts.language] : facts.detected.map((found) => found.language)),
    detected: (_, facts) => facts.detected.length > 0,
  },
  {
    key: 'framework',
    label: 'Framework',
    flag: 'framework',
    message: 'Framework',
    kind: 'select',
    // A new folder is offered only the frameworks with a sample app; a project may have any of them.
    choices: (partial, facts) => {
      const pack = packOf(partial);
      const offered = facts && factsFor(partial, facts) ? pack.frameworks : (pack.sampleFrameworks ?? pack.frameworks);
      return offered.map((id) => ({ name: id, value: id }));
    },
    parse: (field, raw, partial) => parseFramework(field, raw, partial.language as string),
    fallback: (partial, facts) => factsFor(partial, facts)?.framework ?? packOf(partial).defaultFramework,
    detected: (partial, facts) => factsFor(partial, facts)?.framework !== undefined,
    askedWhen: (partial, facts) => !startsItsOwnServer(partial, facts),
  },
  {
    key: 'entrypoint',
    label: 'Entry point',
    flag: 'entrypoint',
    message: 'Entry point',
    kind: 'input',
    parse: (field, raw, partial) => parseEntrypoint(field, raw, partial.language as string),
    fallback: (partial, facts) =>
      factsFor(partial, facts)?.entrypoints[0] ??
      sampleFor(partial.language as string, partial.framework as string)?.entrypoint ??
      packOf(partial).sampleEntrypoint,
    candidates: (partial, facts) => factsFor(partial, facts)?.entrypoints ?? [],
    detected: (partial, facts) => (factsFor(partial, facts)?.entrypoints.length ?? 0) > 0,
    askedWhen: (partial, facts) => !startsItsOwnServer(partial, facts),
  },
  {
    key: 'runtimeVersion',
    label: 'Language version',
    flag: 'runtime-version',
    message: 'Language version',
    kind: 'select',
    choices: (partial) => [...packOf(partial).versions].reverse().map((v) => ({ name: v, value: v })),
    parse: (field, raw, partial) => parseRuntimeVersion(field, raw, partial.language as string),
    fallback: (partial, facts) => factsFor(partial, facts)?.runtimeVersion ?? packOf(partial).defaultVersion,
    detected: (partial, facts) => factsFor(partial, facts)?.runtimeVersion !== undefined,
  },
  {
    key: 'port',
    label: 'Port',
    flag: 'port',
    message: 'Port the app listens on',
    kind: 'input',
    parse: (field, raw) => parsePort(field, raw),
    fallback: (partial, facts) =>
      factsFor(partial, facts)?.port ?? packOf(partial).portFor(partial.framework as string),
    detected: (partial, facts) => factsFor(partial, facts)?.port !== undefined,
  },
  {
    key: 'base',
    label: 'Base image',
    flag: 'base',
    message: 'Base image',
    kind: 'select',
    choices: (partial) => packOf(partial).bases.map(baseChoice),
    parse: (field, raw, partial) => parseBase(field, raw, partial.language as string),
    fallback: (partial) => packOf(partial).defaultBase,
  },
  {
    key: 'buildkit',
    label: 'BuildKit cache mounts',
    flag: 'buildkit',
    message: 'Use BuildKit cache mounts?',
    kind: 'confirm',
    parse: (field, raw) => parseBoolean(field, raw),
    fallback: () => true,
  },
  {
    key: 'releaseCommand',
    label: 'Release step',
    flag: 'release-command',
    message: 'Run before the server on every start (migrations, init)',
    kind: 'select',
    // The detected commands and "none"; asked only when something was detected (askedWhen).
    choices: (partial, facts) => [
      ...((facts && factsFor(partial, facts)?.releaseCommands) ?? []).map((command) => ({
        name: command,
        value: command,
      })),
      { name: 'none (run it yourself, e.g. as a one-off job)', value: 'none' },
    ],
    parse: (field, raw) => parseReleaseCommand(field, raw),
    offered: (value) => (value === '' ? 'none' : value),
    fallback: (partial, facts) => factsFor(partial, facts)?.releaseCommands?.[0] ?? '',
    detected: (partial, facts) => (factsFor(partial, facts)?.releaseCommands?.length ?? 0) > 0,
    askedWhen: (partial, facts) => !partial.sampleApp && (factsFor(partial, facts)?.releaseCommands?.length ?? 0) > 0,
  },
  {
    key: 'command',
    label: 'Start command',
    flag: 'command',
    message: "Start command (or the app's arguments)",
    kind: 'input',
    parse: (field, raw) => parseCommand(field, raw),
    // A platform file's (Procfile web: …), checked at detection; else the generated command.
    fallback: (partial, facts) => factsFor(partial, facts)?.startCommand?.argv ?? [],
    detected: (partial, facts) => factsFor(partial, facts)?.startCommand !== undefined,
  },
];

/** Answers whose allowed values depend on the language. */
export const LANGUAGE_SPECIFIC: ReadonlySet<keyof Answers> = new Set([
  'framework',
  'entrypoint',
  'runtimeVersion',
  'base',
  'command',
]);

/**
 * Questions that are never asked: BuildKit and the start command (few users need them: flag or saved
 * answer; a platform file's command is stated when detected), and the sample
 * app, which follows from the folder (a new folder gets one, a project never does), so asking could
 * only lead into an error; it is stated instead.
 */
export const NEVER_ASKED: ReadonlySet<keyof Answers> = new Set(['buildkit', 'sampleApp', 'command']);

/** A choice of a list question; `short` is what the finished prompt shows, `description` shows under the list. */
export interface QuestionChoice {
  name: string;
  value: string;
  short?: string;
  description?: string;
}

/**
 * A base image as a choice that fits an 80-column list (2 columns of pointer): its id and hint on one
 * line when they fit, else the hint's lead (up to its colon) with the whole hint as the description
 * shown under the list. The finished prompt shows the id alone.
 */
export function baseChoice(base: { id: string; hint: string }): QuestionChoice {
  const whole = `${base.id} — ${base.hint}`;
  if (whole.length <= 76) return { name: whole, value: base.id, short: base.id };
  const lead = base.hint.split(/:|;/)[0].trim();
  const name = `${base.id} — ${lead}`;
  return {
    name: name.length <= 76 ? name : `${name.slice(0, 75)}…`,
    value: base.id,
    short: base.id,
    description: base.hint,
  };
}
