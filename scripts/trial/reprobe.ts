/**
 * The hand-equivalent re-probe of a verified image: `docker run -d -p 127.0.0.1::PORT` with the env
 * the verifier gave it, then a GET of each path the verifier saw answer, as a person with curl would
 * (same-origin redirects followed). Every wait is bounded; the container is removed whatever happens.
 */
import { execa } from 'execa';
import { get, sleep, type HttpResult } from '../../src/verify/http.js';
import type { ReProbe } from './table.js';

export interface ReProbeInput {
  engine: string;
  image: string;
  port: number;
  env: Record<string, string>;
  envFile?: string;
  paths: string[];
  /** Container name and label, so cleanup removes only this container. */
  name: string;
  label: string;
  timeoutSeconds: number;
}

const docker = (engine: string, args: string[], timeoutSeconds = 60) =>
  execa(engine, args, { reject: false, timeout: timeoutSeconds * 1000, all: true });

/** GET with same-origin redirects followed (at most 5), as `curl -L` on loopback would. */
async function follow(base: string, path: string): Promise<{ answer?: HttpResult; redirects: string[] }> {
  const redirects: string[] = [];
  let url = new URL(path, base);
  for (let hop = 0; hop <= 5; hop++) {
    const answer = await get(url.href, 10_000);
    if (!answer || answer.status < 300 || answer.status >= 400 || !answer.location) return { answer, redirects };
    const next = new URL(answer.location, url);
    if (next.origin !== url.origin) return { answer, redirects };
    redirects.push(next.pathname + next.search);
    url = next;
  }
  return { redirects };
}

export async function reprobeImage(input: ReProbeInput): Promise<{ probes?: ReProbe[]; error?: string }> {
  const { engine, name } = input;
  const run = await docker(engine, [
    'run',
    '--detach',
    '--name',
    name,
    '--label',
    input.label,
    '--publish',
    `127.0.0.1::${input.port}`,
    ...(input.envFile ? ['--env-file', input.envFile] : []),
    ...Object.entries(input.env).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
    input.image,
  ]);
  try {
    if (run.failed) return { error: `docker run: ${String(run.all).trim().split('\n').pop()}` };
    const mapped = await docker(engine, ['port', name, `${input.port}/tcp`]);
    const hostPort = /:(\d+)\s*$/m.exec(String(mapped.stdout))?.[1];
    if (!hostPort) return { error: `no published port for ${input.port}/tcp: ${String(mapped.all).trim()}` };
    const base = `http://127.0.0.1:${hostPort}`;
    // Wait (bounded) until the first path answers at all, then ask every path once.
    const deadline = Date.now() + input.timeoutSeconds * 1000;
    while (Date.now() < deadline && !(await get(`${base}${input.paths[0]}`, 2000))) await sleep(500);
    const probes: ReProbe[] = [];
    for (const path of input.paths) {
      const { answer, redirects } = await follow(base, path);
      probes.push({
        path,
        status: answer?.status,
        ...(redirects.length && { redirects }),
        ...(answer && { body: answer.body.slice(0, 120) }),
      });
    }
    return { probes };
  } finally {
    await docker(engine, ['rm', '--force', '--volumes', name]);
  }
}
