/**
 * Team presets: configs (and templates) that travel as npm packages. A .slim-docker.json may say
 * `"extends": "@acme/slim-docker-preset"` (or a list), and `--preset NAME` (repeatable, or a comma
 * list) adds presets for one run. Each preset is found like a Node package from the project
 * (resolve.ts), its config validated by the same validator as a local one (errors name the preset and
 * the field), and all of them merged with the local config in the documented order (merge.ts). Trust
 * (trust.ts) and the record in .yo-rc.json (record.ts) work on the layers this returns.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { parseTeamConfig, type TeamConfig } from '../team-config.js';
import { mergeLayers } from './merge.js';
import { findPreset, parsePresetNames, type PresetPackage } from './resolve.js';

export { parsePresetNames } from './resolve.js';

/** Whether a run needs this module at all (most projects have no preset). */
export const usesPresets = (local: TeamConfig | undefined, flag: unknown): boolean =>
  flag !== undefined || (local?.extends?.length ?? 0) > 0;

/** Reads one preset package's config as a layer (validated; named `preset NAME@VERSION`). */
export function presetLayer(pkg: PresetPackage, projectDir: string): TeamConfig {
  const label = `preset ${pkg.name}@${pkg.version}`;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(pkg.config, 'utf8'));
  } catch (error) {
    throw new InputError(
      `${label} ${relative(pkg.dir, pkg.config)}`,
      `is not valid JSON (${(error as Error).message})`,
    );
  }
  const layer = parseTeamConfig(raw, pkg.config, label, projectDir);
  if (layer.extends)
    throw new InputError(
      `${label} extends`,
      'a preset cannot extend another preset; list both in your .slim-docker.json',
    );
  const templates = pkg.templates ?? layer.templates;
  if (templates && relative(pkg.dir, resolve(dirname(pkg.config), templates)).startsWith('..'))
    throw new InputError(`${label} templates`, `${templates} leaves the package`);
  return {
    ...layer,
    templates,
    discovered: pkg.via === 'extends',
    preset: { name: pkg.name, version: pkg.version, via: pkg.via, dir: pkg.dir },
  };
}

/**
 * The team config of a run: the local one (or none) merged over its `extends` presets and the
 * `--preset` ones. Returns the local config unchanged when no preset is named.
 */
export function withPresets(
  projectDir: string,
  local: TeamConfig | undefined,
  flag: unknown,
  env: NodeJS.ProcessEnv = process.env,
): TeamConfig | undefined {
  const fromFlag = flag === undefined ? [] : parsePresetNames('--preset', flag);
  const fromConfig = local?.extends ?? [];
  if (fromFlag.length === 0 && fromConfig.length === 0) return local;
  const configField = `${local ? relative(projectDir, local.path) || '.slim-docker.json' : '.slim-docker.json'} extends`;
  for (const name of fromConfig) parsePresetNames(configField, name);
  // A preset named by both is the user's choice (trusted by --preset), in the config's place.
  const named: { name: string; via: PresetPackage['via'] }[] = [
    ...fromConfig.map((name) => ({ name, via: fromFlag.includes(name) ? ('flag' as const) : ('extends' as const) })),
    ...fromFlag.filter((name) => !fromConfig.includes(name)).map((name) => ({ name, via: 'flag' as const })),
  ];
  const layers = named.map(({ name, via }) =>
    presetLayer(findPreset(projectDir, name, via === 'flag' ? '--preset' : configField, via, env), projectDir),
  );
  return mergeLayers(local ? [...layers, local] : layers);
}
