/**
 * Choosing the engine: an adapter picked from the binary's own answer (a `docker` that is podman's
 * docker shim answers as podman), and with no --engine the first of docker and podman that answers.
 */
import { basename } from 'node:path';
import { DockerEngine } from './docker.js';
import { parseVersion } from './parse.js';
import { PodmanEngine } from './podman.js';
import { CliRunner } from './runner.js';
import { kindByName, type Engine, type EngineKind } from './types.js';

export * from './types.js';
export { DockerEngine } from './docker.js';
export { PodmanEngine } from './podman.js';

/** The engines tried, in order, when none is named. */
export const DEFAULT_ENGINES = ['docker', 'podman'] as const;

export function engineOfKind(
  kind: EngineKind,
  command: string,
  network: string | undefined,
  signal?: AbortSignal,
): Engine {
  return kind === 'podman' ? new PodmanEngine(command, network, signal) : new DockerEngine(command, network, signal);
}

/**
 * The adapter for this command, from what `COMMAND version` answers; when it does not answer (not
 * installed, daemon down), from its name, so the adapter's probe says what is wrong.
 */
export async function createEngine(
  command: string,
  network: string | undefined,
  signal?: AbortSignal,
  timeoutSeconds = 10,
): Promise<Engine> {
  const result = await new CliRunner(command, signal).exec(['version', '--format', '{{json .}}'], { timeoutSeconds });
  const answer = result.failed && !String(result.stdout).trim() ? undefined : parseVersion(String(result.stdout));
  const kind = answer?.kind ?? kindByName(command);
  return engineOfKind(kind, command, network, signal);
}

/**
 * No engine named: docker, then podman, the first whose probe answers, and one line that says which
 * ("Engine: podman 4.3.1 (docker did not answer)"). When none answers, docker's adapter (its probe
 * then says why) and a line naming all that were tried.
 */
export async function detectEngine(
  network: string | undefined,
  signal?: AbortSignal,
  candidates: readonly string[] = DEFAULT_ENGINES,
): Promise<{ engine: Engine; line: string }> {
  const silent: string[] = [];
  let first: Engine | undefined;
  for (const command of candidates) {
    const engine = await createEngine(command, network, signal);
    first ??= engine;
    const info = await engine.probe(false, 10).catch(() => undefined);
    if (info) {
      const shim = info.kind !== basename(command) ? ` via ${command}` : '';
      const skipped = silent.length ? ` (${silent.join(', ')} did not answer)` : '';
      // A newer CLI against an older daemon (or the reverse) decides what builds: name both.
      const client = info.client && info.client !== info.server ? ` (client ${info.client})` : '';
      return { engine, line: `Engine: ${info.kind} ${info.server}${client}${shim}${skipped}` };
    }
    silent.push(command);
  }
  return { engine: first!, line: `Engine: none answered (tried ${silent.join(', ')})` };
}

/** The engine for a run: the one named (--engine / SLIM_DOCKER_ENGINE), else the first that answers. */
export async function openEngine(
  setting: string | undefined,
  network: string | undefined,
  signal?: AbortSignal,
): Promise<{ engine: Engine; line?: string }> {
  if (setting) return { engine: await createEngine(setting, network, signal) };
  return detectEngine(network, signal);
}
