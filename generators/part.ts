/**
 * The file-writing sub-generators (dockerfile, dockerignore, sample): each writes only its own kind of
 * file. Composed by the app generator they receive its session; run alone they open their own.
 */
import { execa } from 'execa';
import Generator from 'yeoman-generator';
import { VerificationError } from '../src/errors.js';
import { languagePack } from '../src/languages/index.js';
import type { FileKind } from '../src/languages/types.js';
import { askAnswers, openSession, renderSession, writeKinds, type ProjectSession } from './session.js';
import { declareOptions } from './shared.js';

export interface PartOptions {
  kinds: readonly FileKind[];
  /** The sample writes the language's post-write step too (e.g. the lockfile for the sample app). */
  sampleInstall?: boolean;
}

export function partGenerator({ kinds, sampleInstall = false }: PartOptions) {
  return class PartGenerator extends Generator {
    #session!: ProjectSession;
    /** Whether this generator opened the session itself (run alone) or was handed one (composed). */
    #own = false;

    constructor(args: string[], options: Record<string, unknown>) {
      // customInstallTask: the environment's automatic `npm install` has nothing to do for these files.
      super(args, options as never, { customInstallTask: true });
      declareOptions(this, ['answer', 'write']);
    }

    async initializing(): Promise<void> {
      const shared = (this.options as { session?: ProjectSession }).session;
      this.#own = shared === undefined;
      this.#session = shared ?? (await openSession(this));
    }

    async prompting(): Promise<void> {
      if (this.#own) await askAnswers(this, this.#session);
    }

    async configuring(): Promise<void> {
      if (this.#own) await renderSession(this, this.#session);
    }

    writing(): void {
      if (kinds.includes('source') && !this.#session.outcome!.answers.sampleApp) return;
      writeKinds(this, this.#session, kinds);
    }

    /** The sample's post-write command, now that its files are on disk. */
    async install(): Promise<void> {
      const { answers } = this.#session.outcome!;
      const step = languagePack(answers.language).sampleInstall;
      if (!sampleInstall || !step || !answers.sampleApp) return;
      const shown = step.command.join(' ');
      if ((this.options as Record<string, unknown>).skipInstall) {
        this.log(`Skipped ${step.purpose} (--skip-install). Run \`${shown}\` before building the image.`);
        return;
      }
      this.log(`Running \`${shown}\` (${step.purpose})…`);
      const result = await execa(step.command[0], step.command.slice(1), { cwd: this.destinationRoot(), all: true, reject: false, timeout: 600_000 });
      if (result.failed) throw new VerificationError(`\`${shown}\` failed: ${String(result.all ?? result.shortMessage).trim().split('\n').slice(-3).join(' ')}`);
    }
  };
}
