/**
 * One generation run, in steps, with no Yeoman in it: open (every flag checked, team config, detect),
 * ask, plan (render and decide per file), decide conflicts, commit (one write of everything, then
 * .yo-rc.json), finish (summary, verification, next steps). The package's bin calls the steps in a row
 * (its fast path: no yeoman-environment); each Yeoman generator calls the same steps from its own
 * priorities. So the rules for input, files, conflicts and writing exist once.
 * Each step is a module of its own (open, ask, plan-changes, conflicts, commit, verify-decision); this
 * one holds the session they pass along.
 */
import type { Resolved } from '../input/resolve.js';
import type { FileKind } from '../languages/types.js';
import type { Facts, RunSettings } from '../model.js';
import type { TeamConfig } from '../team-config.js';
import type { FileChange, FileRecord } from './changes.js';

/** How a session reads the project and talks to the user. */
export interface ProjectIO {
  /** The project folder (absolute). */
  root: string;
  /** A project file's text (path relative to root), or undefined when there is none. */
  read(path: string): string | undefined;
  log(line: string): void;
}

export interface Session {
  io: ProjectIO;
  flags: Record<string, unknown>;
  settings: RunSettings;
  team: TeamConfig | undefined;
  facts: Facts;
  /** .yo-rc.json as read (every generator's entry), and ours within it. */
  yoRc: Record<string, unknown>;
  savedEntry: Record<string, unknown>;
  saved: Record<string, unknown>;
  record: FileRecord;
  /** The EXPOSE of a Dockerfile already here that is not ours: the port's default. */
  exposedPort?: number;
  /** Set by ask(). */
  outcome?: Resolved;
  /** Set by plan(): one change per planned file. */
  changes: FileChange[];
  /** Kinds this run writes (the app: all; a sub-generator: its own). */
  kinds: readonly FileKind[];
  /** Releases the folder's lock (also released when the process exits). */
  release: () => void;
  /** Whether the team config's trust has been decided (ask() does it once, before the first question). */
  trustDecided?: boolean;
  /** The templates folder .yo-rc.json saves (used once trusted: saved-templates.ts), when --templates is not given. */
  savedTemplates?: string;
  /** The SHA-256 of each file of the saved templates folder as trusted: the render view holds exactly those bytes. */
  templateHashes?: Record<string, string>;
  /** Set by planChanges(): the project's secret-shaped files that .dockerignore keeps out of the build context. */
  secretsKeptOut?: string[];
}
