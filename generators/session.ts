/**
 * The project session every file-writing generator shares: read flags and team config, detect, ask,
 * plan and render. The app generator opens one and hands it to the generators it composes; a
 * sub-generator run alone (`slim-docker dockerfile`) opens its own. Functions, not a base class:
 * each generator keeps only its own Yeoman tasks.
 */
import { existsSync, readFileSync } from 'node:fs';
import type Generator from 'yeoman-generator';
import { detect } from '../src/detect/index.js';
import { parseDockerfile } from '../src/dockerfile-check.js';
import { mergeDockerignore } from '../src/dockerignore-merge.js';
import { InputError } from '../src/errors.js';
import { readFlags } from '../src/input/flags.js';
import type { Question } from '../src/input/questions.js';
import { resolveAnswers, type Resolved } from '../src/input/resolve.js';
import { resolveRunSettings } from '../src/input/run-settings.js';
import { readSaved } from '../src/input/saved.js';
import { languagePack } from '../src/languages/index.js';
import type { FileKind } from '../src/languages/types.js';
import { factsFor, type Answers, type Facts, type RunSettings } from '../src/model.js';
import { plan } from '../src/plan.js';
import { renderAll, type RenderedFile } from '../src/render.js';
import { loadTeamConfig, teamAnswers, type TeamConfig } from '../src/team-config.js';
import { writeOrKeep } from './shared.js';

export interface ProjectSession {
  flags: Record<string, unknown>;
  settings: RunSettings;
  team: TeamConfig | undefined;
  facts: Facts;
  /** Set by ask(). */
  outcome?: Resolved;
  /** Set by render(): every planned file, rendered and checked. */
  rendered: RenderedFile[];
}

/** Flags, run settings, team config and detection: everything known before the first question. */
export async function openSession(generator: Generator): Promise<ProjectSession> {
  const flags = readFlags(generator.options as Record<string, unknown>);
  const settings = resolveRunSettings(flags, process.env);
  const team = loadTeamConfig(generator.destinationRoot(), settings.config);
  if (settings.templates && !existsSync(generator.destinationPath(settings.templates))) {
    throw new InputError('--templates', `${generator.destinationPath(settings.templates)} does not exist; eject the built-in templates with \`slim-docker eject-templates DIR\``);
  }
  if (team) generator.log(`Team config: ${team.path}${Object.keys(team.locked).length ? ` (locked: ${Object.keys(team.locked).join(', ')})` : ''}`);
  const facts = await detect(generator.destinationRoot());
  for (const found of facts.detected) {
    const details = [found.framework, found.entrypoints.length && `entry ${found.entrypoints.join(' | ')}`, found.port && `port ${found.port}`, found.runtimeVersion && `version ${found.runtimeVersion}${found.versionSource ? ` (${found.versionSource})` : ''}`, found.packageManager && `installs with ${found.packageManager}`];
    generator.log(`Detected ${found.language} (${found.evidence.join(', ') || 'source files'}): ${details.filter(Boolean).join(', ')}`);
    for (const problem of found.problems) generator.log(`  ! ${problem}`);
  }
  return { flags, settings, team, facts, rendered: [] };
}

/** Resolves every answer (asking unless --yes). */
export async function askAnswers(generator: Generator, session: ProjectSession): Promise<Resolved> {
  session.outcome = await resolveAnswers({
    flags: session.flags,
    saved: readSaved(generator.config.getAll()),
    facts: session.facts,
    team: session.team && teamAnswers(session.team),
    yes: session.settings.yes,
    ask: (question, defaultValue, partial, candidates) => ask(generator, question, defaultValue, partial, candidates),
  });
  return session.outcome;
}

/** The template overrides in force: --templates, else the team config's. */
export const overridesOf = (generator: Generator, settings: RunSettings, team: TeamConfig | undefined): string | undefined =>
  settings.templates ? generator.destinationPath(settings.templates) : team?.templates;

/** Plans and renders every file (each Dockerfile parsed) before anything is queued; saves the answers. */
export async function renderSession(generator: Generator, session: ProjectSession): Promise<void> {
  const { answers } = session.outcome!;
  session.rendered = await renderAll(plan(answers, session.facts, session.team), overridesOf(generator, session.settings, session.team));
  generator.config.set({ ...answers });
}

/** Queues the rendered files of the given kinds; the user's .dockerignore is merged, never replaced. */
export function writeKinds(generator: Generator, session: ProjectSession, kinds: readonly FileKind[]): void {
  for (const file of session.rendered.filter((candidate) => kinds.includes(candidate.kind))) {
    if (file.kind === 'dockerignore') writeMergedDockerignore(generator, session, file.destination, file.contents);
    else writeOrKeep(generator, file.destination, file.contents, session.settings);
  }
}

/** What a Dockerfile takes from the build context: COPY/ADD sources and RUN bind-mount sources. */
export function contextSources(dockerfile: string | undefined): string[] {
  if (dockerfile === undefined) return [];
  let parsed;
  try {
    parsed = parseDockerfile(dockerfile);
  } catch {
    return [];
  }
  const sources: string[] = [];
  for (const instruction of parsed.instructions) {
    if (/^(COPY|ADD)$/.test(instruction.keyword) && !/--from=/.test(instruction.args) && !instruction.args.startsWith('[')) {
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

/**
 * The user's .dockerignore is merged, never replaced: their lines stay in order, what is missing is
 * added in one marked block. Since nothing of theirs is lost, it is written without a conflict prompt.
 */
function writeMergedDockerignore(generator: Generator, session: ProjectSession, destination: string, ours: string): void {
  const path = generator.destinationPath(destination);
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
  const { answers } = session.outcome!;
  const pack = languagePack(answers.language);
  const project = factsFor(answers, session.facts);
  const mustKeep = answers.sampleApp
    ? session.rendered.filter((file) => file.kind === 'source').map((file) => file.destination)
    : [...(project?.dependencyFiles ?? []), ...pack.entryFiles(answers.entrypoint).filter((file) => existsSync(generator.destinationPath(file)))];
  if (session.team?.caCertificate) mustKeep.push(session.team.caCertificate);
  // A Dockerfile of the user's that stays (kept with --yes, or declined) must keep building too.
  mustKeep.push(...contextSources(read(generator.destinationPath('Dockerfile'))));
  const existing = read(path);
  const merged = mergeDockerignore({ existing, ours, gitignore: read(generator.destinationPath('.gitignore')), mustKeep });
  if (merged === existing) return;
  generator.fs.write(path, merged);
  if (existing !== undefined) {
    (generator.fs.store.get(path) as { conflicter?: string }).conflicter = 'force';
    generator.log('    merge .dockerignore (your lines kept; missing entries added in a marked block)');
  }
}

async function ask(generator: Generator, question: Question, defaultValue: unknown, partial: Partial<Answers>, candidates: string[]): Promise<unknown> {
  const validate = (value: unknown) => {
    try {
      question.parse(question.key, value, partial);
      return true;
    } catch (error) {
      return (error as Error).message;
    }
  };
  const base = { name: question.key, message: question.message, default: defaultValue };
  // Several detected candidates (languages, entry points) are offered as a list to pick from.
  const choices = candidates.length > 1 ? candidates.map((value) => ({ name: value, value })) : question.choices?.(partial);
  const prompt =
    question.kind === 'list' || candidates.length > 1
      ? { ...base, type: 'list' as const, choices: choices ?? [] }
      : question.kind === 'confirm'
        ? { ...base, type: 'confirm' as const }
        : { ...base, type: 'input' as const, default: String(defaultValue), validate };
  const answers = await generator.prompt([prompt as never]);
  return (answers as Record<string, unknown>)[question.key];
}
