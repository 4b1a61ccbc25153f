/**
 * The registry: every language the generator knows. Adding a language is one pack module, its
 * templates, its examples and one line here (README "Adding a language").
 */
import { go } from './go.js';
import { java } from './java.js';
import { node } from './node.js';
import { python } from './python.js';
import { rust } from './rust.js';
import type { LanguagePack } from './types.js';

// `any`: each pack declares its own typed facts (LanguagePack<PythonExtra> …) and is only ever
// handed back the facts its own detect() produced, which a shared list cannot express.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPack = LanguagePack<any>;

export const LANGUAGE_PACKS = [python, go, node, rust, java] as const satisfies readonly AnyPack[];

/** A registered language's id ('python' | 'go' | 'node' | 'rust'): tables keyed by it must cover every pack. */
export type LanguageId = (typeof LANGUAGE_PACKS)[number]['id'];

export const LANGUAGE_IDS: readonly string[] = LANGUAGE_PACKS.map((pack) => pack.id);

export function languagePack(id: string): AnyPack {
  const pack = LANGUAGE_PACKS.find((candidate) => candidate.id === id);
  if (!pack) throw new Error(`unknown language pack ${id}`);
  return pack;
}

export type { LanguagePack } from './types.js';
