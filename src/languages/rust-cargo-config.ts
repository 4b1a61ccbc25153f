/**
 * The project's Cargo configuration (.cargo/config.toml, or the legacy .cargo/config): cargo reads it
 * from the working directory, so it must reach the dependency layer with the manifests. Copied only
 * with `COPY . .`, the stub build would fetch from crates.io and the real build from a mirror it
 * names (seen in a trial: `replace-with` a mirror the builder could not reach failed the second build).
 */
import { parse as parseToml } from 'smol-toml';
import type { ProjectFiles } from '../detect/files.js';

export interface CargoConfig {
  /** Its path, relative to the project. */
  file: string;
  /** A note when it replaces crates.io with another source (the image build fetches from there). */
  note?: string;
}

type Table = Record<string, unknown>;
const table = (value: unknown): Table =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {};

/** The config cargo would read in the project's root (config.toml wins, as in cargo), else none. */
export async function cargoConfigOf(files: ProjectFiles): Promise<CargoConfig | undefined> {
  const names = await files.list('.cargo');
  const file = ['config.toml', 'config'].find((name) => names.includes(name));
  if (!file) return undefined;
  const path = `.cargo/${file}`;
  let sources: Table;
  try {
    sources = table(table(parseToml((await files.read(path)) ?? '')).source);
  } catch {
    return { file: path };
  }
  const replacement = table(sources['crates-io'])['replace-with'];
  if (typeof replacement !== 'string') return { file: path };
  const target = table(sources[replacement]);
  const where =
    typeof target.registry === 'string'
      ? target.registry
      : typeof target.directory === 'string'
        ? `the directory ${target.directory}`
        : replacement;
  return {
    file: path,
    note: `${path} replaces crates.io with '${replacement}' (${where}): the image build fetches every crate from there, so the builder must reach it (remove that line to use crates.io)`,
  };
}
