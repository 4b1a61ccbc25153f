/** Bounded waits against the running container: HTTP on loopback, and the engine's health status. */
import { request } from 'node:http';
import { createServer } from 'node:net';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface HttpResult {
  status: number;
  body: string;
  /** A redirect's target, as the server wrote it. */
  location?: string;
}

/** A body beyond this is cut: the verdict reads the status and the first lines, never megabytes. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * One GET with its own deadline; undefined when nothing answers (in time). Settles on every path:
 * an answer, an error, a reset mid-body, or the deadline — whose timer is a plain ref'd setTimeout,
 * so a pending request always holds the process open. (Not fetch: its AbortSignal.timeout timer is
 * unref'd, and an abort that lands while a body is being read can leave `text()` pending forever,
 * nodejs/node#56917 — with nothing else scheduled, the process then exits 0 mid-verification.)
 */
export function get(
  url: string,
  headersOrTimeout: Record<string, string> | number = 2000,
): Promise<HttpResult | undefined> {
  const [headers, timeoutMs] =
    typeof headersOrTimeout === 'number' ? [undefined, headersOrTimeout] : [headersOrTimeout, 2000];
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: HttpResult | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      req.destroy();
      resolve(result);
    };
    const deadline = setTimeout(() => finish(undefined), timeoutMs);
    // No keep-alive agent: every probe is a fresh connection, as a person's first request is, and no
    // pooled socket outlives the probe.
    const req = request(url, { method: 'GET', agent: false, headers: { ...headers, connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () =>
        finish({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'),
          location: res.headers.location,
        }),
      );
      // A connection reset mid-body ends with 'close' and no 'end': nothing answered in full.
      res.on('close', () => finish(undefined));
      res.on('error', () => finish(undefined));
    });
    req.on('error', () => finish(undefined));
    req.end();
  });
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
