import { containerSockets, judgeListen, LISTEN_CHECK } from '../listen.js';
import type { VerifyRun } from '../run.js';

/**
 * The address the app bound its port to, from the container's socket table (listen.ts). Asked after
 * an answer, and after no answer from a container still running off the host network: an app bound
 * to 127.0.0.1 behind a published port answers nothing, and the socket table says so.
 */
export async function listenAddressCheck(run: VerifyRun): Promise<void> {
  const { target, engine, steps } = run;
  const container = run.container;
  if (!container) return;
  const { name, image, hostNetwork, baseUrl } = container;
  const answered = container.answeredPath !== undefined;
  if (!answered && (hostNetwork || !(await engine.containerState(name)).running)) return;
  const port = target.port;
  const found = await containerSockets(engine, name, image.entrypoint[0] ?? image.cmd[0]);
  const verdict = judgeListen({ port, ...found, hostNetwork, answered, via: baseUrl, language: target.pack?.id });
  steps.check(LISTEN_CHECK, verdict.ok, verdict.detail, {
    warning: verdict.warning,
    evidence: { sockets: found.sockets?.filter((socket) => socket.port === port), unreadable: found.unreadable },
  });
}
