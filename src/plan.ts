/** Pure: (answers, facts) → the files to write. No I/O here; rendering reads the templates. */
import { languagePack } from './languages/index.js';
import type { TemplateFile } from './languages/types.js';
import type { Answers, Facts } from './options.js';

/** The non-root user every image runs as (fixed high ids, so files on mounted volumes line up). */
export const APP_USER = { name: 'app', uid: 10001 } as const;

export interface PlannedFile extends TemplateFile {
  data: Record<string, unknown>;
}

export function plan(answers: Answers, _facts: Facts): PlannedFile[] {
  const pack = languagePack(answers.language);
  const data: Record<string, unknown> = {
    ...answers,
    user: APP_USER.name,
    uid: APP_USER.uid,
    healthPath: pack.verification.healthPath,
    greeting: pack.sample.greeting(answers.appName),
    extraPackages: '',
    ...pack.templateData(answers),
  };
  const files = [...pack.files(answers), ...(answers.sampleApp ? pack.sampleFiles(answers) : [])];
  return files.map((file) => ({ ...file, data }));
}
