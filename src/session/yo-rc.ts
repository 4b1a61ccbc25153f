/** .yo-rc.json: our entry (the saved answers and the record of written files) beside other generators'. */
import { relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { factsFor } from '../model.js';
import { presetEntry } from '../presets/record.js';
import { nextRecord, type FileRecord } from './changes.js';
import type { ProjectIO, Session } from './session.js';

export const YO_RC = '.yo-rc.json';
export const YO_RC_KEY = 'generator-slim-docker';
/** Where the record of written files sits inside our .yo-rc.json entry. */
export const FILES_KEY = 'files';

/** The templates folder as .yo-rc.json saves it: relative to the project, with forward slashes. */
export function savedTemplatesPath(root: string, given: string): string {
  return relative(root, resolve(root, given)).split(sep).join('/') || '.';
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

/** What .yo-rc.json becomes: every other generator's entry untouched; ours = answers + file record. */
export function nextYoRc(session: Session): string {
  const { answers } = session.outcome!;
  const ownServer = factsFor(answers, session.facts)?.startsItsOwnServer === true;
  // --templates DIR is remembered (relative to the project), so a re-run renders with it too.
  const templates =
    session.flags.templates !== undefined && session.settings.templates !== undefined
      ? { templates: savedTemplatesPath(session.io.root, session.settings.templates) }
      : {};
  const entry = {
    ...session.savedEntry,
    ...answers,
    // A platform file's command is read again each run (the Procfile may change); only one given is saved.
    command: session.outcome!.sources.command === 'detected' || !answers.command?.length ? undefined : answers.command,
    // A script that serves by itself uses no framework or entry point: the defaults are not saved as if chosen.
    ...(ownServer && session.outcome!.sources.framework !== 'flag' && { framework: undefined }),
    ...(ownServer && session.outcome!.sources.entrypoint !== 'flag' && { entrypoint: undefined }),
    ...templates,
    ...presetEntry(session.team),
    [FILES_KEY]: nextRecord(session.record, session.changes),
  };
  return `${JSON.stringify({ ...session.yoRc, [YO_RC_KEY]: entry }, null, 2)}\n`;
}
