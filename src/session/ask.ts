import { InputError } from '../errors.js';
import { recordReleaseCommand, releaseCommandAccepted, shownCommand, visible } from '../config-trust.js';
import { normalisedNote, parseAppName, parseBoolean, parseReleaseCommand } from '../input/fields.js';
import type { Question } from '../input/questions.js';
import { resolveAnswers, type AskRequest, type Resolved } from '../input/resolve.js';
import { LANGUAGE_IDS, languagePack } from '../languages/index.js';
import type { Answers } from '../model.js';
import type { Prompter } from './prompter.js';
import { decideTemplates } from './saved-templates.js';
import type { Session } from './session.js';
import { ALL_TEAM_SETTINGS, decideTrust } from './trust.js';
import { YO_RC } from './yo-rc.js';

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
  // The saved templates folder first: when it is used, a team config's own templates are not.
  await decideTemplates(session, prompter);
  await decideTeamTrust(session, prompter);
  await decideSavedRelease(session, prompter);
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
  // `slim-docker sample` writes only the sample: next to a project there is nothing it may write.
  const sampleOnly = session.kinds.length === 1 && session.kinds[0] === 'source';
  const project = facts.detected[0];
  if (sampleOnly && project && !sampleIsOurs) throw sampleRefused(project.language, project.evidence);
  session.outcome = await resolveAnswers({
    flags: session.flags,
    saved: session.saved,
    facts,
    team: session.team && { source: session.team.path, defaults: session.team.defaults, locked: session.team.locked },
    yes: settings.yes,
    ask:
      prompter &&
      (async (request) => {
        const answer = await askOne(prompter, request);
        // An app name typed "MyApp" is read as "myapp": said so.
        if (request.question.key === 'appName' && typeof answer === 'string' && answer.trim() !== '') {
          const note = normalisedNote(request.question.label, answer, parseAppName('app name', answer));
          if (note) io.log(`  ${note}`);
        }
        return answer;
      }),
    state: (label, value, why) => io.log(`✔ ${label}: ${value} (${why})`),
    exposedPort: session.exposedPort,
    sampleIsOurs,
  });
  if (sampleOnly && !session.outcome.answers.sampleApp)
    throw new InputError('sample', 'the answer to "sample app" is no (--no-sample-app): nothing to write');
  // A release command the user gave (not one detection found) is recorded as theirs, so a re-run that
  // finds it saved in .yo-rc.json runs without asking again.
  const release = session.outcome.answers.releaseCommand;
  if (
    session.outcome.sources.releaseCommand === 'flag' &&
    release &&
    !detectedReleaseCommands(session).includes(release)
  )
    recordReleaseCommand(io.root, release);
  return session.outcome;
}

const detectedReleaseCommands = (session: Session): string[] =>
  session.facts.detected.flatMap((found) => found.releaseCommands ?? []);

/**
 * A release command saved in .yo-rc.json runs (a shell command) before the server on every start. The
 * file comes with the repository, so its claims are not the user's: a saved command is used as it is
 * only when detection finds it too, or when the user accepted it in this project before (recorded in
 * their own trust store, never in the project). Otherwise it is shown whole and confirmed at a prompt
 * (declined: dropped, as if never saved); without one (--yes, no terminal) the run is refused with one
 * line naming --release-command (exit 2). A flag, or a team lock (trusted with its config), decides
 * instead of the saved value and needs nothing here.
 */
async function decideSavedRelease(session: Session, prompter: Prompter | undefined): Promise<void> {
  const saved = session.saved.releaseCommand;
  if (typeof saved !== 'string' || saved.trim() === '' || saved.trim() === 'none') return;
  if (session.flags.releaseCommand !== undefined || session.team?.locked.releaseCommand !== undefined) return;
  const command = parseReleaseCommand(`${YO_RC} "releaseCommand"`, saved);
  if (detectedReleaseCommands(session).includes(command) || releaseCommandAccepted(session.io.root, command)) return;
  const shown = shownCommand(command);
  if (!prompter) {
    throw new InputError(
      `${YO_RC} "releaseCommand"`,
      `${shown} was not detected in this project and you have not accepted it here; it would run before the server on every start. Rerun with --release-command ${visible(command) === command ? `'${command.replace(/'/g, "'\\''")}'` : 'and that command'} to accept it, or --no-release-command`,
    );
  }
  const keep = await prompter.confirm(
    'savedReleaseCommand',
    `${YO_RC} saves the release step ${shown}, which was not detected here and which you have not accepted in this project; it runs before the server on every start. Keep it?`,
    false,
  );
  if (keep) {
    const store = recordReleaseCommand(session.io.root, command);
    session.io.log(`  accepted; recorded in ${store}`);
  } else {
    delete session.saved.releaseCommand;
    session.io.log(`  dropped the saved release step ${shown}`);
  }
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

/** `slim-docker sample` next to a project: one line, exit 2 (the sample goes only into a new folder). */
function sampleRefused(language: string, evidence: readonly string[]): InputError {
  return new InputError(
    'sample',
    `this folder already holds a ${language} project (${evidence.join(', ') || 'source files'}); the sample app is only written into a new folder: run it in an empty one`,
  );
}
