/**
 * One generation run, in steps, with no Yeoman in it: open (every flag checked, team config, detect),
 * ask, plan (render and decide per file), decide conflicts, commit (one write of everything, then
 * .yo-rc.json), finish (summary, verification, next steps). The package's bin calls the steps in a row
 * (its fast path: no yeoman-environment); each Yeoman generator calls the same steps from its own
 * priorities. So the rules for input, files, conflicts and writing exist once.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  discoverTeamConfig,
  recordReleaseCommand,
  releaseCommandAccepted,
  shownCommand,
  visible,
} from '../config-trust.js';
import { contextSources, exposedPort } from './dockerfile-facts.js';
import { detect } from '../detect/index.js';
import { mergeDockerignore, secretsLetIn } from '../dockerignore-merge.js';
import type { BuildSecret } from '../detect/credentials.js';
import { isCredentialFile, secretContent, secretPath } from '../secrets.js';
import { contextFilter, walkContext } from '../verify/context.js';
import { CancelledError, InputError } from '../errors.js';
import { readFlags } from '../input/flags.js';
import type { Question } from '../input/questions.js';
import { QUESTIONS } from '../input/questions.js';
import { checkFlags, resolveAnswers, type AskRequest, type Resolved } from '../input/resolve.js';
import { resolveRunSettings } from '../input/run-settings.js';
import { readSaved } from '../input/saved.js';
import { LANGUAGE_IDS, languagePack } from '../languages/index.js';
import type { FileKind } from '../languages/types.js';
import { factsFor, type Answers, type Facts, type RunSettings } from '../model.js';
import { plan } from '../plan.js';
import { renderAll, type Overrides, type RenderedFile } from '../render.js';
import type { TeamConfig } from '../team-config.js';
import { parseBoolean, parseReleaseCommand } from '../input/fields.js';
import { decideChange, hashOf, nextRecord, writesOf, type FileChange, type FileRecord } from './changes.js';
import { OutsideProjectError, acquireLock, refuseHomeOrRoot } from './files.js';
import type { Prompter } from './prompter.js';
import { ALL_TEAM_SETTINGS, decideTrust, teamEffects } from './trust.js';

export const YO_RC = '.yo-rc.json';
export const YO_RC_KEY = 'generator-slim-docker';
/** Where the record of written files sits inside our .yo-rc.json entry. */
export const FILES_KEY = 'files';

/** How a session reads the project and talks to the user. */
export interface ProjectIO {
  /** The project folder (absolute). */
  root: string;
  /** A project file's text (path relative to root), or undefined when there is none. */
  read(path: string): string | undefined;
  log(line: string): void;
}

export interface Session {
  io: ProjectIO;
  flags: Record<string, unknown>;
  settings: RunSettings;
  team: TeamConfig | undefined;
  facts: Facts;
  /** .yo-rc.json as read (every generator's entry), and ours within it. */
  yoRc: Record<string, unknown>;
  savedEntry: Record<string, unknown>;
  saved: Record<string, unknown>;
  record: FileRecord;
  /** The EXPOSE of a Dockerfile already here that is not ours: the port's default. */
  exposedPort?: number;
  /** Set by ask(). */
  outcome?: Resolved;
  /** Set by plan(): one change per planned file. */
  changes: FileChange[];
  /** Kinds this run writes (the app: all; a sub-generator: its own). */
  kinds: readonly FileKind[];
  /** Releases the folder's lock (also released when the process exits). */
  release: () => void;
  /** Whether the team config's trust has been decided (ask() does it once, before the first question). */
  trustDecided?: boolean;
  /** Set by planChanges(): the project's secret-shaped files that .dockerignore keeps out of the build context. */
  secretsKeptOut?: string[];
}

/** Everything known before the first question: every flag checked, run settings, team config, detection. */
export async function openSession(
  io: ProjectIO,
  options: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  kinds: readonly FileKind[],
): Promise<Session> {
  const flags = readFlags(options);
  const settings = resolveRunSettings(flags, env);
  checkFlags(flags, !settings.yes);
  if (flags.trustConfig !== undefined) parseBoolean('--trust-config', flags.trustConfig);
  // Nothing of the folder is read before it is known to be a project folder and this run holds it.
  refuseHomeOrRoot(io.root, settings.force);
  const release = acquireLock(io.root, io.log);
  try {
    return await openLocked(io, flags, settings, kinds, release);
  } catch (error) {
    release();
    throw error;
  }
}

async function openLocked(
  io: ProjectIO,
  flags: Record<string, unknown>,
  settings: RunSettings,
  kinds: readonly FileKind[],
  release: () => void,
): Promise<Session> {
  const team = await loadTeam(io, settings.config);
  if (settings.templates && !existsSync(resolve(io.root, settings.templates))) {
    throw new InputError(
      '--templates',
      `${resolve(io.root, settings.templates)} does not exist; eject the built-in templates with \`slim-docker eject-templates DIR\``,
    );
  }
  if (team) {
    io.log(
      `Team config: ${visible(team.path)}${Object.keys(team.locked).length ? ` (locked: ${Object.keys(team.locked).join(', ')})` : ''}`,
    );
    // What it changes is shown before anything is written (and before it is trusted).
    for (const line of teamEffects(team, { uses: ALL_TEAM_SETTINGS, templatesFlag: settings.templates !== undefined }))
      io.log(line);
  }
  const { yoRc, entry } = readYoRc(io);
  const saved = readSaved(entry);
  const record = readRecord(entry[FILES_KEY]);
  const facts = await detect(io.root);
  for (const found of facts.detected) {
    const details = [
      found.framework,
      found.entrypoints.length && `entry ${found.entrypoints.join(' | ')}`,
      (found.port || found.portEnv) && `port ${found.port ?? '?'}${found.portEnv ? ` ($${found.portEnv})` : ''}`,
      found.runtimeVersion &&
        `version ${found.runtimeVersion}${found.versionSource ? ` (${found.versionSource})` : ''}`,
      found.packageManager && `installs with ${found.packageManager}`,
      found.statePaths?.length && `writes ${found.statePaths.join(', ')} at run time`,
      found.releaseCommands?.length && `release step ${found.releaseCommands.join(' | ')}`,
    ];
    io.log(
      `Detected ${found.language} (${found.evidence.join(', ') || 'source files'}): ${details.filter(Boolean).join(', ')}`,
    );
    for (const problem of found.problems) io.log(`  ! ${problem}`);
    for (const note of found.notes ?? []) io.log(`  note: ${note}`);
    // Said before the build, so a verification that cannot reach them is no surprise.
    if (found.services?.length)
      io.log(
        `  note: the code reads ${found.services.map((s) => `${s.envVar} (${s.service})`).join(', ')}; verification runs the image alone, so give it one on 127.0.0.1 with --env-file FILE if the app cannot start without it`,
      );
  }
  const dockerfile = io.read('Dockerfile');
  const theirs =
    dockerfile !== undefined && record.Dockerfile !== hashOf(dockerfile) ? exposedPort(dockerfile) : undefined;
  return {
    io,
    flags,
    settings,
    team,
    facts,
    yoRc,
    savedEntry: entry,
    saved,
    record,
    exposedPort: theirs,
    changes: [],
    kinds,
    release,
  };
}

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

/** The template overrides in force: --templates, else the team config's. */
const overridesOf = (session: Session): Overrides | undefined =>
  session.settings.templates
    ? resolve(session.io.root, session.settings.templates)
    : session.team?.templates && { dir: session.team.templates, hashes: session.team.templateHashes };

const renderFor = async (session: Session, answers: Answers): Promise<RenderedFile[]> =>
  renderAll(plan(answers, session.facts, session.team), overridesOf(session));

/**
 * Renders every file of this run (each Dockerfile parsed) and decides, per file, what writing it
 * means. Nothing is written here.
 */
export async function planChanges(session: Session): Promise<FileChange[]> {
  const { answers } = session.outcome!;
  const rendered = (await renderFor(session, answers)).filter(
    (file) => session.kinds.includes(file.kind) && (file.kind !== 'source' || answers.sampleApp),
  );
  const bases = await baseFiles(session);
  session.changes = rendered.map((file) => {
    if (file.kind === 'dockerignore') return dockerignoreChange(session, file, rendered);
    return decideChange({
      path: file.destination,
      kind: file.kind,
      ours: file.contents,
      disk: session.io.read(file.destination),
      recorded: session.record[file.destination],
      base: bases?.get(file.destination),
    });
  });
  const dockerignore = session.changes.find((change) => change.kind === 'dockerignore');
  if (dockerignore) {
    const text = dockerignore.write ?? dockerignore.disk ?? dockerignore.ours;
    await warnSecretsLetIn(session, text);
    session.secretsKeptOut = await secretsKeptOut(session, text);
  }
  return session.changes;
}

/**
 * The project's secret-shaped files (and secret folders such as .aws) that would reach the build
 * context without the .dockerignore's rules, for one line of the summary: never `COPY` them in. A
 * credential file counts when its contents hold credentials; the build secrets are named elsewhere.
 */
async function secretsKeptOut(session: Session, dockerignore: string): Promise<string[]> {
  const { io } = session;
  const buildSecretFiles = new Set(buildSecretsOf(session).map((secret) => secret.file));
  let walk;
  try {
    walk = await walkContext(io.root, contextFilter(dockerignore.split(/\r?\n/)));
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const rel of walk.excluded) {
    if (buildSecretFiles.has(rel)) continue;
    if (secretPath(rel)) found.push(rel);
    else if (isCredentialFile(rel)) {
      let text: string | undefined;
      try {
        text = io.read(rel);
      } catch {
        text = undefined;
      }
      if (text !== undefined && secretContent(rel, text)) found.push(rel);
    }
  }
  return found;
}

/**
 * Our .dockerignore keeps every secret shape out; only a negation of the user's can let one back in
 * (`!.env`, `!config/*.pem`). Then the context is walked as the engine will send it and each secret
 * that gets through is named, before anything is written. Files are read only to tell a credential
 * file (.npmrc, pip.conf …) with credentials from a harmless one.
 */
async function warnSecretsLetIn(session: Session, dockerignore: string): Promise<void> {
  const ours = new Set(['!.env.example']);
  const lines = dockerignore.split(/\r?\n/);
  if (!lines.some((line) => line.trim().startsWith('!') && !ours.has(line.trim()))) return;
  const { io } = session;
  const walk = await walkContext(io.root, contextFilter(lines));
  const letIn = new Map<string, string>();
  for (const file of secretsLetIn(dockerignore, walk.included)) letIn.set(file, secretPath(file)!);
  for (const file of walk.included.filter(isCredentialFile)) {
    let text: string | undefined;
    try {
      text = io.read(file);
    } catch {
      text = undefined;
    }
    const why = text === undefined ? undefined : secretContent(file, text);
    if (why) letIn.set(file, why);
  }
  for (const secret of buildSecretsOf(session))
    if (walk.included.includes(secret.file) && !letIn.has(secret.file)) letIn.set(secret.file, secret.why);
  for (const [file, why] of letIn)
    io.log(
      `! .dockerignore lets ${file} (${why}) into the build context: \`COPY . .\` puts it in the image; remove the negation that re-includes it`,
    );
}

/** The build secrets the Dockerfile written for these answers mounts (an existing project's .npmrc, pip.conf). */
export function buildSecretsOf(session: Session): BuildSecret[] {
  const { answers } = session.outcome!;
  if (answers.sampleApp || !dockerfileFollowsAnswers(session)) return [];
  const extra = factsFor(answers, session.facts)?.extra as { buildSecrets?: BuildSecret[] } | undefined;
  return extra?.buildSecrets ?? [];
}

/** Our files for the saved answers (the merge bases), or undefined when they cannot be rendered. */
async function baseFiles(session: Session): Promise<Map<string, string> | undefined> {
  if (Object.keys(session.saved).length === 0) return undefined;
  try {
    const { answers } = await resolveAnswers({
      flags: {},
      saved: session.saved,
      facts: session.facts,
      yes: true,
      team: undefined,
      sampleIsOurs: true,
    });
    return new Map((await renderFor(session, answers)).map((file) => [file.destination, file.contents]));
  } catch {
    return undefined;
  }
}

/**
 * The .dockerignore is merged, never replaced, and never a conflict: the user's lines stay in order,
 * what is missing is added in one marked block. Ours (what the record hashes) is the file we would
 * write into a folder without one; a file of ours nobody edited is simply regenerated.
 */
function dockerignoreChange(session: Session, file: RenderedFile, rendered: RenderedFile[]): FileChange {
  const { io, team } = session;
  const { answers } = session.outcome!;
  const pack = languagePack(answers.language);
  const project = factsFor(answers, session.facts);
  const mustKeep = answers.sampleApp
    ? rendered.filter((candidate) => candidate.kind === 'source').map((candidate) => candidate.destination)
    : [
        ...(project?.dependencyFiles ?? []),
        ...pack.entryFiles(answers.entrypoint, project).filter((path) => existsSync(join(io.root, path))),
      ];
  if (answers.sampleApp && !session.kinds.includes('source'))
    mustKeep.push(...pack.sampleFiles(answers).map((sample) => sample.destination));
  if (team?.caCertificate) mustKeep.push(team.caCertificate);
  // A Dockerfile of the user's that stays (kept with --yes, or declined) must keep building too.
  mustKeep.push(...contextSources(io.read('Dockerfile')));
  const gitignore = readGitignore(io);
  const ours = mergeDockerignore({ existing: undefined, ours: file.contents, gitignore, mustKeep });
  const disk = io.read(file.destination);
  const change = { path: file.destination, kind: file.kind, ours, disk };
  if (disk === undefined) return { ...change, action: 'create', write: ours, note: '' };
  if (disk === ours) return { ...change, action: 'identical', note: '' };
  if (session.record[file.destination] === hashOf(disk))
    return { ...change, action: 'update', write: ours, note: 'ours, never edited: regenerated' };
  const merged = mergeDockerignore({ existing: disk, ours: file.contents, gitignore, mustKeep });
  if (merged === disk) return { ...change, action: 'edited', note: 'your lines kept; nothing missing' };
  return {
    ...change,
    action: 'merge',
    write: merged,
    note: 'your lines kept; missing entries added in a marked block',
  };
}

/** The .gitignore, unless it is a symlink out of the project: then it is not read (and the user is told). */
function readGitignore(io: ProjectIO): string | undefined {
  try {
    return io.read('.gitignore');
  } catch (error) {
    if (!(error instanceof OutsideProjectError)) throw error;
    io.log(
      `! ${error.message.replace(/; slim-docker neither.*$/, '')}: not read, so none of its entries are carried over`,
    );
    return undefined;
  }
}

/**
 * Decides every conflict before anything is written: --force overwrites, --yes keeps the user's file
 * (and shows the diff), otherwise the user picks keep / overwrite / abort after seeing the full diff.
 * Abort (or Ctrl-C) throws CancelledError: nothing has been written.
 */
export async function decideConflicts(session: Session, prompter: Prompter | undefined): Promise<void> {
  await decideEach(session.changes, session.settings, session.io, prompter);
}

/** decideConflicts for any list of changes (compose.yaml and the CI workflow use it too). */
export async function decideEach(
  changes: FileChange[],
  settings: { yes: boolean; force: boolean },
  io: ProjectIO,
  prompter: Prompter | undefined,
): Promise<void> {
  for (const change of changes.filter((candidate) => candidate.action === 'conflict')) {
    if (settings.force) {
      change.decision = 'overwrite';
      continue;
    }
    io.log(`\n${change.path} (${change.note}) differs from what slim-docker generates now:`);
    io.log(
      change
        .diff!.split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    );
    if (settings.yes || !prompter) {
      change.decision = 'keep';
      continue;
    }
    const choice = await prompter.select(
      `conflict:${change.path}`,
      `${change.path}: keep yours, or write slim-docker's?`,
      [
        { name: "Keep yours (nothing of slim-docker's goes into this file)", value: 'keep' },
        { name: "Overwrite with slim-docker's version (your changes to this file are lost)", value: 'overwrite' },
        { name: 'Abort: write nothing', value: 'abort' },
      ],
      'keep',
    );
    if (choice === 'abort') throw new CancelledError('aborted at the conflict; nothing was written');
    change.decision = choice === 'overwrite' ? 'overwrite' : 'keep';
  }
}

/** The lines that say what happened to each file (before it is done, so the order reads naturally). */
export function statusLines(changes: readonly FileChange[], settings: { yes: boolean }): string[] {
  return changes.map((change) => {
    const word =
      change.action === 'conflict'
        ? change.decision === 'overwrite'
          ? 'force'
          : 'skip'
        : change.action === 'edited' || change.action === 'protected'
          ? 'keep'
          : change.action;
    const note =
      change.action === 'conflict' && change.decision !== 'overwrite'
        ? settings.yes
          ? 'exists and differs; rerun with --force to overwrite, or without --yes to choose'
          : 'yours kept'
        : change.note;
    return `${word.padStart(10)} ${change.path}${note ? ` (${note})` : ''}`;
  });
}

/** What .yo-rc.json becomes: every other generator's entry untouched; ours = answers + file record. */
export function nextYoRc(session: Session): string {
  const { answers } = session.outcome!;
  const entry = { ...session.savedEntry, ...answers, [FILES_KEY]: nextRecord(session.record, session.changes) };
  return `${JSON.stringify({ ...session.yoRc, [YO_RC_KEY]: entry }, null, 2)}\n`;
}

/**
 * The writes of this run, .yo-rc.json last (the saved answers always describe the files on disk):
 * every decided file, nothing for "keep", and .yo-rc.json only when its bytes change.
 */
export function plannedWrites(session: Session): { path: string; text: string }[] {
  const writes = writesOf(session.changes);
  const yoRc = nextYoRc(session);
  if (session.io.read(YO_RC) !== yoRc) writes.push({ path: YO_RC, text: yoRc });
  return writes;
}

/** Logs each file's status, then returns the writes (the caller performs them at once). */
export function commitPlan(session: Session): { path: string; text: string }[] {
  for (const line of statusLines(session.changes, session.settings)) session.io.log(line);
  return plannedWrites(session);
}

/** Whether the Dockerfile on disk after this run is the one these answers describe. */
export function dockerfileFollowsAnswers(session: Session): boolean {
  const change = session.changes.find((candidate) => candidate.kind === 'dockerfile');
  return change === undefined || !(change.action === 'conflict' && change.decision !== 'overwrite');
}

export function readYoRc(io: ProjectIO): { yoRc: Record<string, unknown>; entry: Record<string, unknown> } {
  const text = io.read(YO_RC);
  if (text === undefined) return { yoRc: {}, entry: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(YO_RC, `is not valid JSON (${(error as Error).message}); fix or delete it`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new InputError(YO_RC, 'must be a JSON object');
  const yoRc = parsed as Record<string, unknown>;
  const entry = yoRc[YO_RC_KEY];
  if (entry === undefined) return { yoRc, entry: {} };
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
    throw new InputError(`${YO_RC} "${YO_RC_KEY}"`, 'must be an object of saved answers');
  return { yoRc, entry: entry as Record<string, unknown> };
}

/** The record of written files; anything malformed is ignored (it only ever makes a run ask more). */
export function readRecord(raw: unknown): FileRecord {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return {};
  return Object.fromEntries(
    Object.entries(raw as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].startsWith('sha256:'),
    ),
  );
}

/**
 * The team config, loaded only when there is one: its JSON-Schema validator (ajv) is the slowest
 * import of a run, and most projects have no team config. A found config in a folder other users can
 * write is passed over, and said so.
 */
async function loadTeam(io: ProjectIO, explicit: string | undefined): Promise<TeamConfig | undefined> {
  let found: string | undefined;
  if (explicit === undefined) {
    const discovery = discoverTeamConfig(io.root);
    for (const { path, why } of discovery.ignored) io.log(`Ignored team config ${visible(path)}: ${why}`);
    found = discovery.path;
    if (!found) return undefined;
  }
  const { loadTeamConfig, readTeamConfig } = await import('../team-config.js');
  return found ? readTeamConfig(found, io.root, true) : loadTeamConfig(io.root, explicit);
}

export { QUESTIONS };

/** Verify now? --verify/--skip-verify decide; otherwise yes when an engine answers (asked unless --yes). */
export async function decideVerification(
  session: Session,
  probe: Promise<string | undefined>,
  prompter: Prompter | undefined,
): Promise<{ now: boolean; problem?: string }> {
  const { settings } = session;
  if (settings.verify === 'never') return { now: false };
  const problem = await probe;
  if (settings.verify === 'always') {
    if (problem) throw new InputError('--verify', `no container engine to verify with: ${problem}`);
    return { now: true };
  }
  if (problem || settings.yes || !prompter) return { now: !problem, problem };
  return { now: await prompter.confirm('verifyNow', 'Build and verify the image now (a real test build)?', true) };
}

/** With --verify, a Dockerfile the user keeps is not what these answers describe: refuse before writing. */
export function checkVerifiable(session: Session, verifyNow: boolean): void {
  if (verifyNow && session.settings.verify === 'always' && !dockerfileFollowsAnswers(session)) {
    throw new InputError(
      '--verify',
      'your Dockerfile is kept, so it is not the file these answers describe; rerun with --force to write ours, or prove yours as it is with `slim-docker verify`',
    );
  }
}
