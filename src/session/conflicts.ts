import { CancelledError } from '../errors.js';
import type { FileChange } from './changes.js';
import type { Prompter } from './prompter.js';
import type { ProjectIO, Session } from './session.js';

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

/** Whether the Dockerfile on disk after this run is the one these answers describe. */
export function dockerfileFollowsAnswers(session: Session): boolean {
  const change = session.changes.find((candidate) => candidate.kind === 'dockerfile');
  return change === undefined || !(change.action === 'conflict' && change.decision !== 'overwrite');
}
