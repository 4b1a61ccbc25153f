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

/** A project with its own package.json and the presets in its node_modules. */
export function projectWithPresets(presets: PresetSpec[], local?: object): string {
  const project = tempDir('slim-preset-');
  mkdirSync(join(project, '.git'));
  writeFileSync(join(project, 'package.json'), '{"name":"svc","private":true}');
  for (const spec of presets) installPreset(join(project, 'node_modules'), spec);
  if (local) writeFileSync(join(project, '.slim-docker.json'), JSON.stringify(local));
  return project;
}
