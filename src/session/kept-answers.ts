/**
 * Keeping a file keeps the answers it encodes. When the user keeps their own Dockerfile at a conflict
 * (or --yes keeps it), its EXPOSE is the port: the one saved in .yo-rc.json, shown in the summary and
 * used in the printed commands, so `slim-docker compose`, `verify` and the next run agree with the file
 * on disk. Said in one line, naming the port that was not used. A team's locked port is never replaced.
 */
import { exposedPort } from './dockerfile-facts.js';
import { decideEach } from './conflicts.js';
import { planChanges } from './plan-changes.js';
import type { Prompter } from './prompter.js';
import type { Session } from './session.js';

/** The Dockerfile this run keeps (a conflict not overwritten), or undefined. */
function keptDockerfile(session: Session) {
  const change = session.changes.find((candidate) => candidate.kind === 'dockerfile');
  return change && change.action === 'conflict' && change.decision !== 'overwrite' ? change : undefined;
}

/**
 * After the conflicts are decided: a kept Dockerfile whose EXPOSE differs from the port answer makes
 * its port the answer; every file is planned again for it (decisions already made stand; a conflict
 * that only now appears is decided as any other). Returns whether anything changed.
 */
export async function adoptKeptAnswers(session: Session, prompter: Prompter | undefined): Promise<boolean> {
  const kept = keptDockerfile(session);
  const port = exposedPort(kept?.disk);
  const { answers, sources } = session.outcome!;
  if (!kept || port === undefined || port === answers.port || sources.port === 'locked') return false;
  const given =
    sources.port === 'flag'
      ? `--port ${answers.port} was not used`
      : `not ${answers.port} (${sources.port === 'saved' ? 'saved' : sources.port === 'prompt' ? 'your answer' : sources.port})`;
  session.io.log(
    `Your Dockerfile was kept, so its port stands: ${port} (EXPOSE ${port}), ${given}; saved in .yo-rc.json and used below.`,
  );
  answers.port = port;
  sources.port = 'detected';
  const decided = new Map(session.changes.map((change) => [change.path, change.decision]));
  await planChanges(session);
  for (const change of session.changes) change.decision = decided.get(change.path);
  // Kept means untouched: a merge the new port would now allow is not written into it.
  const again = session.changes.indexOf(session.changes.find((change) => change.path === kept.path)!);
  if (again >= 0 && session.changes[again].action !== 'identical') session.changes[again] = kept;
  await decideEach(
    session.changes.filter((change) => change.action === 'conflict' && change.decision === undefined),
    session.settings,
    session.io,
    prompter,
  );
  return true;
}
