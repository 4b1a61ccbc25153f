/**
 * The generators that write project files (app, dockerfile, dockerignore, sample): thin shells that run
 * the core's steps (src/session/run.ts) from Yeoman's priorities. Everything is decided before the
 * first file is written, and everything is written at once, in `writing`.
 */
import type { FileKind } from '../src/languages/types.js';
import { GenerationRun } from '../src/session/run.js';
import { SlimGenerator, generatorPath, syncMemFs, yeomanIO, yeomanPrompter } from './shared.js';

export interface PartOptions {
  command: 'app' | 'dockerfile' | 'dockerignore' | 'sample';
  kinds: readonly FileKind[];
}

export function sessionGenerator({ command, kinds }: PartOptions) {
  return class SessionGenerator extends SlimGenerator {
    #run!: GenerationRun;

    constructor(args: string[], options: Record<string, unknown>) {
      super(args, options, command);
    }

    async initializing(): Promise<void> {
      // The bin runs these through Yeoman only with --compose/--ci; it says so, for the commands in "Next steps".
      const invocation =
        (this.options as { invokedAs?: string }).invokedAs === 'slim-docker' ? 'slim-docker' : 'yo slim-docker';
      this.#run = new GenerationRun(yeomanIO(this), this.options as Record<string, unknown>, process.env, {
        kinds,
        app: command === 'app',
        invocation,
      });
      await this.#run.open();
    }

    async prompting(): Promise<void> {
      await this.#run.ask(yeomanPrompter(this));
    }

    async configuring(): Promise<void> {
      await this.#run.plan(yeomanPrompter(this));
    }

    async writing(): Promise<void> {
      syncMemFs(this, await this.#run.write());
    }

    async install(): Promise<void> {
      await this.#run.install();
    }

    protected override onFailure(): void {
      this.#run?.release();
    }

    async end(): Promise<void> {
      const { flags, settings } = this.#run.session;
      const extras = (['compose', 'ci'] as const).filter((name) => flags[name] === true);
      try {
        await this.#run.finish(extras.includes('compose'));
      } finally {
        // compose.yaml and the workflow take the folder's lock themselves when they write.
        this.#run.release();
      }
      // compose.yaml and the CI workflow read the files just written, so they are composed last.
      for (const name of extras) {
        await this.composeWith(generatorPath(name), {
          yes: settings.yes,
          force: settings.force,
          templates: settings.templates,
          config: settings.config,
          trustConfig: flags.trustConfig,
        } as never);
      }
    }
  };
}
