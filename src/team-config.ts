/**
 * Team config: a file a team commits or publishes (.slim-docker.json in the project or a parent
 * folder up to the repository root, or --config PATH) with default and locked answers and team
 * settings (registry mirror, OCI labels, an extra CA certificate, the app uid, template overrides).
 * Validated with a JSON Schema (ajv) for shape, then every answer through the same parsers as flags,
 * naming the field. Where a config may be found, and when a found one is trusted: config-trust.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { TEAM_CONFIG_FILE, discoverTeamConfig } from './config-trust.js';
import { InputError } from './errors.js';
import { QUESTIONS } from './input/questions.js';
import type { TeamAnswers } from './input/resolve.js';

export { TEAM_CONFIG_FILE };

export interface TeamConfig {
  /** Where it was read from (shown to the user). */
  path: string;
  /** Found by the search (not named with --config): used only once the user trusts it. */
  discovered: boolean;
  defaults: Record<string, unknown>;
  locked: Record<string, unknown>;
  /** Prefix for every base image, e.g. "mycorp.example/" (mirror of Docker Hub's library images). */
  registry: string;
  labels: Record<string, string>;
  /** An extra CA certificate to trust at build time, relative to the project. */
  caCertificate?: string;
  uid?: number;
  /** A folder of template overrides, absolute. */
  templates?: string;
  /**
   * Set once a found config is trusted: the SHA-256 of each template file as trusted (`templates/<path>`).
   * Rendering uses exactly these bytes, or refuses (a file changed after the trust was checked).
   */
  templateHashes?: Record<string, string>;
  /** `"extends"`: the preset packages this config builds on, in order (src/presets/). */
  extends?: string[];
  /** Set on a layer that is a preset package. */
  preset?: PresetInfo;
  /** Set on a config merged from presets (src/presets/merge.ts): the layers, earliest first. */
  layers?: TeamConfig[];
  presets?: PresetInfo[];
  /** Which layer set each default and lock, for messages. */
  sources?: { defaults: Record<string, string>; locked: Record<string, string> };
}

/** A preset package a config was built from (saved in .yo-rc.json). */
export interface PresetInfo {
  name: string;
  version: string;
  /** `flag`: named with --preset (trusted by that act); `extends`: named by a config file. */
  via: 'flag' | 'extends';
  /** Real path of the package folder. */
  dir: string;
}

// The start command is the project's own (its Procfile, or --command): a team config may not change what runs.
const ANSWER_KEYS = QUESTIONS.map((question) => question.key as string).filter((key) => key !== 'command');
const answerObject = {
  type: 'object',
  propertyNames: { enum: ANSWER_KEYS },
  additionalProperties: { type: ['string', 'number', 'boolean'] },
};

export const TEAM_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    defaults: answerObject,
    locked: answerObject,
    registry: {
      type: 'string',
      pattern: '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9._-]+)*$',
      maxLength: 255,
    },
    labels: {
      type: 'object',
      propertyNames: { pattern: '^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$', maxLength: 128 },
      additionalProperties: { type: 'string', maxLength: 1024, pattern: '^[^\\u0000-\\u001f\\u007f]*$' },
    },
    caCertificate: { type: 'string', pattern: '^(?!/)(?!.*\\.\\.)[\\w./-]+\\.crt$' },
    uid: { type: 'integer', minimum: 1000, maximum: 65533 },
    templates: { type: 'string', minLength: 1 },
    extends: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 20 },
      ],
    },
  },
} as const;

const validate = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true }).compile(TEAM_CONFIG_SCHEMA);

/**
 * The config for a project: --config PATH, else the nearest .slim-docker.json up from the project to
 * the repository root that sits in a folder only the user (or root) can write (see config-trust.ts).
 */
export function findTeamConfig(projectDir: string, explicit?: string): string | undefined {
  if (explicit) {
    const path = resolve(projectDir, explicit);
    if (!existsSync(path)) throw new InputError('--config', `${path} does not exist`);
    return path;
  }
  return discoverTeamConfig(projectDir).path;
}

export function loadTeamConfig(projectDir: string, explicit?: string): TeamConfig | undefined {
  const path = findTeamConfig(projectDir, explicit);
  if (!path) return undefined;
  return readTeamConfig(path, projectDir, explicit === undefined);
}

/** Reads and validates the config at `path`; `discovered`: found by the search, not named. */
export function readTeamConfig(path: string, projectDir: string, discovered: boolean): TeamConfig {
  const name = relative(projectDir, path) || TEAM_CONFIG_FILE;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(name, `is not valid JSON (${(error as Error).message})`);
  }
  return { ...parseTeamConfig(raw, path, name, projectDir), discovered };
}

/** Validates a parsed config (schema, then paths); errors name "<config> <field>". */
export function parseTeamConfig(raw: unknown, path: string, name: string, projectDir: string): TeamConfig {
  // A config handed over as data was chosen by the caller; the loaders say whether it was found instead.
  const field = (where: string) => `${name} ${where}`.trim();
  if (!validate(raw)) {
    const error = validate.errors![0];
    const where = `${error.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(top level)'}`;
    const allowed =
      error.keyword === 'additionalProperties'
        ? ` (unknown key "${(error.params as { additionalProperty: string }).additionalProperty}")`
        : error.keyword === 'enum'
          ? ` (allowed: ${(error.params as { allowedValues: string[] }).allowedValues.join(', ')})`
          : '';
    throw new InputError(field(where), `${error.message}${allowed}`);
  }
  const config = raw as {
    defaults?: Record<string, unknown>;
    locked?: Record<string, unknown>;
    registry?: string;
    labels?: Record<string, string>;
    caCertificate?: string;
    uid?: number;
    templates?: string;
    extends?: string | string[];
  };
  const templates =
    config.templates === undefined
      ? undefined
      : isAbsolute(config.templates)
        ? config.templates
        : resolve(dirname(path), config.templates);
  if (templates && !existsSync(templates)) throw new InputError(field('templates'), `${templates} does not exist`);
  // The certificate is copied into the image, so it must sit inside the project (the build context).
  if (config.caCertificate && !existsSync(join(projectDir, config.caCertificate))) {
    throw new InputError(
      field('caCertificate'),
      `${config.caCertificate} is not in the project ${projectDir}; put the certificate there (it is copied into the image)`,
    );
  }
  return {
    path,
    discovered: false,
    defaults: config.defaults ?? {},
    locked: config.locked ?? {},
    registry: config.registry ? `${config.registry.replace(/\/$/, '')}/` : '',
    labels: config.labels ?? {},
    caCertificate: config.caCertificate,
    uid: config.uid,
    templates,
    ...(config.extends === undefined
      ? {}
      : { extends: typeof config.extends === 'string' ? [config.extends] : config.extends }),
  };
}

/** The answers part, for resolveAnswers. */
export const teamAnswers = (config: TeamConfig): TeamAnswers => ({
  source: config.path,
  defaults: config.defaults,
  locked: config.locked,
  sources: config.sources,
});
