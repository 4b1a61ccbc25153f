/**
 * Resolution of every answer: flag → team lock → saved (.yo-rc.json) → detected → team default →
 * default, and a prompt (unless --yes) offering that value as its default. Every flag is checked
 * before the first question (checkFlags), so a bad flag never costs the user an answer.
 */
import { InputError } from '../errors.js';
import { LANGUAGE_IDS, LANGUAGE_PACKS, languagePack } from '../languages/index.js';
import { sampleFor } from '../languages/samples.js';
import { adoptStart } from '../languages/start-command.js';
import { factsFor, type Answers, type AnswerSource, type Facts, type LanguageFacts } from '../model.js';
import { didYouMean } from './suggest.js';
import { LANGUAGE_SPECIFIC, NEVER_ASKED, QUESTIONS, type Question, type QuestionChoice } from './questions.js';

type Raw = Record<string, unknown>;

/** One question to put to the user, with everything the prompt needs. */
export interface AskRequest {
  question: Question;
  /** The value offered as the default (Enter, or an emptied input, takes it). */
  defaultValue: unknown;
  /** For select questions: the allowed values, in order (a detected or allowed subset when narrower). */
  choices?: QuestionChoice[];
  partial: Partial<Answers>;
}

export interface Ask {
  (request: AskRequest): Promise<unknown>;
}

/** A team's default and locked answers (raw; parsed here with the config named in errors). */
export interface TeamAnswers {
  source: string;
  defaults: Raw;
  locked: Raw;
  /** Merged from presets: which source set each default and lock (otherwise `source` for all). */
  sources?: { defaults: Record<string, string>; locked: Record<string, string> };
}

/** The source of a team default or lock, as named in messages. */
const teamSource = (team: TeamAnswers, part: 'defaults' | 'locked', key: string): string =>
  team.sources?.[part][key] ?? team.source;

export interface ResolveInput {
  flags: Raw;
  saved: Raw;
  facts: Facts;
  team?: TeamAnswers;
  yes: boolean;
  /** Asks one question; absent means nothing is asked (non-interactive). */
  ask?: Ask;
  /** Says what was decided without asking (a one-choice question, the sample app), interactive runs only. */
  state?: (label: string, value: string, why: string) => void;
  /** The port an existing Dockerfile of the user's EXPOSEs: the port's default when nothing is saved. */
  exposedPort?: number;
  /** Whether the sample files on disk are ours (recorded in .yo-rc.json, or no record at all: an older run). */
  sampleIsOurs?: boolean;
}

export interface Resolved {
  answers: Answers;
  sources: Record<keyof Answers, AnswerSource>;
}

const byKey = (key: keyof Answers) => QUESTIONS.find((question) => question.key === key)!;

/**
 * The languages every language-specific flag fits (--framework, --entrypoint, --runtime-version,
 * --base). With --language they must fit it; otherwise a flag that fits no language is an error now,
 * before any question, naming what each language allows.
 */
export function checkFlags(flags: Raw, interactive = true): string[] {
  for (const question of QUESTIONS) {
    if (!LANGUAGE_SPECIFIC.has(question.key) && flags[question.key] !== undefined)
      question.parse(`--${question.flag}`, flags[question.key], {});
  }
  // Asking nothing, the language is known before any language-specific flag is read: the loop checks
  // them against it (so `--base distroless` alone is an error naming Python's bases, not a Go project).
  if (!interactive) return [...LANGUAGE_IDS];
  const fixed =
    flags.language === undefined ? undefined : (byKey('language').parse('--language', flags.language, {}) as string);
  let languages = fixed ? [fixed] : [...LANGUAGE_IDS];
  for (const question of QUESTIONS.filter((q) => LANGUAGE_SPECIFIC.has(q.key) && flags[q.key] !== undefined)) {
    const errors: InputError[] = [];
    const fits = languages.filter((language) => {
      try {
        question.parse(`--${question.flag}`, flags[question.key], { language });
        return true;
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        errors.push(error);
        return false;
      }
    });
    if (fits.length === 0) {
      if (errors.length === 1) throw errors[0];
      const value = JSON.stringify(String(flags[question.key]));
      const allowed = languages.map((language) => `${language}: ${allowedFor(question, language)}`).join('; ');
      const values =
        question.key === 'entrypoint' ? [] : languages.flatMap((language) => allowedFor(question, language).split('|'));
      const hint = didYouMean(String(flags[question.key]), [...new Set(values)]);
      throw new InputError(`--${question.flag}`, `${value} fits no language${hint}; use ${allowed}`);
    }
    languages = fits;
  }
  return languages;
}

/** What a language-specific answer allows, in a few words, for an error message. */
function allowedFor(question: Question, language: string): string {
  const pack = languagePack(language);
  if (question.key === 'framework') return pack.frameworks.join('|');
  if (question.key === 'runtimeVersion') return pack.versions.join('|');
  if (question.key === 'base') return pack.bases.map((base) => base.id).join('|');
  return pack.entrypointForm;
}

/**
 * Resolution order for every answer: flag → saved (.yo-rc.json) → detected → default, and a prompt
 * (unless --yes) for anything no flag set, offering that value as its default. Select questions with
 * one possible value are not asked; the value is stated instead.
 */
export async function resolveAnswers(input: ResolveInput): Promise<Resolved> {
  const interactive = !input.yes && input.ask !== undefined;
  const allowedLanguages = checkFlags(input.flags, interactive);
  const partial: Partial<Answers> = {};
  const sources = {} as Record<keyof Answers, AnswerSource>;
  for (const question of QUESTIONS) {
    const flagValue = input.flags[question.key];
    // Saved framework/entry/version/base belong to the saved language: a switch of language drops them.
    const otherLanguage =
      LANGUAGE_SPECIFIC.has(question.key) &&
      input.saved.language !== undefined &&
      input.saved.language !== partial.language;
    let savedValue = otherLanguage ? undefined : input.saved[question.key];
    // A saved version the project now rules out (its constraint changed) gives way to the detected one.
    const allowedNow = question.key === 'runtimeVersion' && factsFor(partial, input.facts)?.allowedVersions;
    if (allowedNow && !allowedNow.versions.includes(String(savedValue))) savedValue = undefined;
    if (question.key === 'sampleApp' && savedValue !== undefined) savedValue = usableSavedSample(savedValue, input);
    const lockedRaw = input.team?.locked[question.key];
    // A team lock on a language-specific answer binds the languages it is valid for (a python version
    // lock does not stop a Go service); any other lock that does not parse is an error naming it.
    let locked: unknown;
    try {
      locked =
        lockedRaw === undefined
          ? undefined
          : question.parse(
              `${teamSource(input.team!, 'locked', question.key)} locked.${question.key}`,
              lockedRaw,
              partial,
            );
    } catch (error) {
      if (!LANGUAGE_SPECIFIC.has(question.key) || input.team?.locked.language !== undefined) throw error;
    }
    let value: unknown;
    if (flagValue !== undefined) {
      value = question.parse(`--${question.flag}`, flagValue, partial);
      if (locked !== undefined && String(value) !== String(locked)) {
        throw new InputError(
          `--${question.flag}`,
          `${JSON.stringify(String(value))} conflicts with the team's locked ${question.key} ${JSON.stringify(String(locked))} (${teamSource(input.team!, 'locked', question.key)})`,
        );
      }
      sources[question.key] = 'flag';
    } else if (locked !== undefined) {
      // Locked answers beat saved and detected ones and are never asked.
      value = locked;
      sources[question.key] = 'locked';
    } else {
      let source: AnswerSource = 'default';
      let candidates = question.candidates?.(partial, input.facts) ?? [];
      if (question.key === 'language')
        candidates = candidates.filter((language) => allowedLanguages.includes(language));
      const teamDefault = input.team?.defaults[question.key];
      if (savedValue !== undefined) {
        value = question.parse(`.yo-rc.json "${question.key}"`, savedValue, partial);
        source = 'saved';
      } else if (question.key === 'entrypoint' && partial.sampleApp) {
        // The sample app's entry point is the sample's own (Django's config.wsgi:application): nothing to ask.
        value =
          sampleFor(partial.language!, partial.framework as string)?.entrypoint ??
          languagePack(partial.language!).sampleEntrypoint;
      } else if (question.key === 'port' && input.exposedPort !== undefined) {
        value = input.exposedPort;
        source = 'detected';
      } else {
        if (candidates.length > 1 && !interactive) {
          throw new InputError(
            `--${question.flag}`,
            `several found (${candidates.join(', ')})${question.key === 'language' && input.facts.languageNote ? `: ${input.facts.languageNote}` : ''}; set --${question.flag} to choose`,
          );
        }
        if (question.detected?.(partial, input.facts) || teamDefault === undefined) {
          const fallback =
            question.key === 'language' && !allowedLanguages.includes(String(question.fallback(partial, input.facts)))
              ? allowedLanguages[0]
              : question.fallback(partial, input.facts);
          value = question.parse(`detected ${question.key}`, fallback, partial);
          if (question.detected?.(partial, input.facts)) source = 'detected';
        } else {
          value = question.parse(
            `${teamSource(input.team!, 'defaults', question.key)} defaults.${question.key}`,
            teamDefault,
            partial,
          );
          source = 'team default';
        }
      }
      sources[question.key] = source;
      let choices = choicesFor(question, partial, candidates, source === 'saved', allowedLanguages, input.facts);
      // Only the versions the project's own constraint allows are offered.
      const allowedVersions = question.key === 'runtimeVersion' && factsFor(partial, input.facts)?.allowedVersions;
      if (allowedVersions && choices)
        choices = choices.filter((choice) => allowedVersions.versions.includes(choice.value));
      const asked =
        interactive &&
        !NEVER_ASKED.has(question.key) &&
        !(question.key === 'entrypoint' && partial.sampleApp) &&
        (question.askedWhen?.(partial, input.facts) ?? true);
      if (asked && choices && choices.length === 1) {
        value = question.parse(question.label, choices[0].value, partial);
        // A version the project pins (.nvmrc, go.mod, rust-toolchain.toml …) says so, not "the only choice".
        const why = allowedVersions
          ? `pinned by ${allowedVersions.source}`
          : onlyChoiceReason(question, partial, allowedLanguages);
        input.state?.(question.label, choices[0].name, why);
      } else if (asked) {
        const answer = await input.ask!({
          question,
          defaultValue: question.offered?.(value) ?? value,
          choices,
          partial,
        });
        value = question.parse(question.label, answer === '' || answer === undefined ? value : answer, partial);
        sources[question.key] = 'prompt';
      } else if (interactive && question.key === 'sampleApp' && value === true) {
        input.state?.(
          question.label,
          'yes',
          source === 'saved' ? 'saved, and the sample here is ours' : `new folder: ${newFolderWhy(input.facts)}`,
        );
      }
    }
    if (question.key === 'runtimeVersion') {
      const field = {
        flag: `--${question.flag}`,
        locked: `${input.team && teamSource(input.team, 'locked', question.key)} locked.${question.key}`,
      }[sources[question.key] as string];
      if (field) refuseDisallowedVersion(field, String(value), factsFor(partial, input.facts));
    }
    (partial as Record<string, unknown>)[question.key] = value;
  }
  const answers = partial as Answers;
  // A sample app goes only into a folder with no project in it: never next to the user's own code.
  const project = factsFor(answers, input.facts);
  // A problem that names a flag the user has answered (--entrypoint, --framework) is solved by that answer.
  const answered = QUESTIONS.filter(
    (question) =>
      sources[question.key] === 'flag' ||
      sources[question.key] === 'saved' ||
      sources[question.key] === 'prompt' ||
      sources[question.key] === 'locked',
  ).map((question) => `--${question.flag}`);
  const problems = project?.problems.filter((problem) => !answered.some((flag) => problem.includes(flag))) ?? [];
  // Any project, in any language, keeps the sample out. A saved sampleApp means the sample is ours from
  // an earlier run: regenerating it goes through the per-file rules like every other file.
  const existing = input.facts.detected[0];
  if (answers.sampleApp && existing && sources.sampleApp !== 'saved') {
    throw new InputError(
      sources.sampleApp === 'flag' ? '--sample-app' : 'sampleApp',
      `this folder already holds a ${existing.language} project (${existing.evidence.join(', ') || 'source files'}); the sample app is only written into a new folder`,
    );
  }
  const frameworkProblem = languagePack(answers.language).frameworkProblem?.(
    answers.framework,
    answers.sampleApp ? undefined : project,
  );
  if (frameworkProblem)
    throw new InputError(
      { flag: '--framework', saved: '.yo-rc.json "framework"' }[sources.framework as string] ?? 'project',
      frameworkProblem,
    );
  // A start command the image cannot run (a binary it lacks, $VARS exec form leaves alone) is refused now.
  const start = answers.command?.length
    ? adoptStart(languagePack(answers.language), answers.command, answers.port, answers.sampleApp ? undefined : project)
    : undefined;
  if (start && 'problem' in start)
    throw new InputError(
      { flag: '--command', saved: '.yo-rc.json "command"' }[sources.command as string] ?? 'command',
      `${JSON.stringify(answers.command!.join(' '))} cannot start this image: ${start.problem}`,
    );
  if (!answers.sampleApp && problems.length) {
    throw new InputError('project', `cannot be served as it is: ${problems.join('; ')}`);
  }
  if (!answers.sampleApp && !project) {
    // A language nobody chose (the default) is no finding: name every language's files, not the default's alone
    // (a main.go without go.mod was told "no Python project here").
    const looked =
      sources.language === 'default'
        ? `no project of any language here (looked for ${LANGUAGE_PACKS.map((pack) => `${pack.label}: ${pack.markerFiles.join(', ')}`).join('; ')})`
        : `no ${languagePack(answers.language).label} project here (looked for ${languagePack(answers.language).markerFiles.join(', ')})`;
    throw new InputError('project', `${looked}; run in the project folder, or in a new folder for a sample app`);
  }
  return { answers, sources };
}

/**
 * A version the project's own constraint rules out (requires-python, engines, go.mod, the pinned
 * framework's range) is refused with one line naming both, before anything is written.
 */
function refuseDisallowedVersion(field: string, value: string, project: LanguageFacts | undefined): void {
  const allowed = project?.allowedVersions;
  if (!allowed || allowed.versions.includes(value)) return;
  throw new InputError(
    field,
    `${value} is ruled out by ${allowed.source}, which allows ${allowed.versions.join(', ')}`,
  );
}

/**
 * A saved sample-app answer is used only while it still fits the folder, so it never leads into an
 * error: "yes" while the folder is new or holds our own sample, "no" while it holds a project.
 */
function usableSavedSample(saved: unknown, input: ResolveInput): unknown {
  if (saved === true) return input.facts.empty || input.sampleIsOurs !== false ? saved : undefined;
  if (saved === false) return input.facts.empty ? undefined : saved;
  return saved;
}

/** The choices a select question offers: detected candidates when several, else its own list (narrowed for language). */
function choicesFor(
  question: Question,
  partial: Partial<Answers>,
  candidates: string[],
  saved: boolean,
  allowedLanguages: string[],
  facts?: Facts,
) {
  if (question.kind !== 'select' && candidates.length <= 1) return undefined;
  if (candidates.length > 1 && !saved)
    return candidates.map((value) => ({
      name: question.key === 'language' ? languagePack(value).label : value,
      value,
    }));
  const all = question.choices?.(partial, facts) ?? [];
  return question.key === 'language' ? all.filter((choice) => allowedLanguages.includes(choice.value)) : all;
}

function onlyChoiceReason(question: Question, partial: Partial<Answers>, allowedLanguages: string[]): string {
  if (question.key === 'language')
    return allowedLanguages.length < LANGUAGE_IDS.length ? 'the only language the flags fit' : 'the only choice';
  return `the only choice for ${languagePack(partial.language!).label}`;
}

function newFolderWhy(facts: Facts): string {
  return facts.detected.length === 0 ? 'no project files yet' : 'nothing but our own files';
}
