/** Saved answers (.yo-rc.json): only the known keys, each later parsed like a flag. */
import { InputError } from '../errors.js';
import { QUESTIONS } from './questions.js';

type Raw = Record<string, unknown>;

/** Saved answers must be an object; anything else in .yo-rc.json is a clear error, not a crash. */
export function readSaved(config: unknown): Raw {
  if (config === undefined || config === null) return {};
  if (typeof config !== 'object' || Array.isArray(config)) {
    throw new InputError('.yo-rc.json "generator-slim-docker"', 'must be an object of saved answers');
  }
  const known = new Set(QUESTIONS.map((question) => question.key as string));
  return Object.fromEntries(Object.entries(config as Raw).filter(([key]) => known.has(key)));
}
