/**
 * The platform files a repository ships say how it runs: Procfile, app.json, heroku.yml, fly.toml,
 * render.yaml, railway.json/railway.toml and a compose service that builds the folder. Each parser
 * takes the file's text and returns plain typed values; anything malformed is a problem naming the
 * file (never an exception), so a broken platform file costs a note, not the generation.
 */
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { PlatformFacts, PlatformEnv } from '../model.js';
import type { ProjectFiles } from './files.js';

/** What one file says; every part optional. */
export interface PlatformFile {
  web?: string | string[];
  release?: string | string[];
  port?: number;
  env?: PlatformEnv[];
}

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A command as a file spells it: a non-empty string, or a non-empty list of strings (exec form). */
function command(file: string, field: string, value: unknown): string | string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (Array.isArray(value) && value.length && value.every((word) => typeof word === 'string')) return value;
  throw new Error(`${file} ${field} is not a command (a string or a list of strings)`);
}

function port(file: string, field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isInteger(number) && number >= 1 && number <= 65535) return number;
  throw new Error(`${file} ${field} is not a port (1-65535)`);
}

/** `KEY: value` tables (fly [env], compose environment as a map); only scalar values are kept. */
function envTable(source: string, table: unknown): PlatformEnv[] {
  if (!isObject(table)) return [];
  return Object.entries(table)
    .filter(([name, value]) => ENV_NAME.test(name) && ['string', 'number', 'boolean'].includes(typeof value))
    .map(([name, value]) => ({ name, value: String(value), required: false, source }));
}

/** Procfile: `name: command` lines; `web` is the server, `release` the release step. */
export function parseProcfile(text: string): PlatformFile {
  const processes: Raw = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z0-9_-]+):\s*(.*\S)\s*$/.exec(line);
    if (match && !(match[1] in processes)) processes[match[1]] = match[2];
  }
  return { web: command('Procfile', 'web', processes.web), release: command('Procfile', 'release', processes.release) };
}

/**
 * app.json (Heroku): `env` maps a name to a value or to { value, required, generator }. Heroku treats
 * a variable as required unless it says `required: false`; one with a value or a generator has one.
 */
export function parseAppJson(text: string): PlatformFile {
  const json: unknown = JSON.parse(text);
  if (!isObject(json)) throw new Error('app.json is not a JSON object');
  if (json.env === undefined) return {};
  if (!isObject(json.env)) throw new Error('app.json "env" is not an object');
  const env: PlatformEnv[] = [];
  for (const [name, spec] of Object.entries(json.env)) {
    if (!ENV_NAME.test(name)) throw new Error(`app.json env ${JSON.stringify(name)} is not a variable name`);
    if (typeof spec === 'string') env.push({ name, value: spec, required: false, source: 'app.json' });
    else if (isObject(spec)) {
      const value = typeof spec.value === 'string' && spec.value !== '' ? spec.value : undefined;
      const required = spec.required !== false && value === undefined && spec.generator === undefined;
      env.push({ name, value, required, source: 'app.json' });
    } else throw new Error(`app.json env ${name} is neither a value nor an object`);
  }
  return { env };
}

/** heroku.yml: `run.web` (a string, or { command: [...] }) and `release.command`. */
export function parseHerokuYml(text: string): PlatformFile {
  const doc: unknown = parseYaml(text);
  if (!isObject(doc)) throw new Error('heroku.yml is not a mapping');
  const run = isObject(doc.run) ? doc.run : {};
  const web = isObject(run.web) ? run.web.command : run.web;
  const release = isObject(doc.release) ? doc.release.command : undefined;
  return { web: command('heroku.yml', 'run.web', web), release: command('heroku.yml', 'release.command', release) };
}

/**
 * fly.toml: the `app` (or `web`) process of [processes], else [experimental] cmd; [env]; the
 * internal_port of [http_service] or the first [[services]]; [deploy] release_command.
 */
export function parseFlyToml(text: string): PlatformFile {
  const doc = parseToml(text) as Raw;
  const processes = isObject(doc.processes) ? doc.processes : {};
  const experimental = isObject(doc.experimental) ? doc.experimental : {};
  const web = processes.app ?? processes.web ?? experimental.cmd;
  const services = Array.isArray(doc.services) ? doc.services : [];
  const internal = (isObject(doc.http_service) ? doc.http_service : isObject(services[0]) ? services[0] : {})
    .internal_port;
  const deploy = isObject(doc.deploy) ? doc.deploy : {};
  return {
    web: command('fly.toml', 'processes.app', web),
    release: command('fly.toml', 'deploy.release_command', deploy.release_command),
    port: port('fly.toml', 'internal_port', internal),
    env: envTable('fly.toml', doc.env),
  };
}

/**
 * render.yaml: the first `type: web` service's startCommand, preDeployCommand and envVars (a value,
 * `generateValue`, or `sync: false`, which Render asks for in its dashboard: a value the user must give).
 */
export function parseRenderYaml(text: string): PlatformFile {
  const doc: unknown = parseYaml(text);
  if (!isObject(doc)) throw new Error('render.yaml is not a mapping');
  const services = Array.isArray(doc.services) ? doc.services.filter(isObject) : [];
  const service = services.find((entry) => entry.type === 'web');
  if (!service) return {};
  const env: PlatformEnv[] = [];
  for (const variable of Array.isArray(service.envVars) ? service.envVars.filter(isObject) : []) {
    if (typeof variable.key !== 'string' || !ENV_NAME.test(variable.key)) continue;
    const value = ['string', 'number', 'boolean'].includes(typeof variable.value) ? String(variable.value) : undefined;
    env.push({ name: variable.key, value, required: variable.sync === false, source: 'render.yaml' });
  }
  return {
    web: command('render.yaml', 'startCommand', service.startCommand),
    release: command('render.yaml', 'preDeployCommand', service.preDeployCommand),
    env,
  };
}

/** railway.json / railway.toml: deploy.startCommand and deploy.preDeployCommand. */
export function parseRailway(text: string, file: 'railway.json' | 'railway.toml'): PlatformFile {
  const doc: unknown = file === 'railway.json' ? JSON.parse(text) : parseToml(text);
  if (!isObject(doc)) throw new Error(`${file} is not an object`);
  const deploy = isObject(doc.deploy) ? doc.deploy : {};
  return {
    web: command(file, 'deploy.startCommand', deploy.startCommand),
    release: command(file, 'deploy.preDeployCommand', deploy.preDeployCommand),
  };
}

/** A compose file: the service that builds this folder (`build: .` or `build.context: .`): command and environment. */
export function parseCompose(text: string, file: string): PlatformFile {
  const doc: unknown = parseYaml(text);
  if (!isObject(doc)) throw new Error(`${file} is not a mapping`);
  const services = isObject(doc.services) ? Object.values(doc.services).filter(isObject) : [];
  const here = (build: unknown) => {
    const context = isObject(build) ? build.context : build;
    return context === '.' || context === './';
  };
  const service = services.find((entry) => here(entry.build));
  if (!service) return {};
  const environment = Array.isArray(service.environment)
    ? Object.fromEntries(
        service.environment
          .filter((line): line is string => typeof line === 'string' && line.includes('='))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      )
    : service.environment;
  // ${VAR} values are the compose host's, unknown here: only literal ones are kept.
  const env = envTable(file, environment).filter((variable) => !variable.value?.includes('$'));
  return { web: command(file, 'command', service.command), env };
}

/** The files in the order their start command is preferred (the first that names one wins). */
const READERS: readonly [string, (text: string) => PlatformFile][] = [
  ['Procfile', parseProcfile],
  ['heroku.yml', parseHerokuYml],
  ['fly.toml', parseFlyToml],
  ['render.yaml', parseRenderYaml],
  ['railway.json', (text) => parseRailway(text, 'railway.json')],
  ['railway.toml', (text) => parseRailway(text, 'railway.toml')],
  ['app.json', parseAppJson],
  ['compose.yaml', (text) => parseCompose(text, 'compose.yaml')],
  ['compose.yml', (text) => parseCompose(text, 'compose.yml')],
  ['docker-compose.yml', (text) => parseCompose(text, 'docker-compose.yml')],
  ['docker-compose.yaml', (text) => parseCompose(text, 'docker-compose.yaml')],
];

/** Reads every platform file present (bounded reads) and merges them: the first file to say a thing wins. */
export async function readPlatformFiles(files: ProjectFiles): Promise<PlatformFacts> {
  const facts: PlatformFacts = { env: [], problems: [] };
  for (const [name, parse] of READERS) {
    const text = await files.read(name);
    if (text === undefined) continue;
    let found: PlatformFile;
    try {
      found = parse(text);
    } catch (error) {
      facts.problems.push(`${name} not read: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    if (found.web && !facts.web) facts.web = { command: found.web, source: name };
    if (found.release && !facts.release) facts.release = { command: found.release, source: name };
    if (found.port && !facts.port) facts.port = { value: found.port, source: name };
    for (const variable of found.env ?? [])
      if (!facts.env.some((known) => known.name === variable.name)) facts.env.push(variable);
  }
  return facts;
}
