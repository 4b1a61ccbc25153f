import { get } from '../http.js';
import type { VerifyRun } from '../run.js';

/**
 * On the host network whatever answered must have been the container: once it is gone, the port
 * must be silent. (Off the host network only the container's published port was asked.)
 */
export async function answeredByContainerCheck(run: VerifyRun): Promise<void> {
  const container = run.container;
  if (!container?.stopped || !container.hostNetwork || container.answeredPath === undefined) return;
  const { baseUrl, hostPort, answeredPath } = container;
  const after = await get(`${baseUrl}${answeredPath}`, 1000);
  run.steps.check(
    'answered by the container',
    after === undefined,
    after
      ? `127.0.0.1:${hostPort} still answers (${after.status}) after the container stopped: another process on this machine served these requests`
      : `127.0.0.1:${hostPort} is silent once the container stopped`,
  );
}
