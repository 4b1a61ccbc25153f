/**
 * What the compose and CI generators share: the project as slim-docker left it (saved answers,
 * validated by the same parsers as every other input, plus the Dockerfile), its template overrides,
 * and the options both take (rendering and escaping are src/render.ts and src/escape.ts).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { isExecForm, parseDockerfile, type ParsedDockerfile } from '../../src/dockerfile-check.js';
import { InputError } from '../../src/errors.js';
import { discoverTeamConfig, visible } from '../../src/config-trust.js';
import { imageNameFrom, parseAppName, parseBoolean, parsePath, parsePort } from '../../src/input/fields.js';
import { resolveRunSettings } from '../../src/input/run-settings.js';
import type { Prompter } from '../../src/session/prompter.js';
import { trustedSavedTemplates } from '../../src/session/saved-templates.js';
import { YO_RC_KEY } from '../../src/session/yo-rc.js';
import type { Overrides } from '../../src/render.js';
import { decideTrust, teamEffects } from '../../src/session/trust.js';
import { loadTeamConfig } from '../../src/team-config.js';
import { readSavedAnswers } from '../../src/verify/target.js';

export interface Project {
  appName: string;
  /** The saved port the app listens on, if saved. */
  port?: number;
  dockerfile: ParsedDockerfile;
}

/**
 * Saved answers are required (these generators add to a project slim-docker made). The ones used here
 * are validated by the same parsers as every other input, naming `.yo-rc.json "key"`; --app-name
 * (validated as `--app-name`) overrides the saved name.
 */
export async function readProject(dir: string, command: string, appNameFlag: unknown): Promise<Project> {
  const saved = await readSavedAnswers(dir);
  if (Object.keys(saved).length === 0) {
    throw new InputError(
      '.yo-rc.json',
      `no saved slim-docker answers in ${dir}; run \`slim-docker\` there first, then \`slim-docker ${command}\``,
    );
  }
  const appName =
    appNameFlag !== undefined
      ? parseAppName('--app-name', appNameFlag)
      : saved.appName !== undefined
        ? parseAppName('.yo-rc.json "appName"', saved.appName)
        : imageNameFrom(basename(dir));
  const port = saved.port === undefined ? undefined : parsePort('.yo-rc.json "port"', saved.port);
  let text: string;
  try {
    text = await readFile(join(dir, 'Dockerfile'), 'utf8');
  } catch {
    throw new InputError(
      'Dockerfile',
      `not found in ${dir}; run \`slim-docker\` there first, then \`slim-docker ${command}\``,
    );
  }
  return { appName, port, dockerfile: parseDockerfile(text, 'Dockerfile') };
}

/** Ports the final stage EXPOSEs (tcp only; "5000/tcp" → 5000). */
export function exposedPorts(parsed: ParsedDockerfile): number[] {
  const last = parsed.stages - 1;
  return parsed.instructions
    .filter((instruction) => instruction.keyword === 'EXPOSE' && instruction.stage === last)
    .flatMap((instruction) => instruction.args.split(/\s+/))
    .filter((port) => !/\/udp$/i.test(port))
    .map((port) => Number(port.replace(/\/tcp$/i, '')))
    .filter((port) => Number.isInteger(port));
}

export interface Healthcheck {
  /** Compose `test`: ["CMD", ...exec form] or ["CMD-SHELL", "shell form"]. */
  test: string[];
  /** Compose keys (interval, timeout, start_period, start_interval, retries) the Dockerfile sets. */
  options: Record<string, string | number>;
}

const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const HEALTHCHECK_FLAGS: Record<string, string> = {
  interval: 'interval',
  timeout: 'timeout',
  'start-period': 'start_period',
  'start-interval': 'start_interval',
  retries: 'retries',
};

/**
 * The final stage's HEALTHCHECK as compose writes it (the last one wins, as in the builder), or
 * undefined for none / HEALTHCHECK NONE. Note: parseDockerfile collapses runs of whitespace, so an
 * exec-form argument that contains two spaces in a row comes back with one.
 */
export function healthcheckOf(parsed: ParsedDockerfile): Healthcheck | undefined {
  const last = parsed.stages - 1;
  const found = [...parsed.instructions]
    .reverse()
    .find((instruction) => instruction.keyword === 'HEALTHCHECK' && instruction.stage === last);
  if (!found) return undefined;
  const where = `Dockerfile:${found.line}`;
  let rest = found.args;
  const options: Healthcheck['options'] = {};
  for (let flag = /^--([a-z-]+)=(\S+)\s*/i.exec(rest); flag; flag = /^--([a-z-]+)=(\S+)\s*/i.exec(rest)) {
    const [whole, name, value] = flag;
    const key = HEALTHCHECK_FLAGS[name.toLowerCase()];
    if (!key) throw new InputError(where, `HEALTHCHECK flag --${name} is not one compose can mirror`);
    if (key === 'retries' ? !/^\d+$/.test(value) : !DURATION.test(value))
      throw new InputError(where, `HEALTHCHECK --${name}=${value} is not a valid value`);
    options[key] = key === 'retries' ? Number(value) : value;
    rest = rest.slice(whole.length);
  }
  if (/^NONE$/i.test(rest)) return undefined;
  const command = /^CMD\s+([\s\S]+)$/i.exec(rest);
  if (!command) throw new InputError(where, 'HEALTHCHECK needs CMD or NONE');
  const test = isExecForm(command[1]) ? ['CMD', ...(JSON.parse(command[1]) as string[])] : ['CMD-SHELL', command[1]];
  return { test, options };
}

/**
 * The template overrides in force for a project: --templates, else the team config's, which a config
 * found by the search brings only once trusted (asked here; refused under --yes without --trust-config).
 */
export async function templateOverrides(
  dir: string,
  flags: Record<string, unknown>,
  prompter: Prompter | undefined,
  log: (line: string) => void,
): Promise<Overrides | undefined> {
  const settings = resolveRunSettings({ templates: flags.templates, config: flags.config, yes: flags.yes }, {});
  const templates = settings.templates ? resolve(dir, settings.templates) : undefined;
  if (templates && !existsSync(templates))
    throw new InputError(
      '--templates',
      `${templates} does not exist; eject the built-in templates with \`slim-docker eject-templates DIR\``,
    );
  if (templates) return templates;
  // A templates folder saved by an earlier `--templates` (used as the user trusted it), before a team config's.
  const saved = await savedTemplatesOf(dir);
  if (saved !== undefined) {
    const trusted = await trustedSavedTemplates(
      dir,
      parsePath('.yo-rc.json "templates"', saved),
      settings.yes ? undefined : prompter,
      log,
    );
    if (trusted) return trusted;
  }
  if (settings.config === undefined) {
    const discovery = discoverTeamConfig(dir);
    for (const { path, why } of discovery.ignored) log(`Ignored team config ${visible(path)}: ${why}`);
  }
  const found = loadTeamConfig(dir, settings.config);
  if (!found?.templates) return undefined;
  log(`Team config: ${visible(found.path)}`);
  const options = { uses: ['templates'] as const, templatesFlag: false };
  for (const line of teamEffects(found, options)) log(line);
  const team = await decideTrust(found, {
    ...options,
    projectDir: dir,
    yes: settings.yes,
    trustConfig: flags.trustConfig !== undefined && parseBoolean('--trust-config', flags.trustConfig),
    prompter: settings.yes ? undefined : prompter,
    log,
    env: process.env,
  });
  return team?.templates && { dir: team.templates, hashes: team.templateHashes };
}

/** The templates folder .yo-rc.json saves (read after readProject checked the file), or undefined. */
async function savedTemplatesOf(dir: string): Promise<unknown> {
  try {
    const rc = JSON.parse(await readFile(join(dir, '.yo-rc.json'), 'utf8')) as Record<string, unknown>;
    const entry = rc[YO_RC_KEY];
    return entry && typeof entry === 'object' ? (entry as Record<string, unknown>).templates : undefined;
  } catch {
    return undefined;
  }
}
