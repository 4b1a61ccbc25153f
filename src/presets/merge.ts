/**
 * How presets and a local config add up. The order (README "Team presets and team generators"):
 * the presets of `"extends"` in order, then the `--preset` ones in order, then the local
 * .slim-docker.json, then flags. Later wins, with one exception: a lock is never loosened. A later
 * source that sets a locked answer to another value (as a default or a lock) is an error naming both
 * sources; a flag that disagrees with a lock is refused by resolveAnswers, naming the locking source.
 * Settings: `registry`, `uid`, `caCertificate` and `templates` (the whole folder, each file still
 * falling back to the built-in one) come from the last source that sets them; `labels` merge per key.
 * Pure: no file is read here.
 */
import { InputError } from '../errors.js';
import type { TeamConfig } from '../team-config.js';

/** Which source set each default and each lock (shown in errors: `preset acme@1.2.0 locked.base`). */
export interface FieldSources {
  defaults: Record<string, string>;
  locked: Record<string, string>;
}

/** The label a layer is named by in messages. */
export const layerLabel = (layer: TeamConfig): string =>
  layer.preset ? `preset ${layer.preset.name}@${layer.preset.version}` : layer.path;

const same = (a: unknown, b: unknown) => String(a) === String(b);

/** Merges layers (earliest first) into one config; `layers` and `sources` say where each part came from. */
export function mergeLayers(layers: readonly TeamConfig[]): TeamConfig {
  if (layers.length === 0) throw new Error('mergeLayers: no layer');
  const defaults: Record<string, unknown> = {};
  const locked: Record<string, unknown> = {};
  const sources: FieldSources = { defaults: {}, locked: {} };
  const labels: Record<string, string> = {};
  let registry = '';
  let uid: number | undefined;
  let caCertificate: string | undefined;
  let templatesFrom: TeamConfig | undefined;
  for (const layer of layers) {
    const label = layerLabel(layer);
    const refuseChange = (part: 'defaults' | 'locked', key: string, value: unknown) => {
      if (key in locked && !same(locked[key], value))
        throw new InputError(
          `${label} ${part}.${key}`,
          `${JSON.stringify(String(value))} conflicts with ${key} ${JSON.stringify(String(locked[key]))} locked by ${sources.locked[key]}; a later source cannot change or unlock a locked answer`,
        );
    };
    for (const [key, value] of Object.entries(layer.locked)) {
      refuseChange('locked', key, value);
      if (key in locked) continue; // the same lock again: the first source keeps the credit
      locked[key] = value;
      sources.locked[key] = label;
      delete defaults[key]; // a lock beats an earlier default
      delete sources.defaults[key];
    }
    for (const [key, value] of Object.entries(layer.defaults)) {
      refuseChange('defaults', key, value);
      if (key in locked) continue;
      defaults[key] = value;
      sources.defaults[key] = label;
    }
    if (layer.registry) registry = layer.registry;
    Object.assign(labels, layer.labels);
    if (layer.uid !== undefined) uid = layer.uid;
    if (layer.caCertificate !== undefined) caCertificate = layer.caCertificate;
    if (layer.templates !== undefined) templatesFrom = layer;
  }
  const last = layers[layers.length - 1];
  const presets = layers.flatMap((layer) => (layer.preset ? [layer.preset] : []));
  return {
    path: last.path,
    discovered: false,
    defaults,
    locked,
    registry,
    labels,
    uid,
    caCertificate,
    templates: templatesFrom?.templates,
    templateHashes: templatesFrom?.templateHashes,
    layers: [...layers],
    presets,
    sources,
  };
}
