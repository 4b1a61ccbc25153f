import { InputError } from '../errors.js';
import { dockerfileFollowsAnswers } from './conflicts.js';
import type { Prompter } from './prompter.js';
import type { Session } from './session.js';

/** Verify now? --verify/--skip-verify decide; otherwise yes when an engine answers (asked unless --yes). */
export async function decideVerification(
  session: Session,
  probe: Promise<string | undefined>,
  prompter: Prompter | undefined,
): Promise<{ now: boolean; problem?: string }> {
  const { settings } = session;
  if (settings.verify === 'never') return { now: false };
  const problem = await probe;
  if (settings.verify === 'always') {
    if (problem) throw new InputError('--verify', `no container engine to verify with: ${problem}`);
    return { now: true };
  }
  if (problem || settings.yes || !prompter) return { now: !problem, problem };
  return { now: await prompter.confirm('verifyNow', 'Build and verify the image now (a real test build)?', true) };
}

/** With --verify, a Dockerfile the user keeps is not what these answers describe: refuse before writing. */
export function checkVerifiable(session: Session, verifyNow: boolean): void {
  if (verifyNow && session.settings.verify === 'always' && !dockerfileFollowsAnswers(session)) {
    throw new InputError(
      '--verify',
      'your Dockerfile is kept, so it is not the file these answers describe; rerun with --force to write ours, or prove yours as it is with `slim-docker verify`',
    );
  }
}
