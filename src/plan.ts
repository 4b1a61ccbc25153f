/** Pure: (answers, facts) → the files to write. No I/O here; rendering reads the templates. */
import { languagePack } from './languages/index.js';
import type { TemplateFile } from './languages/types.js';
import { factsFor, type Answers, type Facts } from './options.js';

/** The non-root user every image runs as (fixed high ids, so files on mounted volumes line up). */
export const APP_USER = { name: 'app', uid: 10001 } as const;

export interface PlannedFile extends TemplateFile {
  data: Record<string, unknown>;
}

/** Team settings that shape the files (see team-config.ts); all optional. */
export interface TeamSettings {
  registry?: string;
  labels?: Record<string, string>;
  caCertificate?: string;
  uid?: number;
}

export function plan(answers: Answers, facts: Facts, team: TeamSettings = {}): PlannedFile[] {
  const pack = languagePack(answers.language);
  // The sample app's facts are known; an existing project's come from detection.
  const project = answers.sampleApp ? undefined : factsFor(answers, facts);
  const data: Record<string, unknown> = {
    ...answers,
    user: APP_USER.name,
    uid: team.uid ?? APP_USER.uid,
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
    extra: project?.extra ?? {},
    ...pack.templateData(answers),
  };
  const files = [...pack.files(answers), ...(answers.sampleApp ? pack.sampleFiles(answers) : [])];
  return files.map((file) => ({ ...file, data }));
}
