/**
 * The HTTP verdict: a pass means the app really serves something, a 2xx from a path it has.
 * Paths, in order: --http-path alone when given; else the HEALTHCHECK's own path, routes found in
 * the source (health-like first), /health, /healthz and /. Every path is asked, not only until one
 * answers: a 5xx on any of them fails (a /health that answers while the pages behind it crash is
 * not a working app); 4xx everywhere fails with the list of what was tried. Redirects within the
 * app are followed, so `/` → 301 → a page that errors is an error, not a pass.
 */
import { get, poll, type HttpResult } from './http.js';

export interface Probe {
  path: string;
  /** The final status, after redirects within the app. */
  status?: number;
  /** The redirects followed, e.g. ["/catalog/"] for / → /catalog/. */
  redirects?: string[];
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

/** Redirects followed at most (a loop stops here and its last 3xx stands). */
const MAX_REDIRECTS = 5;

/**
 * A redirect's target inside the app as a path, or undefined when it leaves (another host). A
 * redirect to https on the same host is what an app behind a TLS proxy sends to plain http: it is
 * followed as the proxy would ask (`X-Forwarded-Proto: https`), so the page behind it is judged too.
 */
function sameApp(
  baseUrl: string,
  from: string,
  location: string | undefined,
): { path: string; tls: boolean } | undefined {
  if (!location) return undefined;
  try {
    const base = new URL(baseUrl);
    const target = new URL(location, `${baseUrl}${from}`);
    const path = `${target.pathname}${target.search}`;
    // The probe asks as http://localhost:PORT (see probeHttp): a redirect there is the same app.
    const asPerson = target.protocol === 'http:' && target.hostname === 'localhost' && target.port === base.port;
    if (target.origin === base.origin || asPerson) return { path, tls: false };
    return target.protocol === 'https:' && [base.hostname, 'localhost'].includes(target.hostname)
      ? { path, tls: true }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Waits (bounded) until the server answers anything on the first path, then asks every path once,
 * following redirects within the app. `stop` ends the wait early (e.g. the container exited).
 */
export async function probeHttp(opts: {
  baseUrl: string;
  paths: string[];
  timeoutSeconds: number;
  stop?: () => Promise<string | undefined>;
  fetch?: (url: string, headers?: Record<string, string>) => Promise<HttpResult | undefined>;
}): Promise<ProbeVerdict> {
  const fetch = opts.fetch ?? get;
  // Asked as a person opening http://localhost:PORT asks (Host: localhost:PORT): an app with a host
  // allow-list (Django's ALLOWED_HOSTS from its site URL) answers that name. A 400 to it is asked again
  // as 127.0.0.1:PORT, for an allow-list that names only the address.
  const person = { host: `localhost:${new URL(opts.baseUrl).port}` };
  const fetchOnce = async (url: string, headers?: Record<string, string>) => {
    const answer = await fetch(url, { ...person, ...headers });
    if (answer?.status !== 400) return answer;
    const plain = await fetch(url, headers);
    return plain && plain.status !== 400 ? plain : answer;
  };
  const probes: Probe[] = [];
  await injectedFault();
  const first = await poll({
    timeoutSeconds: opts.timeoutSeconds,
    attempt: () => fetchOnce(`${opts.baseUrl}${opts.paths[0]}`),
    stop: opts.stop,
  });
  if (!first.value) return { kind: 'no-answer', reason: first.reason ?? 'no answer', probes };
  let pass: { probe: Probe; body: string } | undefined;
  for (const [index, path] of opts.paths.entries()) {
    let answer = index === 0 ? first.value : await fetchOnce(`${opts.baseUrl}${path}`);
    const redirects: string[] = [];
    let at = path;
    let tls = false;
    for (let hop = 0; answer && answer.status >= 300 && answer.status < 400 && hop < MAX_REDIRECTS; hop++) {
      const next = sameApp(opts.baseUrl, at, answer.location);
      // Once behind the "proxy", a redirect to https again is a loop the app makes, not one to follow.
      if (!next || (next.tls && tls)) break;
      tls ||= next.tls;
      redirects.push(next.tls ? `https:${next.path}` : next.path);
      at = next.path;
      answer = await fetchOnce(`${opts.baseUrl}${next.path}`, tls ? { 'x-forwarded-proto': 'https' } : undefined);
    }
    const probe: Probe = {
      path,
      status: answer?.status,
      firstLine: answer ? firstLine(answer.body) : undefined,
      ...(redirects.length && { redirects }),
    };
    probes.push(probe);
    if (!answer) continue;
    if (answer.status >= 500) return { kind: 'server-error', probe, body: answer.body, probes };
    if (!pass && answer.status >= 200 && answer.status < 400) pass = { probe, body: answer.body };
  }
  return pass ? { kind: 'pass', ...pass, probes } : { kind: 'not-found', probes };
}

/**
 * Faults the exit-guard e2e test injects into a real run (test/e2e/exit-guard.test.ts): the probe
 * awaits a promise nobody settles (the event loop runs dry), or a rejection nobody handles. Users never
 * set SLIM_DOCKER_TEST_FAULT; without it this does nothing.
 */
async function injectedFault(): Promise<void> {
  const fault = process.env.SLIM_DOCKER_TEST_FAULT;
  if (fault === 'probe-never-settles') await new Promise<never>(() => undefined);
  if (fault === 'probe-unhandled-rejection') void Promise.reject(new Error('injected by SLIM_DOCKER_TEST_FAULT'));
}

export const describeProbes = (probes: readonly Probe[]) => probes.map(describeProbe).join(', ');

/** "/ → /catalog/ → 500": the path, the redirects followed and the final status. */
export const describeProbe = (probe: Probe) =>
  [probe.path, ...(probe.redirects ?? []), probe.status ?? 'no answer'].join(' → ');
