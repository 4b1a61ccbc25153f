/**
 * Presets in .yo-rc.json: each preset a run used is saved with its resolved version and what it set
 * (answers, settings, one hash of its templates), so a re-run with another installed version says what
 * changed before anything is written. Light: no validator, no renderer.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sha256, templateFiles, visible } from '../config-trust.js';
import type { TeamConfig } from '../team-config.js';

/** Our .yo-rc.json entry's key for the presets. */
export const PRESETS_KEY = 'presets';

export interface PresetRecord {
  name: string;
  version: string;
  defaults?: Record<string, unknown>;
  locked?: Record<string, unknown>;
  registry?: string;
  labels?: Record<string, string>;
  uid?: number;
  /** One SHA-256 over every file of its templates folder (names and bytes). */
  templates?: string;
}

function templatesHash(dir: string | undefined): string | undefined {
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) return undefined;
  const lines = templateFiles(dir).map((file) => `${file} ${sha256(readFileSync(join(dir, file)))}`);
  return sha256(lines.join('\n'));
}

const nonEmpty = <T extends object>(value: T | undefined) =>
  value && Object.keys(value).length > 0 ? value : undefined;

/** What is saved for each preset layer of the config (in order). */
export function presetRecords(team: TeamConfig | undefined): PresetRecord[] {
  return (team?.layers ?? [])
    .filter((layer) => layer.preset)
    .map((layer) => ({
      name: layer.preset!.name,
      version: layer.preset!.version,
      defaults: nonEmpty(layer.defaults),
      locked: nonEmpty(layer.locked),
      registry: layer.registry || undefined,
      labels: nonEmpty(layer.labels),
      uid: layer.uid,
      templates: templatesHash(layer.templates),
    }));
}

/** Our entry's presets key as it is written: the list, or undefined (dropped) when no preset was used. */
export function presetEntry(team: TeamConfig | undefined): Record<string, unknown> {
  const records = presetRecords(team);
  return { [PRESETS_KEY]: records.length ? records : undefined };
}

/** A value as JSON (control characters escaped by JSON; a bidirectional control made visible too). */
const shown = (value: unknown) => {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return /[\u0080-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(text) ? visible(text) : text;
};

/** What differs between a saved record and the preset now, one phrase each. */
function differences(saved: Partial<PresetRecord>, now: PresetRecord): string[] {
  const out: string[] = [];
  for (const part of ['defaults', 'locked'] as const) {
    const before = (saved[part] ?? {}) as Record<string, unknown>;
    const after = now[part] ?? {};
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort())
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
        out.push(`${part}.${key} ${shown(before[key])} → ${shown(after[key])}`);
  }
  for (const key of ['registry', 'labels', 'uid'] as const)
    if (JSON.stringify(saved[key]) !== JSON.stringify(now[key]))
      out.push(`${key} ${shown(saved[key])} → ${shown(now[key])}`);
  if (saved.templates !== now.templates) out.push('its templates changed');
  return out;
}

/**
 * Lines for the user, before anything is written: each preset whose installed version differs from the
 * saved one (with what it now sets differently), presets added and presets no longer used.
 */
export function presetChanges(savedRaw: unknown, team: TeamConfig | undefined): string[] {
  const saved = (Array.isArray(savedRaw) ? savedRaw : []).filter(
    (item): item is Partial<PresetRecord> & { name: string } =>
      item !== null && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string',
  );
  if (saved.length === 0) return [];
  const now = presetRecords(team);
  const lines: string[] = [];
  for (const record of now) {
    const before = saved.find((item) => item.name === record.name);
    if (!before) {
      lines.push(`Preset ${record.name}@${record.version}: new since the last run`);
      continue;
    }
    const changed = differences(before, record);
    if (before.version !== record.version)
      lines.push(
        `Preset ${record.name}: ${visible(String(before.version))} (saved in .yo-rc.json) → ${record.version} (installed now)${changed.length ? `: ${changed.join('; ')}` : ': nothing it sets changed'}`,
      );
    else if (changed.length)
      lines.push(`Preset ${record.name}@${record.version} changed since the last run: ${changed.join('; ')}`);
  }
  for (const item of saved)
    if (!now.some((record) => record.name === item.name))
      lines.push(`Preset ${visible(item.name)}@${visible(String(item.version))}: used by the last run, not any more`);
  return lines;
}
