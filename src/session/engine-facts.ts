/**
 * What the next steps must know of the engine this run used, so each printed command works as
 * printed: its name, whether `docker build` needs DOCKER_BUILDKIT=1 (a Docker client before 23
 * builds with the legacy builder by default, which rejects RUN --mount), the network verification
 * used, and which compose command exists here (if any).
 */
import { realpathSync } from 'node:fs';
import { basename } from 'node:path';
import type { RunSettings } from '../model.js';
import { dockerClientBefore23, kindByName, type EngineKind } from '../verify/engines/types.js';
import { onPath } from './sample-step.js';

export interface EngineFacts {
  /** What to type: `docker`, `podman`, or the path given with --engine when that name is not the one on PATH. */
  command: string;
  kind: 'docker' | 'podman';
  /** The client's version, when it answered. */
  client?: string;
  /** `docker build` uses the legacy builder unless DOCKER_BUILDKIT=1 (Docker clients before 23). */
  legacyBuilderDefault: boolean;
  /** The network verification built and ran on (--network), if any. */
  network?: string;
  /** `docker compose`, `docker-compose`, `podman compose` or `podman-compose`: the one that runs here. */
  compose?: string;
}

/** Docker clients before 23 build with the legacy builder unless DOCKER_BUILDKIT=1. */
export const legacyBuilderDefault = (kind: EngineKind, client: string | undefined): boolean =>
  kind === 'docker' && dockerClientBefore23(client);

/** The name to print: the bare name when PATH finds the same program, else the path as given. */
function shownCommand(command: string): string {
  const name = basename(command);
  if (name === command) return command;
  try {
    const found = onPath(name);
    return found && realpathSync(found) === realpathSync(command) ? name : command;
  } catch {
    return command;
  }
}

/** Asks the engine of this run (the one named, else the first that answers), bounded; never throws. */
export async function engineFacts(settings: RunSettings): Promise<EngineFacts> {
  const { openEngine } = await import('../verify/engines/index.js');
  let command = settings.engine ?? 'docker';
  let kind = kindByName(command);
  let client: string | undefined;
  try {
    const { engine } = await openEngine(settings.engine, settings.network);
    const info = await engine.probe(false, 10);
    ({ command, kind, client } = info);
  } catch {
    // No engine answered: the commands are printed for the one named (or docker), without version facts.
  }
  const shown = shownCommand(command);
  const compose = await composeCommand(command, kind);
  return {
    command: shown,
    kind,
    ...(client && { client }),
    legacyBuilderDefault: legacyBuilderDefault(kind, client),
    ...(settings.network && { network: settings.network }),
    ...(compose && { compose }),
  };
}

/**
 * The compose command that runs here for this engine (the client alone is asked, no daemon):
 * `ENGINE compose` when the plugin answers, else `docker-compose` / `podman-compose` on PATH, else none.
 */
export async function composeCommand(
  command: string,
  kind: EngineKind = kindByName(command),
): Promise<string | undefined> {
  const { execa } = await import('execa');
  const plugin = await execa(command, ['compose', 'version'], { reject: false, timeout: 10_000 });
  if (!plugin.failed) return `${shownCommand(command)} compose`;
  return onPath(`${kind}-compose`) ? `${kind}-compose` : undefined;
}
