/**
 * In-process structure checks on a parsed Dockerfile: the key rules of slim-docker (and the weak spots
 * of other scaffolders) for users without hadolint. hadolint remains the full linter in CI.
 * Language knowledge (install commands, dev servers, caches) comes from the packs.
 */
import { isExecForm, type ParsedDockerfile, type ParsedInstruction } from './dockerfile-check.js';
import { LANGUAGE_PACKS } from './languages/index.js';

export interface Finding {
  rule: string;
  severity: 'error' | 'warning';
  line: number;
  message: string;
}

const WHOLE_CONTEXT_COPY = /(^|\s)\.\/?\s+\S+$/;
const LINTS = LANGUAGE_PACKS.map((pack) => pack.lint);
const installsDependencies = (command: string) => LINTS.some((lint) => lint.dependencyInstall.test(command));

export function lintDockerfile(parsed: ParsedDockerfile): Finding[] {
  const findings: Finding[] = [];
  const add = (rule: string, severity: Finding['severity'], at: ParsedInstruction | undefined, message: string) => {
    if (!at?.ignore.includes(rule)) findings.push({ rule, severity, line: at?.line ?? 1, message });
  };
  const finalStage = parsed.stages - 1;
  const final = parsed.instructions.filter((instruction) => instruction.stage === finalStage);
  // `FROM build AS dev` inherits USER, CMD, HEALTHCHECK … from the stage it starts from: look there too.
  const chain = stageChain(parsed, finalStage);
  const last = (keyword: string) => {
    for (const stage of chain) {
      const found = [...parsed.instructions]
        .reverse()
        .find((instruction) => instruction.stage === stage && instruction.keyword === keyword);
      if (found) return found;
    }
    return undefined;
  };

  const user = last('USER');
  if (!user || /^(root|0)(:|$)/.test(user.args)) {
    add('SD001', 'error', user ?? final[0], 'the final stage runs as root: add a non-root USER before CMD');
  }
  for (const keyword of ['CMD', 'ENTRYPOINT']) {
    const instruction = last(keyword);
    if (instruction && !isExecForm(instruction.args)) {
      add(
        'SD002',
        'error',
        instruction,
        `${keyword} is in shell form: /bin/sh becomes PID 1 and SIGTERM never reaches the app; use ["exec", "form"]`,
      );
    }
  }
  if (!last('CMD') && !last('ENTRYPOINT')) add('SD002', 'error', final[0], 'no CMD or ENTRYPOINT in the final stage');

  for (let stage = 0; stage < parsed.stages; stage++) {
    const instructions = parsed.instructions.filter((instruction) => instruction.stage === stage);
    const copyAll = instructions.find(
      (instruction) =>
        /^(COPY|ADD)$/.test(instruction.keyword) &&
        !/--from=/.test(instruction.args) &&
        WHOLE_CONTEXT_COPY.test(instruction.args),
    );
    const install =
      copyAll &&
      instructions.find(
        (instruction) =>
          instruction.keyword === 'RUN' && instruction.line > copyAll.line && installsDependencies(instruction.args),
      );
    if (install) {
      add(
        'SD003',
        'error',
        install,
        `dependencies are installed after the whole context is copied (line ${copyAll.line}): every code edit reinstalls them; copy the dependency files first`,
      );
    }
  }

  if (!last('HEALTHCHECK'))
    add('SD004', 'warning', final[0], 'no HEALTHCHECK: orchestrators cannot tell a hung app from a healthy one');
  if (!last('EXPOSE')) add('SD008', 'warning', final[0], 'no EXPOSE: nothing documents the port the app listens on');

  const froms = parsed.instructions.filter((instruction) => instruction.keyword === 'FROM');
  const stageNames = froms.map((from) => /\s[Aa][Ss]\s+(\S+)$/.exec(from.args)?.[1]).filter(Boolean);
  for (const from of froms) {
    const image = from.args.split(/\s+/).find((word) => !word.startsWith('--')) ?? '';
    if (
      image !== 'scratch' &&
      !stageNames.includes(image) &&
      (image.endsWith(':latest') || !/[:@]/.test(image.split('/').pop() ?? ''))
    ) {
      add('SD005', 'warning', from, `${image} is not pinned to a tag: builds change under you`);
    }
  }
  for (const instruction of parsed.instructions) {
    if (instruction.keyword === 'ADD' && !/https?:\/\/|\.tar(\.\w+)?\b|--from=/.test(instruction.args)) {
      add('SD006', 'warning', instruction, 'ADD of local files: use COPY (ADD also unpacks archives and fetches URLs)');
    }
    if (instruction.keyword !== 'RUN') continue;
    for (const cache of LINTS.map((lint) => lint.cacheInImage)) {
      if (cache && cache.install.test(instruction.args) && !cache.clean.test(instruction.args))
        add('SD010', 'warning', instruction, cache.message);
    }
  }
  const command = last('CMD') ?? last('ENTRYPOINT');
  const commandText = command?.args.replace(/^\[\s*/, '') ?? '';
  for (const [pattern, why] of LINTS.flatMap((lint) => lint.devServers)) {
    if (command && pattern.test(commandText))
      add('SD009', 'warning', command, `development server in production: ${why}`);
  }
  return findings.sort((a, b) => a.line - b.line);
}

/** The stage and the earlier stages it is built FROM (by alias or index), nearest first. */
function stageChain(parsed: ParsedDockerfile, stage: number): number[] {
  const froms = parsed.instructions.filter((instruction) => instruction.keyword === 'FROM');
  const aliasOf = froms.map((from) => /\s[Aa][Ss]\s+(\S+)$/.exec(from.args)?.[1]?.toLowerCase());
  const chain = [stage];
  for (let hops = 0; hops < froms.length; hops++) {
    const image =
      froms[chain[chain.length - 1]].args
        .split(/\s+/)
        .find((word) => !word.startsWith('--'))
        ?.toLowerCase() ?? '';
    const parent = /^\d+$/.test(image) ? Number(image) : aliasOf.indexOf(image);
    if (parent < 0 || parent >= chain[chain.length - 1] || chain.includes(parent)) break;
    chain.push(parent);
  }
  return chain;
}
