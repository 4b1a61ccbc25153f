/** Pure: (answers, facts, team) → the files to write, each with the data its template receives. No I/O. */
import { languagePack } from './languages/index.js';
import type { TemplateFile } from './languages/types.js';
import { adoptStart } from './languages/start-command.js';
import { factsFor, type Answers, type Facts, type LanguageFacts, type TeamSettings } from './model.js';

/** The non-root user every image runs as (fixed high ids, so files on mounted volumes line up). */
export const APP_USER = { name: 'app', uid: 10001 } as const;

export interface PlannedFile extends TemplateFile {
  data: Record<string, unknown>;
}

/**
 * Who the app runs as. The team's uid wins; without one, a base image's own user (node's `node`)
 * is used as it is; otherwise the generic app user. `createUser` tells the templates to add it.
 */
export function appUser(imageUser: { name: string; uid: number } | undefined, teamUid: number | undefined) {
  if (teamUid !== undefined) return { user: APP_USER.name, uid: teamUid, createUser: true, uidFromTeam: true };
  if (imageUser) return { user: imageUser.name, uid: imageUser.uid, createUser: false, uidFromTeam: false };
  return { user: APP_USER.name, uid: APP_USER.uid, createUser: true, uidFromTeam: false };
}

/**
 * The start command the templates render (exec form; a compiled app's arguments), and where it came
 * from for the Dockerfile's comment. Checked at the edge, so a problem here is a bug.
 */
function startCommandData(answers: Answers, project: LanguageFacts | undefined) {
  if (!answers.command?.length) return { startCommand: undefined };
  const adopted = adoptStart(languagePack(answers.language), answers.command, answers.port, project);
  if ('problem' in adopted) throw new Error(`start command: ${adopted.problem}`);
  const source =
    project?.startCommand && project.startCommand.argv.join('\0') === answers.command.join('\0')
      ? project.startCommand.source
      : '--command';
  // A compiled app named without arguments (`web: bin/server`) needs no CMD.
  return { startCommand: adopted.argv.length ? adopted.argv : undefined, startCommandSource: source };
}

export function plan(answers: Answers, facts: Facts, team: TeamSettings = {}): PlannedFile[] {
  const pack = languagePack(answers.language);
  // The sample app's facts are known; an existing project's come from detection.
  const project = answers.sampleApp ? undefined : factsFor(answers, facts);
  const data: Record<string, unknown> = {
    ...answers,
    ...appUser(pack.imageUser, team.uid),
    registry: team.registry ?? '',
    labels: team.labels ?? {},
    caCertificate: team.caCertificate,
    // Our sample has a health route; an existing app is only known to answer HTTP on / (any non-5xx).
    healthPath: project ? '/' : pack.verification.healthPath,
    healthBelow: project ? 500 : 400,
    greeting: pack.sample.greeting(answers.appName),
    packageManager: project?.packageManager ?? pack.samplePackageManager,
    dependencyFiles: project?.dependencyFiles ?? [],
    // Recomputed for the chosen framework: a --framework flag may differ from what detection saw.
    extraPackages: project ? (pack.extraPackagesFor?.(answers.framework, project) ?? project.extraPackages) : [],
    ...pack.templateData(answers, project),
    ...startCommandData(answers, project),
  };
  const files = [...pack.files(answers), ...(answers.sampleApp ? pack.sampleFiles(answers) : [])];
  return files.map((file) => ({ ...file, data }));
}
