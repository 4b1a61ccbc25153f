import { resolve } from 'node:path';
import type { BuildSecret } from '../detect/credentials.js';
import { secretsLetIn } from '../dockerignore-merge.js';
import { resolveAnswers } from '../input/resolve.js';
import { factsFor, type Answers } from '../model.js';
import { plan } from '../plan.js';
import { renderAll, type Overrides, type RenderedFile } from '../render.js';
import { isCredentialFile, secretContent, secretPath } from '../secrets.js';
import { contextFilter, walkContext } from '../verify/context.js';
import { decideChange, type FileChange } from './changes.js';
import { dockerfileFollowsAnswers } from './conflicts.js';
import { dockerignoreChange } from './dockerignore-change.js';
import type { Session } from './session.js';

/** The template overrides in force: --templates, else the team config's. */
const overridesOf = (session: Session): Overrides | undefined =>
  session.settings.templates
    ? session.templateHashes
      ? { dir: resolve(session.io.root, session.settings.templates), hashes: session.templateHashes }
      : resolve(session.io.root, session.settings.templates)
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
