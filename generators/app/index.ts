/**
 * `yo slim-docker` / `slim-docker`: ask → plan → write → verify. A thin shell: it opens the project
 * session (src/ validates every input before any file is queued), composes the generators that write
 * the files (dockerfile, dockerignore, sample), and verifies once they are on disk.
 */
import Generator from 'yeoman-generator';
import { InputError } from '../../src/errors.js';
import { factsFor } from '../../src/model.js';
import { Engine } from '../../src/verify/engine.js';
import { askAnswers, openSession, renderSession, type ProjectSession } from '../session.js';
import { declareOptions, generatorPath, verifyDirectory } from '../shared.js';

export default class AppGenerator extends Generator {
  #session!: ProjectSession;
  #engineProblem: string | undefined;
  #verifyNow = false;

  constructor(args: string[], options: Record<string, unknown>) {
    // customInstallTask: the environment's automatic `npm install` has nothing to do for these files.
    super(args, options as never, { customInstallTask: true });
    declareOptions(this, ['answer', 'write', 'verify', 'compose']);
  }

  async initializing(): Promise<void> {
    this.#session = await openSession(this);
    if (this.#session.settings.verify !== 'never') {
      // Probe once, early: it decides the "verify now?" default. Its problems are reported, not fatal.
      this.#engineProblem = await new Engine(this.#session.settings.engine ?? 'docker', this.#session.settings.network)
        .probe(false, 10)
        .then(() => undefined, (error: Error) => error.message);
    }
  }

  async prompting(): Promise<void> {
    await askAnswers(this, this.#session);
    this.#verifyNow = await this.#decideVerification();
  }

  async configuring(): Promise<void> {
    // Rendered (each Dockerfile parsed) before any generator queues a file, so a failure writes nothing.
    await renderSession(this, this.#session);
    const parts = ['dockerfile', 'dockerignore', ...(this.#session.outcome!.answers.sampleApp ? ['sample'] : [])];
    for (const part of parts) await this.composeWith(generatorPath(part), { session: this.#session } as never);
  }

  async end(): Promise<void> {
    const { settings, flags } = this.#session;
    // compose.yaml and the CI workflow read the files just written, so they are composed now.
    for (const name of ['compose', 'ci'] as const) {
      if (flags[name] === true) await this.composeWith(generatorPath(name), { yes: settings.yes, force: settings.force, templates: settings.templates, config: settings.config } as never);
    }
    const { answers, sources } = this.#session.outcome!;
    this.log(`\nslim-docker: ${answers.language}/${answers.framework} ${answers.runtimeVersion}, port ${answers.port}, ${answers.base} base${answers.buildkit ? '' : ', no BuildKit'}`);
    this.log(`  (${Object.entries(sources).filter(([, source]) => source !== 'default').map(([key, source]) => `${key} from ${source}`).join(', ') || 'all defaults'})`);
    for (const extra of factsFor(answers, this.#session.facts)?.extraPackages ?? []) {
      this.log(`  Your dependencies lack the production server: the Dockerfile installs ${extra} explicitly (your files are not edited).`);
    }
    if (!this.#verifyNow) {
      if (settings.verify === 'never') this.log('Verification skipped (--skip-verify). Run `slim-docker verify` to prove the image.');
      else this.log(`Verification skipped: ${this.#engineProblem ?? 'declined'}. Run \`slim-docker verify\` once an engine answers.`);
      return;
    }
    await verifyDirectory(this, this.destinationRoot(), settings);
  }

  /** Verify now? --verify/--skip-verify decide; otherwise yes when an engine answers (asked unless --yes). */
  async #decideVerification(): Promise<boolean> {
    const { settings } = this.#session;
    if (settings.verify === 'never') return false;
    if (settings.verify === 'always') {
      if (this.#engineProblem) throw new InputError('--verify', `no container engine to verify with: ${this.#engineProblem}`);
      return true;
    }
    if (this.#engineProblem || settings.yes) return !this.#engineProblem;
    const { verifyNow } = await this.prompt<{ verifyNow: boolean }>([
      { type: 'confirm', name: 'verifyNow', message: 'Build and verify the image now (a real test build)?', default: true },
    ]);
    return verifyNow;
  }
}
