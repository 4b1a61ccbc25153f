/**
 * `yo slim-docker` / `slim-docker`: ask → plan → write → verify. A thin shell over src/: every input is
 * validated there before any file is queued, and files reach disk only in Yeoman's conflicts step.
 */
import { existsSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import Generator from 'yeoman-generator';
import { detect } from '../../src/detect.js';
import { InputError, VerificationError } from '../../src/errors.js';
import { languagePack } from '../../src/languages/index.js';
import { readFlags, readSaved, resolveAnswers, resolveRunSettings, type Answers, type Facts, type Question, type Resolved, type RunSettings } from '../../src/options.js';
import { plan } from '../../src/plan.js';
import { renderAll, type RenderedFile } from '../../src/render.js';
import { Engine } from '../../src/verify/engine.js';
import { declareOptions, verifyDirectory } from '../shared.js';

export default class AppGenerator extends Generator {
  private settings!: RunSettings;
  private facts!: Facts;
  private outcome!: Resolved;
  private rendered: RenderedFile[] = [];
  private engineProblem: string | undefined;
  private verifyNow = false;

  constructor(args: string[], options: Record<string, unknown>) {
    // customInstallTask: the environment's automatic `npm install` has nothing to do for these files.
    super(args, options as never, { customInstallTask: true });
    declareOptions(this);
  }

  async initializing(): Promise<void> {
    this.settings = resolveRunSettings(readFlags(this.options), process.env);
    this.facts = await detect(this.destinationRoot());
    if (this.settings.verify !== 'never') {
      // Probe once, early: it decides the "verify now?" default. Its problems are reported, not fatal.
      this.engineProblem = await new Engine(this.settings.engine ?? 'docker', this.settings.network)
        .probe(false, 10)
        .then(() => undefined, (error: Error) => error.message);
    }
  }

  async prompting(): Promise<void> {
    const flags = readFlags(this.options);
    const saved = this.config.getAll() as Record<string, unknown>;
    this.outcome = await resolveAnswers({
      flags,
      saved: readSaved(saved),
      facts: this.facts,
      yes: this.settings.yes,
      ask: (question, defaultValue, partial) => this.#ask(question, defaultValue, partial),
    });
    this.verifyNow = await this.#decideVerification();
  }

  async configuring(): Promise<void> {
    // Render (and parse each Dockerfile) before queueing anything, so a failure writes nothing.
    this.rendered = await renderAll(plan(this.outcome.answers, this.facts));
    this.config.set({ ...this.outcome.answers });
  }

  writing(): void {
    for (const file of this.rendered) {
      const path = this.destinationPath(file.destination);
      // --yes asks nothing, so it cannot ask before overwriting: it keeps the user's file (and says so).
      if (this.settings.yes && !this.settings.force && existsSync(path) && readFileSync(path, 'utf8') !== file.contents) {
        this.log(`    skip ${file.destination} (exists and differs; rerun with --force to overwrite, or without --yes to choose)`);
        continue;
      }
      this.fs.write(path, file.contents);
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
    const { answers, sources } = this.outcome;
    this.log(`\nslim-docker: ${answers.language}/${answers.framework} ${answers.runtimeVersion}, port ${answers.port}, ${answers.base} base${answers.buildkit ? '' : ', no BuildKit'}`);
    this.log(`  (${Object.entries(sources).filter(([, source]) => source !== 'default').map(([key, source]) => `${key} from ${source}`).join(', ') || 'all defaults'})`);
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

  async #ask(question: Question, defaultValue: unknown, partial: Partial<Answers>): Promise<unknown> {
    const validate = (value: unknown) => {
      try {
        question.parse(question.key, value, partial);
        return true;
      } catch (error) {
        return (error as Error).message;
      }
    };
    const base = { name: question.key, message: question.message, default: defaultValue };
    const prompt =
      question.kind === 'list'
        ? { ...base, type: 'list' as const, choices: question.choices?.(partial) ?? [] }
        : question.kind === 'confirm'
          ? { ...base, type: 'confirm' as const }
          : { ...base, type: 'input' as const, default: String(defaultValue), validate };
    const answers = await this.prompt([prompt as never]);
    return (answers as Record<string, unknown>)[question.key];
  }
}
