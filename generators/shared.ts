/** What the generators share: where siblings live, option declarations, the write rule and verification. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTwoFilesPatch } from 'diff';
import type Generator from 'yeoman-generator';
import { VerificationError } from '../src/errors.js';
import { OPTION_SPECS, type OptionGroup } from '../src/input/flags.js';
import type { RunSettings } from '../src/model.js';
import { runVerification } from '../src/verify/index.js';
import { resolveTarget } from '../src/verify/target.js';

/** A sibling generator's entry file (the .ts source under tsx, the compiled .js in dist). */
export function generatorPath(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, name, `index.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`);
}

/** Declares the options of the given groups (help text comes from the same list), or the named ones. */
export function declareOptions(generator: Generator, groups: readonly OptionGroup[], names?: readonly string[]): void {
  for (const spec of OPTION_SPECS) {
    if (!groups.includes(spec.group) && !names?.includes(spec.name)) continue;
    generator.option(spec.name, { type: spec.type === 'boolean' ? Boolean : String, description: spec.description });
  }
}

export async function verifyDirectory(generator: Generator, dir: string, settings: RunSettings, overrides: { port?: number } = {}): Promise<void> {
  const target = await resolveTarget(dir, 'Dockerfile', overrides.port);
  const report = await runVerification(target, settings, (line) => generator.log(line));
  if (!report.ok) {
    const failed = report.checks.filter((check) => !check.ok).map((check) => check.name);
    throw new VerificationError(`verification failed: ${failed.join(', ')}`);
  }
}

/** A unified diff of an existing file against the regenerated one, trimmed for the terminal. */
function changeSummary(name: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`${name} (yours)`, `${name} (regenerated)`, before, after, '', '', { context: 1 });
  const lines = patch.split('\n').slice(2).filter((line) => !line.startsWith('\\'));
  const shown = lines.slice(0, 40).map((line) => `      ${line}`);
  if (lines.length > 40) shown.push(`      … ${lines.length - 40} more lines`);
  return [`    ${name} differs from what slim-docker generates now:`, ...shown].join('\n');
}

/**
 * Queues a generated file. An existing file that differs (an upgrade, or the user's own) is shown as a
 * diff first; --yes asks nothing, so it cannot ask before overwriting: without --force it keeps the
 * user's file and says so. Otherwise Yeoman's conflict step decides (ask, or --force).
 */
export function writeOrKeep(generator: Generator, destination: string, contents: string, settings: { yes: boolean; force: boolean }): void {
  const path = generator.destinationPath(destination);
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (existing !== undefined && existing !== contents) {
    generator.log(changeSummary(destination, existing, contents));
    if (settings.yes && !settings.force) {
      generator.log(`    skip ${destination} (exists and differs; rerun with --force to overwrite, or without --yes to choose)`);
      return;
    }
  }
  generator.fs.write(path, contents);
}
