import { writesOf } from './changes.js';
import { statusLines } from './conflicts.js';
import type { Session } from './session.js';
import { YO_RC, nextYoRc } from './yo-rc.js';

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
