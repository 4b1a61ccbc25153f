/**
 * The seed's experiment made exact: the layers up to and including the dependency install must be
 * byte-identical after a code edit. The dependency step is found in the Dockerfile; a copy of the
 * Dockerfile cut right after it builds (from the layer cache) the image that ends at that step, whose
 * layers are the prefix to compare.
 */
import type { ParsedDockerfile } from '../dockerfile-check.js';

export interface DependencyStep {
  line: number;
  stage: number;
  finalStage: boolean;
  text: string;
}

/**
 * The RUN that installs dependencies: the last RUN matching the language's install command, else the
 * last RUN before the first whole-context COPY/ADD of the final stage.
 */
export function findDependencyStep(parsed: ParsedDockerfile, pattern: RegExp): DependencyStep | undefined {
  const finalStage = parsed.stages - 1;
  const runs = parsed.instructions.filter((instruction) => instruction.keyword === 'RUN');
  let step = [...runs].reverse().find((instruction) => pattern.test(instruction.args));
  if (!step) {
    const wholeCopy = parsed.instructions.find(
      (instruction) =>
        instruction.stage === finalStage &&
        /^(COPY|ADD)$/.test(instruction.keyword) &&
        /(^|\s)\.\/?\s+\S+$/.test(instruction.args),
    );
    step = wholeCopy
      ? [...runs].reverse().find((run) => run.stage === finalStage && run.line < wholeCopy.line)
      : undefined;
  }
  return step && { line: step.line, stage: step.stage, finalStage: step.stage === finalStage, text: step.args };
}

/** The Dockerfile text up to and including the line range of the dependency step's instruction. */
export function truncateAt(dockerfileText: string, parsed: ParsedDockerfile, step: DependencyStep): string {
  const next = parsed.instructions.find((instruction) => instruction.line > step.line);
  const lines = dockerfileText.split('\n');
  const end = next ? next.line - 1 : lines.length;
  return `${lines.slice(0, end).join('\n')}\n`;
}

export const RUN_ARG = 'SLIM_DOCKER_VERIFY_RUN';

/**
 * The Dockerfile with `ARG SLIM_DOCKER_VERIFY_RUN=<run>` after every FROM. An ARG in scope is part of
 * every later RUN's cache key and changes no file, so the first build is truly cold, and every build
 * of this run shares exactly one cache record per step. (A --no-cache build would instead add a
 * second record beside an older one, and later builds may resolve either.)
 */
export function instrument(dockerfileText: string, parsed: ParsedDockerfile, runId: string): string {
  const lines = dockerfileText.split('\n');
  // After each FROM's last line (a FROM may continue over several lines).
  const fromEnds = new Set(
    parsed.instructions
      .filter((instruction) => instruction.keyword === 'FROM')
      .map((instruction) => instruction.endLine),
  );
  return lines
    .flatMap((line, index) => (fromEnds.has(index + 1) ? [line, `ARG ${RUN_ARG}=${runId}`] : [line]))
    .join('\n');
}

export interface LayerComparison {
  ok: boolean;
  detail: string;
  sharedLayers: number;
}

/**
 * deps images: the image cut at the dependency step, built from the original and the edited context.
 * cold/edited: the full images. For a final-stage step, the deps layers must also be a prefix of both.
 */
export function compareLayers(input: {
  depsCold: string[];
  depsEdited: string[];
  cold: string[];
  edited: string[];
  finalStage: boolean;
}): LayerComparison {
  const { depsCold, depsEdited, cold, edited, finalStage } = input;
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((layer, index) => layer === b[index]);
  const isPrefix = (prefix: string[], of: string[]) =>
    prefix.length <= of.length && prefix.every((layer, index) => layer === of[index]);
  const shared = cold.findIndex((layer, index) => layer !== edited[index]);
  const sharedLayers = shared === -1 ? Math.min(cold.length, edited.length) : shared;
  if (!same(depsCold, depsEdited)) {
    const firstDiff = depsCold.findIndex((layer, index) => layer !== depsEdited[index]);
    return {
      ok: false,
      sharedLayers,
      detail: `the dependency layers changed after a code edit (layer ${firstDiff + 1} of ${depsCold.length} differs): the install step depends on code files`,
    };
  }
  if (finalStage && !(isPrefix(depsCold, cold) && isPrefix(depsCold, edited))) {
    const which = isPrefix(depsCold, cold) ? 'rebuilt' : 'unchanged';
    const image = which === 'rebuilt' ? edited : cold;
    const at = depsCold.findIndex((layer, index) => layer !== image[index]);
    return {
      ok: false,
      sharedLayers,
      detail: `the ${which} image does not start with the ${depsCold.length} dependency layers (layer ${at + 1} differs)`,
    };
  }
  // A multi-stage build may legitimately give an identical final image (e.g. a comment-only edit).
  if (finalStage && same(cold, edited)) {
    return {
      ok: false,
      sharedLayers,
      detail: 'the code edit did not change the image: the edited file never reached it',
    };
  }
  return {
    ok: true,
    sharedLayers,
    detail: `${depsCold.length} layers up to the dependency install identical; ${edited.length - sharedLayers} rebuilt`,
  };
}
