/**
 * `yo slim-docker` / `slim-docker`: ask → plan → write → verify. A thin shell over src/: every input is
 * validated there before any file is queued, and files reach disk only in Yeoman's conflicts step.
 */
import { existsSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import Generator from 'yeoman-generator';
import { detect } from '../../src/detect/index.js';
import { InputError, VerificationError } from '../../src/errors.js';
import { languagePack } from '../../src/languages/index.js';
import { factsFor, readFlags, readSaved, resolveAnswers, resolveRunSettings, type Answers, type Facts, type Question, type Resolved, type RunSettings } from '../../src/options.js';
import { parseDockerfile } from '../../src/dockerfile-check.js';
import { mergeDockerignore } from '../../src/dockerignore-merge.js';
import { loadTeamConfig, teamAnswers, type TeamConfig } from '../../src/team-config.js';
import { plan } from '../../src/plan.js';
import { renderAll, type RenderedFile } from '../../src/render.js';
import { Engine } from '../../src/verify/engine.js';
import { declareOptions, generatorPath, verifyDirectory, writeOrKeep } from '../shared.js';

/** What a Dockerfile takes from the build context: COPY/ADD sources and RUN bind-mount sources. */
function contextSources(dockerfile: string | undefined): string[] {
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

/** What a generator built on this one writes; the sub-generators (dockerfile, dockerignore, sample) narrow it. */
export interface Scope {
  kinds: readonly RenderedFile['kind'][];
  /** Verify by default (when an engine answers)? Only the whole app does. */
  verifies: boolean;
}

export default class AppGenerator extends Generator {
  protected scope: Scope = { kinds: ['dockerfile', 'dockerignore', 'source'], verifies: true };

  private flags!: Record<string, unknown>;
  private settings!: RunSettings;
  private team: TeamConfig | undefined;
  private facts!: Facts;
  private outcome!: Resolved;
  private rendered: RenderedFile[] = [];
  private engineProblem: string | undefined;
  private verifyNow = false;

  constructor(args: string[], options: Record<string, unknown>, features: Record<string, unknown> = {}) {
    // customInstallTask: the environment's automatic `npm install` has nothing to do for these files.
    super(args, options as never, { customInstallTask: true, ...features });
    declareOptions(this);
  }

  async initializing(): Promise<void> {
    this.flags = readFlags(this.options);
    this.settings = resolveRunSettings(this.flags, process.env);
    if (!this.scope.verifies && this.settings.verify === 'auto') this.settings.verify = 'never';
    this.team = loadTeamConfig(this.destinationRoot(), this.settings.config);
    if (this.settings.templates && !existsSync(this.destinationPath(this.settings.templates))) {
      throw new InputError('--templates', `${this.destinationPath(this.settings.templates)} does not exist; eject the built-in templates with \`slim-docker eject-templates DIR\``);
    }
    if (this.team) this.log(`Team config: ${this.team.path}${Object.keys(this.team.locked).length ? ` (locked: ${Object.keys(this.team.locked).join(', ')})` : ''}`);
    this.facts = await detect(this.destinationRoot());
    for (const found of this.facts.detected) {
      const details = [found.framework, found.entrypoints.length && `entry ${found.entrypoints.join(' | ')}`, found.port && `port ${found.port}`, found.runtimeVersion && `version ${found.runtimeVersion}${found.versionSource ? ` (${found.versionSource})` : ''}`, found.packageManager && `installs with ${found.packageManager}`];
      this.log(`Detected ${found.language} (${found.evidence.join(', ') || 'source files'}): ${details.filter(Boolean).join(', ')}`);
      for (const problem of found.problems) this.log(`  ! ${problem}`);
    }
    if (this.settings.verify !== 'never') {
      // Probe once, early: it decides the "verify now?" default. Its problems are reported, not fatal.
      this.engineProblem = await new Engine(this.settings.engine ?? 'docker', this.settings.network)
        .probe(false, 10)
        .then(() => undefined, (error: Error) => error.message);
    }
  }

  async prompting(): Promise<void> {
    const saved = this.config.getAll() as Record<string, unknown>;
    this.outcome = await resolveAnswers({
      flags: this.flags,
      saved: readSaved(saved),
      facts: this.facts,
      team: this.team && teamAnswers(this.team),
      yes: this.settings.yes,
      ask: (question, defaultValue, partial, candidates) => this.#ask(question, defaultValue, partial, candidates),
    });
    this.verifyNow = await this.#decideVerification();
  }

  async configuring(): Promise<void> {
    // Render (and parse each Dockerfile) before queueing anything, so a failure writes nothing.
    const rendered = await renderAll(plan(this.outcome.answers, this.facts, this.team), this.settings.templates ? this.destinationPath(this.settings.templates) : this.team?.templates);
    this.rendered = rendered.filter((file) => this.scope.kinds.includes(file.kind));
    this.config.set({ ...this.outcome.answers });
  }

  writing(): void {
    for (const file of this.rendered) {
      const path = this.destinationPath(file.destination);
      if (file.kind === 'dockerignore') {
        this.#writeMergedDockerignore(path, file.contents);
        continue;
      }
      writeOrKeep(this, file.destination, file.contents, this.settings);
    }
  }

  /**
   * The user's .dockerignore is merged, never replaced: their lines stay in order, what is missing is
   * added in one marked block. Since nothing of theirs is lost, it is written without a conflict prompt.
   */
  #writeMergedDockerignore(path: string, ours: string): void {
    const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
    const { answers } = this.outcome;
    const pack = languagePack(answers.language);
    const project = factsFor(answers, this.facts);
    const mustKeep = answers.sampleApp
      ? this.rendered.filter((file) => file.kind === 'source').map((file) => file.destination)
      : [...(project?.dependencyFiles ?? []), ...pack.entryFiles(answers.entrypoint).filter((file) => existsSync(this.destinationPath(file)))];
    if (this.team?.caCertificate) mustKeep.push(this.team.caCertificate);
    // A Dockerfile of the user's that stays (kept with --yes, or declined) must keep building too.
    mustKeep.push(...contextSources(read(this.destinationPath('Dockerfile'))));
    const existing = read(path);
    const merged = mergeDockerignore({ existing, ours, gitignore: read(this.destinationPath('.gitignore')), mustKeep });
    if (merged === existing) return;
    this.fs.write(path, merged);
    if (existing !== undefined) {
      (this.fs.store.get(path) as { conflicter?: string }).conflicter = 'force';
      this.log('    merge .dockerignore (your lines kept; missing entries added in a marked block)');
    }
  }

  /** Runs the language's post-write command (e.g. a lockfile for the sample app); files are on disk now. */
  async install(): Promise<void> {
    const step = languagePack(this.outcome.answers.language).install;
    if (!step || !step.when(this.outcome.answers)) return;
    const shown = step.command.join(' ');
    if ((this.options as Record<string, unknown>).skipInstall) {
      this.log(`Skipped ${step.purpose} (--skip-install). Run \`${shown}\` before building the image.`);
      return;
    }
    this.log(`Running \`${shown}\` (${step.purpose})…`);
    const result = await execa(step.command[0], step.command.slice(1), { cwd: this.destinationRoot(), all: true, reject: false, timeout: 600_000 });
    if (result.failed) throw new VerificationError(`\`${shown}\` failed: ${String(result.all ?? result.shortMessage).trim().split('\n').slice(-3).join(' ')}`);
  }

  async end(): Promise<void> {
    // compose.yaml and the CI workflow read the files just written, so they are composed now.
    for (const name of ['compose', 'ci'] as const) {
      if (this.flags[name] === true) await this.composeWith(generatorPath(name), { yes: this.settings.yes, force: this.settings.force } as never);
    }
    const { answers, sources } = this.outcome;
    this.log(`\nslim-docker: ${answers.language}/${answers.framework} ${answers.runtimeVersion}, port ${answers.port}, ${answers.base} base${answers.buildkit ? '' : ', no BuildKit'}`);
    this.log(`  (${Object.entries(sources).filter(([, source]) => source !== 'default').map(([key, source]) => `${key} from ${source}`).join(', ') || 'all defaults'})`);
    for (const extra of factsFor(answers, this.facts)?.extraPackages ?? []) {
      this.log(`  Your dependencies lack the production server: the Dockerfile installs ${extra} explicitly (your files are not edited).`);
    }
    if (!this.verifyNow) {
      if (this.settings.verify === 'never') this.log('Verification skipped (--skip-verify). Run `slim-docker verify` to prove the image.');
      else this.log(`Verification skipped: ${this.engineProblem ?? 'declined'}. The files are written; run \`slim-docker verify\` once an engine answers.`);
      return;
    }
    await verifyDirectory(this, this.destinationRoot(), this.settings);
  }

  /** Verify now? --verify/--skip-verify decide; otherwise yes when an engine answers (asked unless --yes). */
  async #decideVerification(): Promise<boolean> {
    if (this.settings.verify === 'never') return false;
    if (this.settings.verify === 'always') {
      if (this.engineProblem) throw new InputError('--verify', `no container engine to verify with: ${this.engineProblem}`);
      return true;
    }
    if (this.engineProblem || this.settings.yes) return !this.engineProblem;
    const { verifyNow } = await this.prompt<{ verifyNow: boolean }>([
      { type: 'confirm', name: 'verifyNow', message: 'Build and verify the image now (a real test build)?', default: true },
    ]);
    return verifyNow;
  }

  async #ask(question: Question, defaultValue: unknown, partial: Partial<Answers>, candidates: string[]): Promise<unknown> {
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
    const answers = await this.prompt([prompt as never]);
    return (answers as Record<string, unknown>)[question.key];
  }
}
