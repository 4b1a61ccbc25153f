/** Shared by the end-to-end tests: the real engine, the real bin, free loopback ports. */
import { execFileSync, spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../support/temp-tree.js';

/** Hash of every file under a folder: proves verification left the user's files alone (one helper for all tests). */
export { treeHash } from '../support/temp-tree.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'dist/src/cli.js');

/** The engine under test: SLIM_DOCKER_ENGINE, else Debian's BuildKit-capable client when present. */
export const ENGINE = process.env.SLIM_DOCKER_ENGINE ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');
/**
 * The network builds and containers use: unset means the engine's default (Docker's bridge, a port
 * published on 127.0.0.1 — what users have); SLIM_DOCKER_NETWORK=host runs the host-network suite.
 * Tests only ever talk to loopback either way.
 */
export const NETWORK: string | undefined = process.env.SLIM_DOCKER_NETWORK || undefined;
/** The environment a child process gets for the network: the variable only when a network is set. */
export const NETWORK_ENV: NodeJS.ProcessEnv = NETWORK ? { SLIM_DOCKER_NETWORK: NETWORK } : {};
/** `--network NAME` for an engine command, or nothing on the default network. */
export const NETWORK_ARGS: string[] = NETWORK ? ['--network', NETWORK] : [];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface BinResult {
  status: number;
  output: string;
}

/**
 * Runs the package's own bin (never a global yo) with the engine settings in its environment. Up to 14
 * minutes, inside mocha's 15 per hook: a cold Maven or cargo build on a busy 2-core machine (CI runs the
 * engine matrix beside the other suites) can pass 10. A run the harness had to stop says so in its output.
 */
export function slimDocker(args: string[], cwd: string, timeoutMs = 840_000, env: NodeJS.ProcessEnv = {}): BinResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    // The bin asks the real PyPI about exact pins, as users get it (its builds reach PyPI anyway).
    env: { ...process.env, SLIM_DOCKER_ENGINE: ENGINE, ...NETWORK_ENV, SLIM_DOCKER_OFFLINE: '', ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stopped = result.error
    ? `\n[test harness: ${result.error.message}${result.signal ? `, ${result.signal}` : ''}]`
    : '';
  return { status: result.status ?? -1, output: `${result.stdout}\n${result.stderr}${stopped}` };
}

export function engine(args: string[]): string {
  return execFileSync(ENGINE, args, { encoding: 'utf8', timeout: 120_000 }).trim();
}

/**
 * Verification containers and images still present for this app name (other runs on the same engine
 * are not this test's business): must be none after every run.
 */
export function leftovers(appName?: string): string[] {
  const repo = appName ? `slim-docker-verify/${appName}` : 'slim-docker-verify/';
  // On a shared engine another run may remove an image between podman's listing and its read of it
  // ("image not known"): that is no leftover of ours, so the listing is asked again (3 times at most).
  const listing = (args: string[]): string => {
    for (let attempt = 1; ; attempt++) {
      try {
        return engine(args);
      } catch (error) {
        if (
          attempt >= 3 ||
          !/image not known|no such image/i.test(String((error as { stderr?: unknown }).stderr ?? error))
        )
          throw error;
        execFileSync('sleep', ['1']);
      }
    }
  };
  const rows = (args: string[]) =>
    listing(args)
      .split('\n')
      .filter(Boolean)
      .map((row) => row.split(' '));
  const containers = rows([
    'ps',
    '--all',
    '--filter',
    'label=org.slim-docker.verify',
    '--format',
    '{{.ID}} {{.Image}}',
  ]);
  const images = rows(['images', '--filter', 'label=org.slim-docker.verify', '--format', '{{.ID}} {{.Repository}}']);
  return [
    ...containers.filter(([, image]) => image.startsWith(appName ? `${repo}:` : repo)).map(([id]) => `container ${id}`),
    ...images
      .filter(([, repository]) => (appName ? repository === repo : repository.startsWith(repo)))
      .map(([id]) => `image ${id}`),
  ];
}

/** The --report JSON, with the fields every e2e run reads. */
export interface Report {
  ok: boolean;
  image: string;
  engine: string;
  coldBuildSeconds: number;
  rebuildSeconds: number;
  imageBytes: number;
  baseImage: string;
  baseImageBytes: number;
  user: string;
  uid: number;
  exposedPorts: string[];
  httpStatus: number;
  httpBody: string;
  stopSeconds: number;
  contextBytes: number;
  checks: { name: string; ok: boolean; detail: string }[];
}

const validateReport = new Ajv({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(join(ROOT, 'schemas/verify-report-v1.schema.json'), 'utf8')) as object,
);

/** A --report file, parsed and checked against the published schema (a report that breaks it fails the test). */
export function readReport(file: string): Report {
  const report = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!validateReport(report))
    throw new Error(
      `${file} does not follow schemas/verify-report-v1.schema.json: ${JSON.stringify(validateReport.errors)}`,
    );
  return report as Report;
}

/** One named check of a report; fails the test when it is missing. */
export function check(report: Report, name: string): { name: string; ok: boolean; detail: string } {
  const found = report.checks.find((c) => c.name === name);
  assert.ok(found, `check ${name} present`);
  return found;
}

/**
 * A user's own tiny project on python:3.13-slim (Python's http.server, nothing to install, exits on
 * SIGTERM), with a hand-written Dockerfile: `beforeCopy`/`afterCopy` lines go around `COPY . .`.
 */
export function tinyPythonProject(
  prefix: string,
  port: number,
  lines: { beforeCopy?: string[]; afterCopy?: string[]; expose?: boolean } = {},
): string {
  const dir = tempDir(prefix);
  writeFileSync(join(dir, 'requirements.txt'), '\n');
  writeFileSync(
    join(dir, 'app.py'),
    'import http.server, signal, sys\nsignal.signal(signal.SIGTERM, lambda *_: sys.exit(0))\n' +
      'http.server.ThreadingHTTPServer(("", int(sys.argv[1])), http.server.SimpleHTTPRequestHandler).serve_forever()\n',
  );
  writeFileSync(
    join(dir, 'Dockerfile'),
    [
      'FROM python:3.13-slim',
      'WORKDIR /app',
      'RUN --mount=type=bind,source=requirements.txt,target=requirements.txt pip install --no-cache-dir -r requirements.txt',
      ...(lines.beforeCopy ?? []),
      'COPY . .',
      ...(lines.afterCopy ?? []),
      ...(lines.expose === false ? [] : [`EXPOSE ${port}`]),
      `HEALTHCHECK --interval=2s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${port}/app.py')"]`,
      `CMD ["python", "app.py", "${port}"]`,
      '',
    ].join('\n'),
  );
  return dir;
}
