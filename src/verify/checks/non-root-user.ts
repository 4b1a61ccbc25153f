import { after, type VerifyRun } from '../run.js';

/** The uid the app runs as: the running process's as the kernel sees it, else the image's USER's. */
export async function nonRootUserCheck(run: VerifyRun): Promise<void> {
  const { engine, steps, report } = run;
  const { image, declaredUid } = after(run.cold, 'inspect');
  const kernelUid = run.container?.kernelUid;
  report.uid = kernelUid ?? declaredUid;
  steps.check(
    'non-root user',
    report.uid !== undefined && report.uid !== 0,
    report.uid === undefined
      ? `could not resolve user "${image.user}"`
      : `runs as ${image.user || 'root'} (uid ${report.uid}${kernelUid !== undefined ? ', the running process as the kernel sees it' : engine.usernsRemap ? " from the image's USER: user namespaces are remapped" : " from the image's USER"})`,
    { evidence: { kernelUid, declaredUid } },
  );
}
