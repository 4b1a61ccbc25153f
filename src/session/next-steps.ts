/**
 * What to do next, as commands to copy that work as printed on the engine this run used: podman's
 * commands under podman, DOCKER_BUILDKIT=1 where `docker build` defaults to the legacy builder (Docker
 * 20.10) and the Dockerfile needs BuildKit, the --network verification used, and the compose command
 * that exists here (none when neither the plugin nor docker-compose is installed).
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { secretFlags } from '../detect/credentials.js';
import { factsFor } from '../model.js';
import type { EngineFacts } from './engine-facts.js';
import { buildSecretsOf } from './plan-changes.js';
import type { Session } from './session.js';

export interface NextStepsInput {
  appName: string;
  port: number;
  /** The Dockerfile uses BuildKit (cache mounts, build secrets). */
  buildkit: boolean;
  /** `--secret id=…,src=…` flags for the build, or ''. */
  secrets: string;
  /** compose.yaml is there (or this run writes it). */
  hasCompose: boolean;
  /** How a sub-command is typed (`slim-docker verify`, `yo slim-docker:verify`). */
  sub: (name: string) => string;
  verified: boolean;
  /** Variables a platform file (app.json, render.yaml) declares as needed without a default. */
  needsEnv?: string[];
}

/** The lines, from the facts; without facts (no engine asked, e.g. --skip-verify) the engine named or docker. */
export function nextStepLines(input: NextStepsInput, facts: EngineFacts | undefined, engineSetting?: string): string[] {
  const engine = facts?.command ?? basename(engineSetting ?? 'docker');
  const env = input.buildkit && facts?.legacyBuilderDefault ? 'DOCKER_BUILDKIT=1 ' : '';
  const network = facts?.network ? `--network ${facts.network} ` : '';
  // Published ports are discarded on the host network, where the app's port is the host's.
  const publish = facts?.network === 'host' ? '' : `-p 127.0.0.1:${input.port}:${input.port} `;
  // Without facts, the compose command as before; with them, only one that exists here.
  const compose = facts ? facts.compose : `${engine === 'podman' ? 'podman' : 'docker'} compose`;
  const lines = [
    '',
    'Next steps:',
    `  ${env}${engine} build ${network}${input.secrets ? `${input.secrets} ` : ''}-t ${input.appName} .`,
    ...noted(
      `${engine} run --rm ${network}${publish}${(input.needsEnv ?? []).map((name) => `-e ${name}=… `).join('')}${input.appName}`,
      input.needsEnv?.length ? `give ${input.needsEnv.join(', ')} a value` : `open http://127.0.0.1:${input.port}/`,
    ),
  ];
  if (compose && input.hasCompose) lines.push(`  ${compose} up --build`);
  else if (compose) lines.push(...noted(`${input.sub('compose')} && ${compose} up --build`, COMPOSE_NOTE));
  else if (!input.hasCompose) lines.push(...noted(input.sub('compose'), COMPOSE_NOTE));
  if (!input.verified)
    lines.push(...noted(input.sub('verify'), 'build it for real and prove it: non-root, health, cache reuse, secrets'));
  return lines;
}

const COMPOSE_NOTE = 'compose.yaml with the healthcheck';
const COLUMNS = 80;

/** A command and its note: on one line when that fits 80 columns, else the note (a shell comment) above it. */
function noted(command: string, note: string): string[] {
  const line = `  ${command}  # ${note}`;
  return line.length <= COLUMNS ? [line] : [`  # ${note}`, `  ${command}`];
}

/**
 * The next steps of a run. `command` is how this run was started (`slim-docker`, or `yo slim-docker`
 * whose sub-generators are `yo slim-docker:NAME`).
 */
export function nextSteps(
  session: Session,
  command: 'slim-docker' | 'yo slim-docker',
  verified: boolean,
  composeComing = false,
  facts?: EngineFacts,
): string[] {
  const { answers } = session.outcome!;
  const secrets = answers.buildkit ? buildSecretsOf(session) : [];
  return nextStepLines(
    {
      appName: answers.appName,
      port: answers.port,
      buildkit: answers.buildkit,
      secrets: secrets.length ? secretFlags(secrets) : '',
      hasCompose: composeComing || existsSync(join(session.io.root, 'compose.yaml')),
      sub: (name) => (command === 'slim-docker' ? `slim-docker ${name}` : `yo slim-docker:${name}`),
      verified,
      needsEnv: factsFor(answers, session.facts)
        ?.platformEnv?.filter((variable) => variable.required)
        .map((variable) => variable.name),
    },
    facts,
    session.settings.engine,
  );
}
