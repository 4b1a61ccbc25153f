/**
 * The HTTP verdict: a pass means the app really serves something, a 2xx/3xx from a path it has.
 * Paths, in order: --http-path alone when given; else the HEALTHCHECK's own path, routes found in
 * the source (health-like first), /health, /healthz and /. A 5xx fails at once (waiting longer
 * only hides the cause); 4xx everywhere fails with the list of what was tried.
 */
import { get, poll, type HttpResult } from './http.js';

export interface Probe {
  path: string;
  status?: number;
  /** First line of the body, for the report. */
  firstLine?: string;
}

export type ProbeVerdict =
  | { kind: 'pass'; probe: Probe; body: string; probes: Probe[] }
  | { kind: 'server-error'; probe: Probe; body: string; probes: Probe[] }
  | { kind: 'not-found'; probes: Probe[] }
  | { kind: 'no-answer'; reason: string; probes: Probe[] };

/**
 * The path a HEALTHCHECK requests, read from its command: an http://127.0.0.1:PORT/path URL (curl,
 * wget, node) or Python's http.client `request('GET', '/path')`.
 */
export function healthcheckPath(test: readonly string[]): string | undefined {
  const command = test.join(' ');
  const url = /https?:\/\/(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1\])(?::\d+)?(\/[^\s'"`,)\\]*)?/.exec(command);
  if (url) return url[1] ?? '/';
  return /\.request\(\s*['"]GET['"]\s*,\s*['"](\/[^'"]*)['"]/.exec(command)?.[1];
}

export function probePaths(opts: {
  httpPath?: string;
  healthcheck?: string;
  routes: readonly string[];
  samplePath?: string;
}): string[] {
  if (opts.httpPath) return [opts.httpPath];
  const paths = [opts.samplePath, opts.healthcheck, ...opts.routes, '/health', '/healthz', '/'].filter(
    (path): path is string => path !== undefined,
  );
  return [...new Set(paths)].slice(0, 12);
}

/** The first line of text in a body (an HTML error page's tags stripped, so its title shows). */
const firstLine = (body: string) =>
  body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]*>/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .find(Boolean)
    ?.slice(0, 200) ?? '';

/**
 * Waits (bounded) until the server answers anything on the first path, then asks each path once.
 * `stop` ends the wait early (e.g. the container exited).
 */
export async function probeHttp(opts: {
  baseUrl: string;
  paths: string[];
  timeoutSeconds: number;
  stop?: () => Promise<string | undefined>;
  fetch?: (url: string) => Promise<HttpResult | undefined>;
}): Promise<ProbeVerdict> {
  const fetchOnce = opts.fetch ?? get;
  const probes: Probe[] = [];
  const first = await poll({
    timeoutSeconds: opts.timeoutSeconds,
    attempt: () => fetchOnce(`${opts.baseUrl}${opts.paths[0]}`),
    stop: opts.stop,
  });
  if (!first.value) return { kind: 'no-answer', reason: first.reason ?? 'no answer', probes };
  for (const [index, path] of opts.paths.entries()) {
    const answer = index === 0 ? first.value : await fetchOnce(`${opts.baseUrl}${path}`);
    const probe: Probe = { path, status: answer?.status, firstLine: answer ? firstLine(answer.body) : undefined };
    probes.push(probe);
    if (!answer) continue;
    if (answer.status >= 500) return { kind: 'server-error', probe, body: answer.body, probes };
    if (answer.status >= 200 && answer.status < 400) return { kind: 'pass', probe, body: answer.body, probes };
  }
  return { kind: 'not-found', probes };
}

export const describeProbes = (probes: readonly Probe[]) =>
  probes.map((probe) => `${probe.path} → ${probe.status ?? 'no answer'}`).join(', ');
