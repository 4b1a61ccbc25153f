import { after, type VerifyRun } from '../run.js';

/** The image EXPOSEs the app's port. */
export async function portExposedCheck(run: VerifyRun): Promise<void> {
  const { target, steps } = run;
  const { image } = after(run.cold, 'inspect');
  // A port read from the Dockerfile's own EXPOSE is exposed by definition: nothing to check then.
  if (target.portSource === 'expose') return;
  const exposes = image.exposedPorts.includes(`${target.port}/tcp`);
  // --port for a Dockerfile without any EXPOSE: it can still serve; EXPOSE only documents the port.
  const undocumented = !exposes && image.exposedPorts.length === 0 && target.portSource === 'flag';
  steps.check(
    'port exposed',
    exposes || undocumented,
    `EXPOSE ${image.exposedPorts.join(', ') || 'nothing'}; expected ${target.port}/tcp${undocumented ? ' (add EXPOSE to document it)' : ''}`,
    { warning: undocumented },
  );
}
