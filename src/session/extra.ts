/**
 * Files added to a project slim-docker already made (compose.yaml, the CI workflow) follow the same
 * rules as the rest: a file of ours nobody edited is regenerated, anything else is a conflict decided
 * before writing (keep / overwrite / abort; --yes keeps, --force overwrites), and the record in
 * .yo-rc.json is updated in the same write.
 */
import type { FileKind } from '../languages/types.js';
import { CancelledError } from '../errors.js';
import { decideChange, nextRecord, writesOf } from './changes.js';
import { acquireLock } from './files.js';
import type { Prompter } from './prompter.js';
import { decideEach, statusLines } from './conflicts.js';
import type { ProjectIO } from './session.js';
import { FILES_KEY, YO_RC, YO_RC_KEY, readRecord, readYoRc } from './yo-rc.js';
import { writeAll, type Write } from './write.js';

export async function writeGenerated(
  io: ProjectIO,
  settings: { yes: boolean; force: boolean },
  prompter: Prompter | undefined,
  file: { path: string; kind: FileKind; contents: string },
): Promise<Write[]> {
  // One run at a time in a folder (re-entrant: the app run composing this one already holds it).
  const release = acquireLock(io.root, io.log);
  try {
    return await writeLocked(io, settings, prompter, file);
  } finally {
    release();
  }
}

async function writeLocked(
  io: ProjectIO,
  settings: { yes: boolean; force: boolean },
  prompter: Prompter | undefined,
  file: { path: string; kind: FileKind; contents: string },
): Promise<Write[]> {
  const { yoRc, entry } = readYoRc(io);
  const record = readRecord(entry[FILES_KEY]);
  const changes = [
    decideChange({
      path: file.path,
      kind: file.kind,
      ours: file.contents,
      disk: io.read(file.path),
      recorded: record[file.path],
      base: undefined,
    }),
  ];
  await decideEach(changes, settings, io, settings.yes ? undefined : prompter);
  for (const line of statusLines(changes, settings)) io.log(line);
  const writes = writesOf(changes);
  const text = `${JSON.stringify({ ...yoRc, [YO_RC_KEY]: { ...entry, [FILES_KEY]: nextRecord(record, changes) } }, null, 2)}\n`;
  if (io.read(YO_RC) !== text) writes.push({ path: YO_RC, text });
  const { interrupted } = await writeAll(io.root, writes);
  if (interrupted) throw new CancelledError('interrupted while writing; every file of this run was written');
  return writes;
}
