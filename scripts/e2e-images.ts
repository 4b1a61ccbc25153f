/**
 * Prints the base images the real-engine tests build, one per line, for the stand-in builder:
 * the FROM images (global ARG defaults substituted; stage names and scratch left out) of the Dockerfile
 * each `e2e: true` example builds (its golden, or a verify example's own), plus those of the goldens the
 * other real-engine suites build. The examples are the single source: CI builds exactly these.
 *
 *   npx tsx scripts/e2e-images.ts          # one tag per line
 *   npx tsx scripts/e2e-images.ts --why    # tag, then who needs it
 *   npx tsx scripts/e2e-images.ts --matrix # only the engine matrix's examples (MATRIX_EXAMPLES)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_ROOT, MATRIX_EXAMPLES, builtDockerfile, fromImages, loadExamples } from '../test/support/examples.js';

/**
 * The other real-engine suites and what they build: sample-app goldens (test/golden/<name>) and images
 * named in the test itself.
 */
const SUITES: Record<string, { goldens?: string[]; images?: string[] }> = {
  // Generates the default Flask sample and verifies it under each fault; loads its base into a private dockerd.
  'test/e2e/faults.test.ts': { goldens: ['python-slim-buildkit'] },
  // Tags the same base as the team's registry mirror (locked: slim, 3.13) and verifies through it.
  'test/e2e/team.test.ts': { goldens: ['python-slim-buildkit'] },
  // Verifies the default Flask sample again and again while building throwaway debian:trixie-slim images.
  'test/e2e/cache-proof-load.test.ts': { goldens: ['python-slim-buildkit'], images: ['debian:trixie-slim'] },
  // test/e2e/compose.test.ts runs `compose config` only: it builds nothing.
};

const needs = new Map<string, string[]>();
const need = (image: string, who: string) => needs.set(image, [...(needs.get(image) ?? []), who]);
const add = (dockerfile: string, who: string) => {
  if (!existsSync(dockerfile))
    throw new Error(
      `${who}: no ${dockerfile}; capture the goldens first (SLIM_DOCKER_CAPTURE=1 npx mocha test/generator/golden.test.ts)`,
    );
  for (const image of fromImages(readFileSync(dockerfile, 'utf8'))) need(image, who);
};
const matrixOnly = process.argv.includes('--matrix');
for (const example of loadExamples()) {
  if (matrixOnly && !(MATRIX_EXAMPLES as readonly string[]).includes(example.name)) continue;
  const dockerfile = example.e2e ? builtDockerfile(example) : undefined;
  if (dockerfile) add(dockerfile, `example ${example.name}`);
}
for (const [suite, { goldens = [], images = [] }] of Object.entries(matrixOnly ? {} : SUITES)) {
  for (const golden of goldens) add(join(GOLDEN_ROOT, golden, 'Dockerfile'), suite);
  for (const image of images) need(image, suite);
}

const why = process.argv.includes('--why');
for (const image of [...needs.keys()].sort()) console.log(why ? `${image}\t${needs.get(image)!.join(', ')}` : image);
