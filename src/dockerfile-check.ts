/** Parses a rendered Dockerfile (dockerfile-ast) before it is written, and answers structural questions about it. */
import { DockerfileParser, type Instruction } from 'dockerfile-ast';

export interface ParsedInstruction {
  keyword: string;
  /** Raw arguments as written (continuations joined). */
  args: string;
  line: number;
  /** Last line of the instruction (continuations included), 1-based. */
  endLine: number;
  stage: number;
  /** Lint rules a `# slim-docker ignore=SD009,…` comment right above the instruction turns off for it. */
  ignore: string[];
}

export interface ParsedDockerfile {
  instructions: ParsedInstruction[];
  stages: number;
}

const KNOWN = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

function argsOf(lines: string[], instruction: Instruction): string {
  // Raw text of the instruction (flags such as RUN --mount included), continuations joined as the
  // builder joins them; comment lines inside a continuation are dropped like the builder does.
  const range = instruction.getRange();
  const text = lines
    .slice(range.start.line, range.end.line + 1)
    .map((line, index) => (index === 0 ? line.slice(range.start.character) : line))
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
  return text
    .replace(/^\s*\S+/, '')
    .replace(/\\\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Parses and checks that every instruction is one Docker knows and that the file has a FROM first. */
export function parseDockerfile(text: string, fileName = 'Dockerfile'): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const lines = text.split('\n');
  const instructions: ParsedInstruction[] = [];
  let stage = -1;
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const line = instruction.getRange().start.line + 1;
    if (!KNOWN.has(keyword)) throw new Error(`${fileName}:${line}: unknown instruction ${JSON.stringify(keyword)}`);
    if (keyword === 'FROM') stage += 1;
    else if (stage < 0 && keyword !== 'ARG') throw new Error(`${fileName}:${line}: ${keyword} before the first FROM`);
    instructions.push({
      keyword,
      args: argsOf(lines, instruction),
      line,
      endLine: instruction.getRange().end.line + 1,
      stage,
      ignore: ignoredAbove(lines, line),
    });
  }
  if (stage < 0) throw new Error(`${fileName}: no FROM instruction`);
  return { instructions, stages: stage + 1 };
}

/**
 * The rules named by `# slim-docker ignore=RULE[,RULE]` in the comment block right above a line (as
 * hadolint's `# hadolint ignore=`): a finding the author has judged, with the reason beside it.
 */
function ignoredAbove(lines: string[], line: number): string[] {
  const rules: string[] = [];
  for (let index = line - 2; index >= 0 && /^\s*#/.test(lines[index]); index--) {
    const named = /^\s*#\s*slim-docker\s+ignore=([A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*)/.exec(lines[index]);
    if (named) rules.push(...named[1].split(/\s*,\s*/));
  }
  return rules;
}

/** True when the instruction's arguments are an exec-form JSON array of strings. */
export function isExecForm(args: string): boolean {
  const json = args.replace(/^(--\S+\s+)*/, '');
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value.every((item) => typeof item === 'string');
  } catch {
    return false;
  }
}

/** The exec-form array of the last instruction with this keyword, or undefined. */
export function execArgs(parsed: ParsedDockerfile, keyword: string): string[] | undefined {
  const found = [...parsed.instructions].reverse().find((instruction) => instruction.keyword === keyword);
  if (!found || !isExecForm(found.args)) return undefined;
  return JSON.parse(found.args.replace(/^(--\S+\s+)*/, '')) as string[];
}
