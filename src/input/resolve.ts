/**
 * Resolution of every answer: flag → team lock → saved (.yo-rc.json) → detected → team default →
 * default, and a prompt (unless --yes) offering that value as its default.
 */
import { InputError } from '../errors.js';
import { languagePack } from '../languages/index.js';
import { factsFor, type Answers, type AnswerSource, type Facts } from '../model.js';
import { LANGUAGE_SPECIFIC, NEVER_ASKED, QUESTIONS, type Question } from './questions.js';

type Raw = Record<string, unknown>;

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
