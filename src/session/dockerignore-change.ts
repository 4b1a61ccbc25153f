import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mergeDockerignore } from '../dockerignore-merge.js';
import { languagePack } from '../languages/index.js';
import { factsFor } from '../model.js';
import type { RenderedFile } from '../render.js';
import { hashOf, type FileChange } from './changes.js';
import { contextSources } from './dockerfile-facts.js';
import { OutsideProjectError } from './files.js';
import type { ProjectIO, Session } from './session.js';

/**
 * The .dockerignore is merged, never replaced, and never a conflict: the user's lines stay in order,
 * what is missing is added in one marked block. Ours (what the record hashes) is the file we would
 * write into a folder without one; a file of ours nobody edited is simply regenerated.
 */
export function dockerignoreChange(session: Session, file: RenderedFile, rendered: RenderedFile[]): FileChange {
  const { io, team } = session;
  const { answers } = session.outcome!;
  const pack = languagePack(answers.language);
  const project = factsFor(answers, session.facts);
  const mustKeep = answers.sampleApp
    ? rendered.filter((candidate) => candidate.kind === 'source').map((candidate) => candidate.destination)
    : [
        ...(project?.dependencyFiles ?? []),
        ...pack.entryFiles(answers.entrypoint, project).filter((path) => existsSync(join(io.root, path))),
        // What the final stage copies from the context for the app to read at run time (templates/, static/).
        ...(project?.runtimeFiles ?? []).map((file) => file.path),
      ];
  if (answers.sampleApp && !session.kinds.includes('source'))
    mustKeep.push(...pack.sampleFiles(answers).map((sample) => sample.destination));
  if (team?.caCertificate) mustKeep.push(team.caCertificate);
  // A Dockerfile of the user's that stays (kept with --yes, or declined) must keep building too.
  mustKeep.push(...contextSources(io.read('Dockerfile')));
  const gitignore = readGitignore(io);
  const ours = mergeDockerignore({ existing: undefined, ours: file.contents, gitignore, mustKeep });
  const disk = io.read(file.destination);
  const change = { path: file.destination, kind: file.kind, ours, disk };
  if (disk === undefined) return { ...change, action: 'create', write: ours, note: '' };
  if (disk === ours) return { ...change, action: 'identical', note: '' };
  if (session.record[file.destination] === hashOf(disk))
    return { ...change, action: 'update', write: ours, note: 'ours, never edited: regenerated' };
  const merged = mergeDockerignore({ existing: disk, ours: file.contents, gitignore, mustKeep });
  if (merged === disk) return { ...change, action: 'edited', note: 'your lines kept; nothing missing' };
  return {
    ...change,
    action: 'merge',
    write: merged,
    note: 'your lines kept; missing entries added in a marked block',
  };
}

/** The .gitignore, unless it is a symlink out of the project: then it is not read (and the user is told). */
function readGitignore(io: ProjectIO): string | undefined {
  try {
    return io.read('.gitignore');
  } catch (error) {
    if (!(error instanceof OutsideProjectError)) throw error;
    io.log(
      `! ${error.message.replace(/; slim-docker neither.*$/, '')}: not read, so none of its entries are carried over`,
    );
    return undefined;
  }
}
