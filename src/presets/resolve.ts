/**
 * Finding a team preset: an npm package named in `"extends"` of a .slim-docker.json or with `--preset`,
 * resolved the way Node resolves a package from the project (its node_modules folders, up to the root,
 * and Node's global folders), then the folder slim-docker itself is installed in, then npm's global
 * prefix (`npm root -g`). Its package.json points at its config and templates:
 *
 *     "keywords": ["slim-docker-preset"],
 *     "slim-docker": { "config": "slim-docker.json", "templates": "templates" }
 *
 * Both paths stay inside the package. No heavy imports: reading the config is team-config.ts's job.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { PACKAGE_ROOT } from '../render.js';

export const PRESET_KEYWORD = 'slim-docker-preset';

/** A preset package as found on disk. */
export interface PresetPackage {
  name: string;
  version: string;
  /** Real path of the package folder. */
  dir: string;
  /** Absolute path of its config file. */
  config: string;
  /** Absolute path of its templates folder, when it ships one. */
  templates?: string;
  /** How it came in: `--preset` (the user's choice) or the `extends` of a config file. */
  via: 'flag' | 'extends';
}

const NAME = /^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;

/** `--preset` values: repeatable, each a comma list of npm package names. */
export function parsePresetNames(field: string, raw: unknown): string[] {
  const values = Array.isArray(raw) ? raw : [raw];
  const names: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string') throw new InputError(field, 'must be an npm package name');
    for (const part of value.split(',').map((word) => word.trim())) {
      if (part === '') continue;
      if (part.length > 214 || !NAME.test(part))
        throw new InputError(
          field,
          `${JSON.stringify(part)} is not an npm package name (a preset is a package, e.g. @acme/slim-docker-preset)`,
        );
      if (!names.includes(part)) names.push(part);
    }
  }
  return names;
}

let globalRoot: string | null | undefined;
/** npm's global node_modules (`npm root -g`), asked once and only when a preset is not found nearer. */
function npmGlobalRoot(env: NodeJS.ProcessEnv): string | undefined {
  if (globalRoot === undefined) {
    try {
      globalRoot = execFileSync('npm', ['root', '-g'], {
        encoding: 'utf8',
        env,
        timeout: 15_000,
        stdio: 'pipe',
      }).trim();
    } catch {
      globalRoot = null;
    }
  }
  return globalRoot || undefined;
}

/** The folders searched for a package, nearest first. */
export function searchFolders(projectDir: string, name: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const folders = [...(createRequire(join(resolve(projectDir), 'package.json')).resolve.paths(name) ?? [])];
  // slim-docker installed globally (or in a prefix) finds the presets installed beside it.
  const own = dirname(PACKAGE_ROOT);
  if (basename(own) === 'node_modules') folders.push(own);
  else if (basename(dirname(own)) === 'node_modules') folders.push(dirname(own));
  if (env.npm_config_prefix) folders.push(join(env.npm_config_prefix, 'lib', 'node_modules'));
  return [...new Set(folders)];
}

/** Finds and reads one preset package; throws InputError naming `field` when it cannot be used. */
export function findPreset(
  projectDir: string,
  name: string,
  field: string,
  via: PresetPackage['via'],
  env: NodeJS.ProcessEnv = process.env,
): PresetPackage {
  const folders = searchFolders(projectDir, name, env);
  let found = folders.map((folder) => join(folder, name)).find((dir) => existsSync(join(dir, 'package.json')));
  if (!found) {
    const global = npmGlobalRoot(env);
    if (global && existsSync(join(global, name, 'package.json'))) found = join(global, name);
  }
  if (!found)
    throw new InputError(
      field,
      `preset ${name} is not installed (looked in the project's node_modules folders and the global prefix); install it with npm install --save-dev ${name}`,
    );
  return readPresetPackage(found, field, via);
}

/** Reads a preset package folder's package.json and checks where its config and templates sit. */
export function readPresetPackage(folder: string, field: string, via: PresetPackage['via']): PresetPackage {
  const dir = realpathSync(folder);
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(field, `${join(dir, 'package.json')} is not valid JSON (${(error as Error).message})`);
  }
  const name = String(pkg.name ?? basename(dir));
  const version = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  const declared = pkg['slim-docker'];
  const keywords = Array.isArray(pkg.keywords) ? pkg.keywords : [];
  if (declared === undefined && !keywords.includes(PRESET_KEYWORD))
    throw new InputError(
      field,
      `${name} is not a slim-docker preset (its package.json has neither a "slim-docker" field nor the keyword ${PRESET_KEYWORD})`,
    );
  if (declared !== undefined && (declared === null || typeof declared !== 'object' || Array.isArray(declared)))
    throw new InputError(`${field} ${name} package.json "slim-docker"`, 'must be an object { config, templates }');
  const spec = (declared ?? {}) as Record<string, unknown>;
  const inside = (key: string, value: unknown): string => {
    if (typeof value !== 'string' || value === '' || isAbsolute(value))
      throw new InputError(`${field} ${name} package.json "slim-docker".${key}`, 'must be a path inside the package');
    const path = resolve(dir, value);
    const real = existsSync(path) ? realpathSync(path) : path;
    if (relative(dir, real).startsWith('..') || real === dir + sep)
      throw new InputError(`${field} ${name} package.json "slim-docker".${key}`, `${value} leaves the package`);
    if (!existsSync(real))
      throw new InputError(`${field} ${name} package.json "slim-docker".${key}`, `${value} is not in the package`);
    return real;
  };
  const config = inside('config', spec.config ?? 'slim-docker.json');
  if (!statSync(config).isFile())
    throw new InputError(`${field} ${name} package.json "slim-docker".config`, 'must name a file');
  const templates = spec.templates === undefined ? undefined : inside('templates', spec.templates);
  return { name, version, dir, config, templates, via };
}
