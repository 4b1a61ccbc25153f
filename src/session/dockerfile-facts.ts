/** What the session reads from a Dockerfile already in the project: what it copies, and the port it exposes. */
import { parseDockerfile, type ParsedDockerfile } from '../dockerfile-check.js';

function parsed(dockerfile: string | undefined): ParsedDockerfile | undefined {
  if (dockerfile === undefined) return undefined;
  try {
    return parseDockerfile(dockerfile);
  } catch {
    return undefined;
  }
}

/** What a Dockerfile takes from the build context: COPY/ADD sources and RUN bind-mount sources. */
export function contextSources(dockerfile: string | undefined): string[] {
  const instructions = parsed(dockerfile)?.instructions ?? [];
  const sources: string[] = [];
  for (const instruction of instructions) {
    if (
      /^(COPY|ADD)$/.test(instruction.keyword) &&
      !/--from=/.test(instruction.args) &&
      !instruction.args.startsWith('[')
    ) {
      const words = instruction.args.split(' ').filter((word) => !word.startsWith('--'));
      sources.push(...words.slice(0, -1).filter((word) => word !== '.' && word !== './' && !/^https?:/.test(word)));
    }
    if (instruction.keyword === 'RUN') {
      for (const match of instruction.args.matchAll(/--mount=[^ ]*type=bind[^ ]*/g)) {
        const source = /(?:source|src)=([^, ]+)/.exec(match[0])?.[1];
        if (source && !/from=/.test(match[0])) sources.push(source);
      }
    }
  }
  return sources.map((source) => source.replace(/^\.\//, ''));
}

/** The first port a Dockerfile EXPOSEs (a plain number, optionally /tcp), or undefined. */
export function exposedPort(dockerfile: string | undefined): number | undefined {
  for (const instruction of parsed(dockerfile)?.instructions ?? []) {
    if (instruction.keyword !== 'EXPOSE') continue;
    const first = /^(\d{1,5})(?:\/tcp)?$/.exec(instruction.args.trim().split(/\s+/)[0] ?? '');
    const port = first ? Number(first[1]) : Number.NaN;
    if (port >= 1 && port <= 65535) return port;
  }
  return undefined;
}
