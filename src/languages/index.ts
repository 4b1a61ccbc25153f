import { go } from './go.js';
import { node } from './node.js';
import { python } from './python.js';
import type { LanguagePack } from './types.js';

/** Every language the generator knows. Adding a language = one pack file + its templates + one line here. */
export const LANGUAGE_PACKS: readonly LanguagePack[] = [python, go, node];

export const LANGUAGE_IDS = LANGUAGE_PACKS.map((pack) => pack.id);

export function languagePack(id: string): LanguagePack {
  const pack = LANGUAGE_PACKS.find((candidate) => candidate.id === id);
  if (!pack) throw new Error(`unknown language pack ${id}`);
  return pack;
}

export type { LanguagePack } from './types.js';
