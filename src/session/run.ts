/**
 * A generation run as steps (open → ask → plan → write → install → finish). The bin runs them in a
 * row without Yeoman; a Yeoman generator runs each from its priority (initializing, prompting,
 * configuring, writing, install, end). Same steps, same rules, same output.
 */
import { CancelledError } from '../errors.js';
import type { FileKind } from '../languages/types.js';
import { engineFacts } from './engine-facts.js';
import { probeEngine, summary, verifyProject } from './finish.js';
import { nextSteps } from './next-steps.js';
import type { Prompter } from './prompter.js';
import { ask } from './ask.js';
import { commitPlan } from './commit.js';
import { decideConflicts, dockerfileFollowsAnswers } from './conflicts.js';
import { adoptKeptAnswers } from './kept-answers.js';
import { openSession } from './open.js';
import { planChanges } from './plan-changes.js';
import { checkSampleTool, sampleInstall } from './sample-step.js';
import type { ProjectIO, Session } from './session.js';
import { checkVerifiable, decideVerification } from './verify-decision.js';
import { destinations, writeAll, type Write } from './write.js';

export interface RunSpec {
  /** The kinds of file this command writes. */
  kinds: readonly FileKind[];
  /** The app command: verification, summary and next steps at the end. */
  app: boolean;
  /** How the user started it (for the commands shown in next steps). */
  invocation: 'slim-docker' | 'yo slim-docker';
}

export const ALL_KINDS: readonly FileKind[] = ['dockerfile', 'dockerignore', 'source'];

export class GenerationRun {
  session!: Session;
  verifyNow = false;
  private engineProblem: string | undefined;
  private probe: Promise<string | undefined> = Promise.resolve(undefined);

  constructor(
    readonly io: ProjectIO,
    readonly options: Record<string, unknown>,
    readonly env: NodeJS.ProcessEnv,
    readonly spec: RunSpec,
  ) {}

  /** Every flag checked, the folder locked, team config and detection; the engine probe starts in the background. */
  async open(): Promise<Session> {
    this.session = await openSession(this.io, this.options, this.env, this.spec.kinds);
    if (this.spec.app) this.probe = probeEngine(this.session.settings);
    return this.session;
  }

  private prompterFor(prompter: Prompter | undefined): Prompter | undefined {
    return this.session.settings.yes ? undefined : prompter;
  }

  async ask(prompter: Prompter | undefined): Promise<void> {
    await ask(this.session, this.prompterFor(prompter));
    if (!this.spec.app) return;
    const decision = await decideVerification(this.session, this.probe, this.prompterFor(prompter));
    this.verifyNow = decision.now;
    this.engineProblem = decision.problem;
  }

  /** Renders and decides every file, conflicts included; nothing is written yet. */
  async plan(prompter: Prompter | undefined): Promise<void> {
    await planChanges(this.session);
    await decideConflicts(this.session, this.prompterFor(prompter));
    // A Dockerfile kept as it is keeps the port it EXPOSEs: saved, summarised and printed.
    await adoptKeptAnswers(this.session, this.prompterFor(prompter));
    checkVerifiable(this.session, this.verifyNow);
    // The sample's post-write tool (cargo, npm) is on PATH, or nothing is written.
    checkSampleTool(this.session);
    // compose.yaml and the workflow are written after this run's files (they read them): whatever would
    // refuse their destinations (a symlink out of the project, a folder in the way) refuses now, first.
    const { flags } = this.session;
    const extras = [flags.compose === true && 'compose.yaml', flags.ci === true && '.github/workflows/docker.yml'];
    if (this.spec.app)
      destinations(
        this.io.root,
        extras.filter((path): path is string => Boolean(path)).map((path) => ({ path, text: '' })),
      );
  }

  /** Writes everything decided, at once, .yo-rc.json included. */
  async write(): Promise<Write[]> {
    const writes = commitPlan(this.session);
    const { interrupted } = await writeAll(this.io.root, writes);
    if (interrupted) throw new CancelledError('interrupted while writing; every file of this run was written');
    return writes;
  }

  async install(): Promise<void> {
    await sampleInstall(this.session, this.session.flags.skipInstall === true);
  }

  /** Summary, verification of the Dockerfile on disk (when it is the one these answers describe), next steps. */
  async finish(alsoCompose = false): Promise<void> {
    // The lock guards reading, deciding and writing the folder; verification only reads it (like
    // `slim-docker verify`), so another command may use the folder meanwhile.
    this.release();
    if (!this.spec.app) return;
    const { io, settings } = this.session;
    for (const line of summary(this.session)) io.log(line);
    let verified = false;
    if (!dockerfileFollowsAnswers(this.session) && this.verifyNow) {
      io.log(
        'Not verified: your Dockerfile was kept, so it is not the file these answers describe. Prove it as it is with `slim-docker verify`.',
      );
    } else if (this.verifyNow) {
      await verifyProject(io.root, settings, io.log);
      verified = true;
    } else if (settings.verify === 'never') io.log('Verification skipped (--skip-verify).');
    else io.log(`Verification skipped: ${this.engineProblem ?? 'declined'}.`);
    // The commands printed are the ones that work on the engine this run asked (none asked: --skip-verify).
    const facts = settings.verify === 'never' ? undefined : await engineFacts(settings);
    for (const line of nextSteps(this.session, this.spec.invocation, verified, alsoCompose, facts)) io.log(line);
  }

  /** Lets go of the folder (its lock); safe to call more than once, and before open() succeeded. */
  release(): void {
    this.session?.release();
  }

  /** The whole run in a row (the bin's fast path). */
  async all(prompter: Prompter | undefined): Promise<void> {
    try {
      await this.open();
      await this.ask(prompter);
      await this.plan(prompter);
      await this.write();
      await this.install();
      await this.finish();
    } finally {
      this.release();
    }
  }
}

/** `slim-docker verify [DIR]` / `yo slim-docker:verify`: flags checked first, then the folder proven as it is. */
export async function runVerifyCommand(
  dir: string,
  options: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  const [{ readFlags }, { resolveRunSettings }, { parsePort }] = await Promise.all([
    import('../input/flags.js'),
    import('../input/run-settings.js'),
    import('../input/fields.js'),
  ]);
  const flags = readFlags(options);
  const settings = resolveRunSettings(flags, env);
  const port = flags.port === undefined ? undefined : parsePort('--port', flags.port);
  // $HOME or / as a build context would send .ssh, .aws and the rest to the engine.
  const { refuseHomeOrRoot } = await import('./files.js');
  refuseHomeOrRoot(dir, settings.force);
  await verifyProject(dir, settings, log, { port });
}
