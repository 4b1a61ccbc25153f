import { InputError } from '../errors.js';
import { parseBoolean } from '../input/fields.js';
import type { Question } from '../input/questions.js';
import { resolveAnswers, type AskRequest, type Resolved } from '../input/resolve.js';
import { LANGUAGE_IDS, languagePack } from '../languages/index.js';
import type { Answers } from '../model.js';
import type { Prompter } from './prompter.js';
import type { Session } from './session.js';
import { ALL_TEAM_SETTINGS, decideTrust } from './trust.js';

/**
 * A team config found by the search that changes more than answers is used only once trusted (asked
 * here, before the first question; refused under --yes without --trust-config). Decided once per run.
 */
export async function decideTeamTrust(session: Session, prompter: Prompter | undefined): Promise<void> {
  if (!session.team || session.trustDecided) return;
  session.trustDecided = true;
  session.team = await decideTrust(session.team, {
    projectDir: session.io.root,
    yes: session.settings.yes,
    trustConfig: session.flags.trustConfig !== undefined && parseBoolean('--trust-config', session.flags.trustConfig),
    templatesFlag: session.settings.templates !== undefined,
    uses: ALL_TEAM_SETTINGS,
    prompter: session.settings.yes ? undefined : prompter,
    log: session.io.log,
    env: process.env,
  });
}

/** Resolves every answer, asking through the prompter (none: --yes, or nothing to ask with). */
export async function ask(session: Session, prompter: Prompter | undefined): Promise<Resolved> {
  await decideTeamTrust(session, prompter);
  const { io, facts, settings } = session;
  // A saved "sample app: yes" stands only while every sample file is on disk and recorded as written
  // by slim-docker: a .yo-rc.json alone (copied, cloned, or from an older run) never puts a sample
  // next to a project.
  const savedLanguage =
    typeof session.saved.language === 'string' && LANGUAGE_IDS.includes(session.saved.language)
      ? session.saved.language
      : undefined;
  const recorded = Object.keys(session.record);
  const sampleIsOurs =
    savedLanguage !== undefined &&
    languagePack(savedLanguage)
      .sampleFiles(session.saved as unknown as Answers)
      .every((file) => recorded.includes(file.destination) && io.read(file.destination) !== undefined);
  session.outcome = await resolveAnswers({
    flags: session.flags,
    saved: session.saved,
    facts,
    team: session.team && { source: session.team.path, defaults: session.team.defaults, locked: session.team.locked },
    yes: settings.yes,
    ask: prompter && ((request) => askOne(prompter, request)),
    state: (label, value, why) => io.log(`✔ ${label}: ${value} (${why})`),
    exposedPort: session.exposedPort,
    sampleIsOurs,
  });
  return session.outcome;
}

async function askOne(prompter: Prompter, { question, defaultValue, choices, partial }: AskRequest): Promise<unknown> {
  if (choices) return prompter.select(question.key, question.message, choices, String(defaultValue));
  if (question.kind === 'confirm') return prompter.confirm(question.key, question.message, Boolean(defaultValue));
  return prompter.input(question.key, question.message, String(defaultValue), (value) =>
    validateAnswer(question, value, partial),
  );
}

/** A prompt's validator: the same parser as the flag, its message without the field (the prompt names it). */
function validateAnswer(question: Question, value: string, partial: Partial<Answers>): true | string {
  try {
    question.parse(question.label, value, partial);
    return true;
  } catch (error) {
    return error instanceof InputError ? error.detail : (error as Error).message;
  }
}
