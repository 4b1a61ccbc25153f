/** What both generators share: option declarations, error reporting, and the verification call. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Generator from 'yeoman-generator';
import { VerificationError } from '../src/errors.js';
import { OPTION_SPECS, type RunSettings } from '../src/options.js';
import { runVerification } from '../src/verify/index.js';
import { resolveTarget } from '../src/verify/target.js';

/** A sibling generator's entry file (the .ts source under tsx, the compiled .js in dist). */
export function generatorPath(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, name, `index.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`);
}

/** Declares the options of OPTION_SPECS that a generator takes (help text comes from the same list). */
export function declareOptions(generator: Generator, names?: readonly string[]): void {
  for (const spec of OPTION_SPECS) {
    if (names && !names.includes(spec.name)) continue;
    generator.option(spec.name, { type: spec.type === 'boolean' ? Boolean : String, description: spec.description });
  }
}

export async function verifyDirectory(generator: Generator, dir: string, settings: RunSettings, dockerfile?: string): Promise<void> {
  const target = await resolveTarget(dir, dockerfile);
  const report = await runVerification(target, settings, (line) => generator.log(line));
  if (!report.ok) {
    const failed = report.checks.filter((check) => !check.ok).map((check) => check.name);
    throw new VerificationError(`verification failed: ${failed.join(', ')}`);
  }
}
