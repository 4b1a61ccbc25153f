/** Bounded waits against the running container: HTTP on loopback, and the engine's health status. */
import { createServer } from 'node:net';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface HttpResult {
  status: number;
  body: string;
  /** A redirect's target, as the server wrote it. */
  location?: string;
}

/** One GET with its own timeout; undefined when nothing answers yet. */
export async function get(
  url: string,
  headersOrTimeout: Record<string, string> | number = 2000,
): Promise<HttpResult | undefined> {
  const [headers, timeoutMs] =
    typeof headersOrTimeout === 'number' ? [undefined, headersOrTimeout] : [headersOrTimeout, 2000];
  // A ref'd timer, not AbortSignal.timeout (whose timer is unref'd): a connection the server accepts and
  // closes at once (docker-proxy on the default bridge before the app listens) can leave Node's fetch
  // pending with no handle keeping the process alive, which then exits 0 mid-verification, silently.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('no answer in time', 'TimeoutError')), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal, redirect: 'manual', headers });
    return {
      status: response.status,
      body: await response.text(),
      location: response.headers.get('location') ?? undefined,
    };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls until `done` returns a value, `stop` says to give up, or the deadline passes.
 * Bounded in time (deadline) and count (attempts).
 */
export async function poll<T>(opts: {
  timeoutSeconds: number;
  intervalMs?: number;
  maxAttempts?: number;
  attempt: () => Promise<T | undefined>;
  stop?: () => Promise<string | undefined>;
}): Promise<{ value?: T; reason?: string }> {
  const deadline = Date.now() + opts.timeoutSeconds * 1000;
  const maxAttempts = opts.maxAttempts ?? 10_000;
  for (let attempt = 0; attempt < maxAttempts && Date.now() < deadline; attempt++) {
    const value = await opts.attempt();
    if (value !== undefined) return { value };
    const reason = await opts.stop?.();
    if (reason) return { reason };
    await sleep(opts.intervalMs ?? 250);
  }
  return { reason: `no answer within ${opts.timeoutSeconds} s` };
}

/** True when nothing on this machine holds the port (the host network makes the container need it). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
