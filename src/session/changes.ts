/**
 * What writing a file would do to what is on disk, decided by one rule for every file:
 *
 * - missing → create; the same bytes → identical (nothing to do);
 * - ours and never edited (its bytes hash to what .yo-rc.json recorded for it) → regenerated silently;
 * - ours and edited → a three-way merge of our change (the version generated for the saved answers →
 *   the version for this run's answers) into the user's file; a clean merge is written, overlapping
 *   edits are a conflict;
 * - anything else (not ours, or ours but its base cannot be rebuilt: the templates changed since) →
 *   a conflict, shown as a full diff;
 * - except source files (the sample app's app.py, requirements.txt, server.js, package.json, main.go,
 *   go.mod): once they differ from what slim-docker wrote they are the user's code, never written
 *   again, --force included ("protected"). --force covers only the files slim-docker generates.
 *
 * The record (.yo-rc.json "files") holds, per file, the SHA-256 of slim-docker's own version for the
 * saved answers. The base of a merge is not stored: it is rendered again from the saved answers and
 * accepted only when its hash matches the record, so a merge never runs on a guessed base.
 *
 * Merging uses node-diff3 (bhousel/node-diff3): a maintained, dependency-free diff3 (the algorithm
 * `git merge-file` uses) that reports conflicts as regions. jsdiff (`diff`, already a dependency for
 * the diffs we print) dropped its merge() in v6, and a hand-written merge would be the riskiest code
 * in the project.
 */
import { createHash } from 'node:crypto';
import { merge } from 'node-diff3';
import { createTwoFilesPatch } from 'diff';
import type { FileKind } from '../languages/types.js';

export type FileRecord = Record<string, string>;

export const hashOf = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

export type Action =
  /** New file. */
  | 'create'
  /** Already what we would write. */
  | 'identical'
  /** Ours and never edited: regenerated. */
  | 'update'
  /** The user's edits and our change, merged cleanly. */
  | 'merge'
  /** The user's edits; our version has not changed since, so their file stays as it is. */
  | 'edited'
  /** Needs a decision: keep theirs, write ours, or abort. */
  | 'conflict'
  /** A source file that is the user's code now: never written, --force included. */
  | 'protected';

export interface FileChange {
  /** Relative to the project, with forward slashes. */
  path: string;
  kind: FileKind;
  /** Slim-docker's own version of the file for this run's answers (what the record hashes). */
  ours: string;
  /** What is on disk now. */
  disk?: string;
  action: Action;
  /** The text to write for create/update/merge, and for a conflict resolved by overwriting (ours). */
  write?: string;
  /** Why (shown beside the action). */
  note: string;
  /** For a conflict: a unified diff of the whole file (disk → ours), and whether a base was known. */
  diff?: string;
  /** Set once a conflict is decided (or for --yes/--force). */
  decision?: 'keep' | 'overwrite';
}

export interface ChangeInput {
  path: string;
  kind: FileKind;
  ours: string;
  disk: string | undefined;
  /** The record's hash for this path, if any. */
  recorded: string | undefined;
  /** Our version for the saved answers (the merge base), when it could be rendered. */
  base: string | undefined;
}

/** Decides what writing `ours` over `disk` means (see the module comment). */
export function decideChange(input: ChangeInput): FileChange {
  const change = decide(input);
  if (input.kind === 'source' && (change.action === 'merge' || change.action === 'conflict')) {
    const { path, kind, ours, disk } = input;
    return {
      path,
      kind,
      ours,
      disk,
      action: 'protected',
      note: 'your code: slim-docker never overwrites a source file, --force included',
    };
  }
  return change;
}

function decide({ path, kind, ours, disk, recorded, base }: ChangeInput): FileChange {
  const change = { path, kind, ours, disk };
  if (disk === undefined) return { ...change, action: 'create', write: ours, note: '' };
  if (disk === ours) return { ...change, action: 'identical', note: '' };
  const diskHash = hashOf(disk);
  // Ours, untouched: its bytes are what we recorded (or, with no record from an older run, exactly
  // what the saved answers generate).
  if (
    (recorded !== undefined && diskHash === recorded) ||
    (recorded === undefined && base !== undefined && disk === base)
  ) {
    return { ...change, action: 'update', write: ours, note: 'ours, never edited: regenerated' };
  }
  if (recorded !== undefined && base !== undefined && hashOf(base) === recorded) {
    const merged = threeWayMerge(base, disk, ours);
    if (!merged.conflict) {
      if (merged.text === disk)
        return { ...change, action: 'edited', note: 'your edits kept; nothing new from slim-docker' };
      return {
        ...change,
        action: 'merge',
        write: merged.text,
        note: "your edits kept, slim-docker's changes merged in",
      };
    }
    return {
      ...change,
      action: 'conflict',
      write: ours,
      note: 'your edits overlap with what slim-docker changes',
      diff: fullDiff(path, disk, ours),
    };
  }
  const why =
    recorded === undefined
      ? 'not written by slim-docker'
      : 'edited since slim-docker wrote it, and its templates changed since';
  return { ...change, action: 'conflict', write: ours, note: why, diff: fullDiff(path, disk, ours) };
}

/** Three-way merge of our change (base → ours) into theirs, line by line. */
export function threeWayMerge(base: string, theirs: string, ours: string): { conflict: boolean; text: string } {
  const lines = (text: string) => text.split('\n');
  // merge(a, o, b): a = theirs, o = the common base, b = ours; conflict regions are marked in result.
  const result = merge(lines(theirs), lines(base), lines(ours), { excludeFalseConflicts: true });
  return { conflict: result.conflict, text: result.result.join('\n') };
}

/**
 * The whole file as a unified diff, theirs → ours (every line shown: a conflict deserves the full
 * picture), headed `--- PATH (yours)` / `+++ PATH (ours: slim-docker's)` so "-" and "+" read at a glance.
 */
export function fullDiff(path: string, disk: string, ours: string): string {
  const patch = createTwoFilesPatch(`${path} (yours)`, `${path} (ours: slim-docker's)`, disk, ours, '', '', {
    context: Number.MAX_SAFE_INTEGER,
  });
  const lines = patch.split('\n');
  return lines
    .slice(
      Math.max(
        0,
        lines.findIndex((line) => line.startsWith('--- ')),
      ),
    )
    .filter((line) => !line.startsWith('\\'))
    .join('\n')
    .trimEnd();
}

/**
 * The record after this run: every planned file hashed (ours), earlier entries for other files kept.
 * A conflict the user kept, and a protected source file, keep their old entry (or none): the file is
 * not what these answers generate, so the next run says so again instead of taking it for ours.
 */
export function nextRecord(previous: FileRecord, changes: readonly FileChange[]): FileRecord {
  const record: FileRecord = { ...previous };
  for (const change of changes) {
    if (change.action === 'protected' || (change.action === 'conflict' && change.decision !== 'overwrite')) continue;
    record[change.path] = hashOf(change.ours);
  }
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** What gets written: every file with a new text (conflicts only when decided "overwrite"). */
export function writesOf(changes: readonly FileChange[]): { path: string; text: string }[] {
  return changes
    .filter((change) => change.write !== undefined && (change.action !== 'conflict' || change.decision === 'overwrite'))
    .map((change) => ({ path: change.path, text: change.write! }));
}
