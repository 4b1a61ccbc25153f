/**
 * Trust for a config merged from presets, layer by layer, before the first question. The local config
 * is decided as before (session/trust.ts). A preset named by a config's `"extends"` is trusted like a
 * found config: when it sets more than answers, it is used only once the user trusts exactly these
 * bytes — its config, its package.json and every file of its templates folder (all that can render or
 * be included) — and its version; recorded under `npm:NAME` in the user's trust store, so a new
 * version or any changed file asks again. A preset named with `--preset` is trusted by that act.
 * Ignoring a preset drops that layer and merges the rest again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintOf, recordTrust, sha256, trustState, trustStorePath, visible } from '../config-trust.js';
import { CancelledError, InputError } from '../errors.js';
import { decideTrust, teamEffects, type TrustOptions } from '../session/trust.js';
import type { TeamConfig } from '../team-config.js';
import { layerLabel, mergeLayers } from './merge.js';

/** The team config this run may use, every layer decided (undefined: every layer ignored). */
export async function decideTeamConfigTrust(team: TeamConfig, options: TrustOptions): Promise<TeamConfig | undefined> {
  if (!team.layers) return decideTrust(team, options);
  const kept: TeamConfig[] = [];
  for (const layer of team.layers) {
    const decided = layer.preset ? await decidePresetTrust(layer, options) : await decideTrust(layer, options);
    if (decided) kept.push(decided);
  }
  return kept.length ? mergeLayers(kept) : undefined;
}

/** The store key of a preset (its package name: the content and version decide, not where it sits). */
export const presetTrustKey = (name: string) => `npm:${name}`;

/** What trust in a preset covers: its config, package.json, templates, the project's CA file, and its version. */
export function presetFingerprint(layer: TeamConfig, projectDir: string, templates: boolean) {
  const caPath = layer.caCertificate ? join(projectDir, layer.caCertificate) : undefined;
  const now = fingerprintOf(layer.path, templates ? layer.templates : undefined, caPath);
  now.files['package.json'] = sha256(readFileSync(join(layer.preset!.dir, 'package.json')));
  now.files.version = layer.preset!.version;
  return now;
}

async function decidePresetTrust(layer: TeamConfig, options: TrustOptions): Promise<TeamConfig | undefined> {
  const preset = layer.preset!;
  const label = layerLabel(layer);
  const effects = teamEffects(layer, options);
  if (preset.via === 'flag' || effects.length === 0) return layer;
  const templates = layer.templates !== undefined && !options.templatesFlag;
  const now = presetFingerprint(layer, options.projectDir, templates);
  const key = presetTrustKey(preset.name);
  const { state, entry, changed } = trustState(layer.path, now, options.env, key);
  if (templates)
    layer.templateHashes = Object.fromEntries(
      Object.entries(now.files).filter(([name]) => name.startsWith('templates/')),
    );
  const store = trustStorePath(options.env);
  // What it changes is listed with the team config above; here, which of it comes from this preset.
  const sets = effects.map((line) => line.trim().split(':')[0]).join(', ');
  options.log(`Preset ${preset.name}@${preset.version} (from "extends") sets ${sets}`);
  if (state === 'trusted') {
    options.log(`  trusted on ${entry!.trustedAt.slice(0, 10)} (${store})`);
    return layer;
  }
  const previous = entry?.files.version;
  const since =
    state === 'unknown'
      ? 'not trusted yet'
      : previous !== preset.version
        ? `a new version (you trusted ${visible(String(previous))})`
        : `changed since you trusted it (${changed!.map(visible).join(', ')})`;
  if (options.trustConfig) {
    recordTrust(layer.path, now, options.env, key);
    options.log(`  trusted with --trust-config; recorded in ${store}`);
    return layer;
  }
  if (!options.prompter)
    throw new InputError(
      label,
      `is named by "extends" in the team config and is ${since}: it sets ${sets}; review it (${visible(preset.dir)}), then rerun with --trust-config, or name it with --preset ${preset.name}`,
    );
  const choice = await options.prompter.select(
    'trustPreset',
    `Use ${label}? It is named by "extends" in the team config and is ${since}`,
    [
      {
        name: `Trust it (its files' SHA-256 and its version are recorded in ${store}; a change asks again)`,
        value: 'trust',
      },
      { name: 'Ignore it: generate without this preset this time', value: 'ignore' },
      { name: 'Abort: write nothing', value: 'abort' },
    ],
    'abort',
  );
  if (choice === 'trust') {
    recordTrust(layer.path, now, options.env, key);
    options.log(`  trusted; recorded in ${store}`);
    return layer;
  }
  if (choice === 'ignore') {
    options.log(`  ignored for this run: ${label}`);
    return undefined;
  }
  throw new CancelledError(`aborted at ${label}; nothing was written`);
}
