/** Preset packages for tests: a project folder with presets installed in its node_modules. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, writeTree } from './temp-tree.js';

export interface PresetSpec {
  name: string;
  version?: string;
  config: object;
  /** Files of its templates folder (relative path → text). */
  templates?: Record<string, string>;
  /** package.json extras (override the "slim-docker" field, keywords, …). */
  pkg?: Record<string, unknown>;
}

/** Writes a preset package into `folder` (a node_modules folder). */
export function installPreset(folder: string, spec: PresetSpec): string {
  const dir = join(folder, spec.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: spec.name,
      version: spec.version ?? '1.0.0',
      keywords: ['slim-docker-preset'],
      'slim-docker': { config: 'slim-docker.json', ...(spec.templates ? { templates: 'templates' } : {}) },
      ...spec.pkg,
    }),
  );
  writeFileSync(join(dir, 'slim-docker.json'), JSON.stringify(spec.config));
  if (spec.templates) writeTree(join(dir, 'templates'), spec.templates);
  return dir;
}

/**
 * A project folder (empty but for .git and the local config) whose parent holds the presets in its
 * node_modules: Node's resolution walks up to them, and the project stays a new folder.
 */
export function projectWithPresets(presets: PresetSpec[], local?: object): string {
  const root = tempDir('slim-preset-');
  const project = join(root, 'svc');
  mkdirSync(join(project, '.git'), { recursive: true });
  for (const spec of presets) installPreset(join(root, 'node_modules'), spec);
  if (local) writeFileSync(join(project, '.slim-docker.json'), JSON.stringify(local));
  return project;
}

/** The node_modules folder projectWithPresets installed into. */
export const presetFolder = (project: string) => join(project, '..', 'node_modules');
