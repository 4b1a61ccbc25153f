/**
 * `npm run bench`: measures the generated Dockerfile against the seed's files, docker init's template
 * and @flydotio/dockerfile on this machine's real engine, prints the results and writes BENCHMARKS.md.
 * Not part of the tests. Every image and container it makes is labelled org.slim-docker.bench=1 and
 * removed at the end, also on failure or Ctrl-C. Network: loopback only, builds and runs on the host
 * network (see /work/shared/docker-here.md).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, cp, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { parseDockerfile } from '../../src/dockerfile-check.js';
import { findDependencyStep, truncateAt } from '../../src/verify/cache-proof.js';
import { contextFilter, readDockerignore, walkContext } from '../../src/verify/context.js';
import { createEngine } from '../../src/verify/engines/index.js';
import { get, poll, portIsFree } from '../../src/verify/http.js';
import { COMPETITORS } from './competitors.js';
import { writeReport, type Results, type Variant } from './report.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist/src/cli.js');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const LABEL = 'org.slim-docker.bench';
// A fresh nonce per bench run: code edits never hit an earlier run's layer cache, and cleanup removes
// only this run's images (a second bench on the same engine keeps its own).
const NONCE = randomBytes(3).toString('hex');
const RUN_LABEL = `${LABEL}.run=${NONCE}`;
const LABELS = { [LABEL]: '1', [`${LABEL}.run`]: NONCE };
const ENGINE = process.env.SLIM_DOCKER_ENGINE ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');
// One port for every run (the sample's app.py and each Dockerfile are rendered with it); free now.
const PORT = await (async () => {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 5100 + Math.floor(Math.random() * 900);
    if (await portIsFree(port)) return port;
  }
  throw new Error('no free port in 5100–5999');
})();

const VARIANTS: Variant[] = ['ours', 'counter', 'seed', 'init'];

// Ctrl-C aborts whatever engine command runs (cleanup's own commands are not cancellable).
const interrupt = new AbortController();
const engine = await createEngine(ENGINE, 'host', interrupt.signal);
const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const log = (line: string) => process.stdout.write(`${line}\n`);
const tag = (variant: string, kind: string) => `slim-docker-bench/${variant}:${kind}-${NONCE}`;

/** The package's own bin, timed; never a global install. */
async function bin(args: string[], cwd: string, timeoutSeconds = 900) {
  const start = process.hrtime.bigint();
  const result = await execa(process.execPath, [BIN, ...args], {
    cwd,
    reject: false,
    all: true,
    timeout: timeoutSeconds * 1000,
    cancelSignal: interrupt.signal,
    env: { SLIM_DOCKER_ENGINE: ENGINE, SLIM_DOCKER_NETWORK: 'host' },
  });
  return { seconds: since(start), exitCode: result.exitCode ?? -1, output: String(result.all ?? '') };
}

const build = (context: string, ref: string, opts: { noCache?: boolean; dockerfile?: string } = {}) =>
  engine.build({
    context,
    dockerfile: opts.dockerfile ?? join(context, 'Dockerfile'),
    tag: ref,
    labels: LABELS,
    noCache: opts.noCache,
  });

/** A copy of a project folder with one change applied (the original stays as the "before" state). */
async function variantCopy(from: string, to: string, change: (dir: string) => Promise<void>): Promise<string> {
  await cp(from, to, { recursive: true });
  await change(to);
  return to;
}

/** Renders our files for the sample Flask app into an empty folder through the built bin. */
async function renderOurs(dir: string, base: 'slim' | 'full'): Promise<void> {
  await mkdir(dir, { recursive: true });
  const result = await bin(
    ['--yes', '--skip-verify', '--sample-app', '--app-name', 'bench', '--port', String(PORT), '--base', base],
    dir,
    120,
  );
  if (result.exitCode !== 0) throw new Error(`slim-docker generation failed:\n${result.output}`);
}

/** Variant folders: same app.py and requirements.txt, each with its own Dockerfile and .dockerignore. */
async function prepareVariants(scratch: string, base: 'slim' | 'full'): Promise<Record<Variant, string>> {
  const dirs = {} as Record<Variant, string>;
  dirs.ours = join(scratch, `ours-${base}`);
  await renderOurs(dirs.ours, base);
  for (const id of ['counter', 'seed', 'init'] as const) {
    dirs[id] = join(scratch, `${id}-${base}`);
    await mkdir(dirs[id]);
    for (const file of ['app.py', 'requirements.txt']) await cp(join(dirs.ours, file), join(dirs[id], file));
    await writeFile(join(dirs[id], 'Dockerfile'), COMPETITORS[id].dockerfile(PORT, base));
    await writeFile(join(dirs[id], '.dockerignore'), COMPETITORS[id].dockerignore);
  }
  return dirs;
}

/** Number of identical leading layers of two images. */
const sharedPrefix = (a: string[], b: string[]) => {
  const index = a.findIndex((layer, i) => layer !== b[i]);
  return index === -1 ? Math.min(a.length, b.length) : index;
};

/** (1) cold build vs rebuild after editing the greeting; dependency layers compared by digest. */
async function codeEdit(scratch: string, dirs: Record<Variant, string>, results: Results): Promise<void> {
  for (let run = 1; run <= RUNS; run++) {
    for (const variant of VARIANTS) {
      const cold = await build(dirs[variant], tag(variant, `cold${run}`), { noCache: true });
      const edited = await variantCopy(dirs[variant], join(scratch, `${variant}-edit${run}`), async (dir) => {
        const app = await readFile(join(dir, 'app.py'), 'utf8');
        await writeFile(
          join(dir, 'app.py'),
          app.replace('Hello from bench!', `Hello from bench! (edit ${NONCE}-${run})`),
        );
      });
      const rebuild = await build(edited, tag(variant, `edit${run}`));
      // The dependency layers: the image of the Dockerfile cut right after the pip step (from cache).
      const text = await readFile(join(dirs[variant], 'Dockerfile'), 'utf8');
      const parsed = parseDockerfile(text);
      const step = findDependencyStep(parsed, /\bpip3? install\b/);
      if (!step) throw new Error(`${variant}: no pip install step found`);
      const depsFile = join(scratch, `${variant}.deps.Dockerfile`);
      await writeFile(depsFile, truncateAt(text, parsed, step));
      await build(dirs[variant], tag(variant, `deps${run}`), { dockerfile: depsFile });
      const [coldImage, editImage, depsImage] = await Promise.all(
        [tag(variant, `cold${run}`), tag(variant, `edit${run}`), tag(variant, `deps${run}`)].map((ref) =>
          engine.inspectImage(ref),
        ),
      );
      const shared = sharedPrefix(coldImage.layers, editImage.layers);
      const depsLayers = depsImage.layers.length;
      results.codeEdit[variant].push({
        cold: cold.seconds,
        rebuild: rebuild.seconds,
        ratio: rebuild.seconds / cold.seconds,
        shared,
        total: editImage.layers.length,
        depsLayers,
        reused: shared >= depsLayers && sharedPrefix(depsImage.layers, coldImage.layers) === depsLayers,
        bytes: coldImage.size,
      });
      log(
        `  (1) run ${run} ${variant}: cold ${cold.seconds.toFixed(1)} s, rebuild ${rebuild.seconds.toFixed(1)} s, ${shared}/${editImage.layers.length} layers shared, dependency layers ${depsLayers}`,
      );
    }
  }
}

/**
 * (6) rebuild after adding one dependency (six) — ours vs the seed's final. Each rebuild is paired
 * with a cold build of the same folder right after it, so load swings on a shared machine hit both.
 */
async function addDependency(scratch: string, dirs: Record<Variant, string>, results: Results): Promise<void> {
  for (let run = 1; run <= RUNS; run++) {
    for (const variant of ['ours', 'seed'] as const) {
      // A unique comment makes every run a fresh requirements.txt for the layer cache.
      const dir = await variantCopy(dirs[variant], join(scratch, `${variant}-dep${run}`), (d) =>
        appendFile(join(d, 'requirements.txt'), `six==1.17.0\n# bench ${NONCE}-${run}\n`),
      );
      const rebuild = await build(dir, tag(variant, `dep${run}`));
      const cold = await build(dir, tag(variant, `depcold${run}`), { noCache: true });
      results.addDependency[variant].push({
        rebuild: rebuild.seconds,
        cold: cold.seconds,
        ratio: rebuild.seconds / cold.seconds,
      });
      log(
        `  (6) run ${run} ${variant}: rebuild after adding six ${rebuild.seconds.toFixed(1)} s, cold ${cold.seconds.toFixed(1)} s`,
      );
    }
  }
}

/** (2) image sizes per base that can be built here: ours vs the seed's final (slim from (1), full here). */
async function sizes(scratch: string, slimDirs: Record<Variant, string>, results: Results): Promise<void> {
  for (const variant of VARIANTS)
    results.sizes.slim[variant] = (await engine.inspectImage(tag(variant, `cold${RUNS}`))).size;
  results.sizes.slimBase = (await engine.inspectImage('python:3.13-slim')).size;
  const full = join(scratch, 'full');
  await mkdir(full);
  const fullDirs = { ours: join(full, 'ours-full'), seed: join(full, 'seed-full') };
  await renderOurs(fullDirs.ours, 'full');
  await cp(slimDirs.seed, fullDirs.seed, { recursive: true });
  await writeFile(join(fullDirs.seed, 'Dockerfile'), COMPETITORS.seed.dockerfile(PORT, 'full'));
  for (const variant of ['ours', 'seed'] as const) {
    await build(fullDirs[variant], tag(variant, 'full'));
    results.sizes.full[variant] = (await engine.inspectImage(tag(variant, 'full'))).size;
  }
  results.sizes.fullBase = (await engine.inspectImage('python:3.13')).size;
  log(`  (2) sizes: ${JSON.stringify(results.sizes)}`);
}

/**
 * (7) `docker stop` of the running image: the app must answer HTTP first, then SIGTERM is timed.
 * The seed's `python app.py` runs our sample's __main__, which has debug=True: Werkzeug's reloader
 * then handles SIGTERM itself. A tutorial app.py usually has no debug flag, so that variant is
 * measured too ("seed-nodebug": the same image with `debug=True` removed).
 */
async function stopTimes(scratch: string, dirs: Record<Variant, string>, results: Results): Promise<void> {
  const noDebug = await variantCopy(dirs.seed, join(scratch, 'seed-nodebug'), async (dir) => {
    const app = await readFile(join(dir, 'app.py'), 'utf8');
    if (!app.includes(', debug=True)')) throw new Error('the sample app.py no longer has debug=True in __main__');
    await writeFile(join(dir, 'app.py'), app.replace(', debug=True)', ')'));
  });
  await build(noDebug, tag('seed-nodebug', 'cold'));
  const images = {
    ours: tag('ours', `cold${RUNS}`),
    seed: tag('seed', `cold${RUNS}`),
    seedNoDebug: tag('seed-nodebug', 'cold'),
    init: tag('init', `cold${RUNS}`),
  };
  for (let run = 1; run <= RUNS; run++) {
    for (const [variant, image] of Object.entries(images) as [keyof typeof images, string][]) {
      const name = `slim-docker-bench-${variant.toLowerCase()}-${NONCE}-${run}`;
      // The previous container released the port; wait for it, bounded.
      await poll({ timeoutSeconds: 15, attempt: async () => ((await portIsFree(PORT)) ? true : undefined) });
      // A plain `docker run`, as a user would start it (no health-check overrides).
      const labels = Object.entries(LABELS).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
      const started = await engine.exec(['run', '--detach', '--name', name, '--network', 'host', ...labels, image], {
        timeoutSeconds: 60,
      });
      try {
        if (started.failed) throw new Error(`${variant}: docker run failed: ${String(started.all).trim()}`);
        const up = await poll({
          timeoutSeconds: 60,
          intervalMs: 250,
          attempt: async () => {
            const r = await get(`http://127.0.0.1:${PORT}/`);
            return r && r.status < 500 ? r : undefined;
          },
        });
        if (!up.value)
          throw new Error(`${variant} never answered on 127.0.0.1:${PORT} (${up.reason}): ${await engine.logs(name)}`);
        const seconds = await engine.stop(name);
        results.stop[variant].push(seconds);
        log(`  (7) run ${run} ${variant}: docker stop ${seconds.toFixed(2)} s`);
      } finally {
        await engine.exec(['rm', '--force', name], { timeoutSeconds: 60 });
      }
    }
  }
}

/** Size of a set of files relative to dir. */
async function bytesOf(dir: string, files: string[]): Promise<number> {
  let total = 0;
  for (const file of files) total += (await stat(join(dir, file))).size;
  return total;
}

/** The engine's own count: the last "transferring context: X" in BuildKit's plain progress (decimal units). */
function contextBytesFromEngine(output: string): number {
  const matches = [...output.matchAll(/transferring context: ([\d.]+)([kMG]?B)/g)];
  if (!matches.length) throw new Error('no "transferring context" line in the build output');
  const [, value, unit] = matches[matches.length - 1];
  return Number(value) * { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 }[unit]!;
}

/** (3) build context for a repo with a 50 MB .git and a 100 MB .venv, with and without our .dockerignore. */
async function buildContext(scratch: string, ours: string, results: Results): Promise<void> {
  const dir = join(scratch, 'context-repo');
  await cp(ours, dir, { recursive: true });
  // Random bytes, so nothing in the transfer can compress them away.
  const junk = async (folder: string, files: number) => {
    await mkdir(join(dir, folder), { recursive: true });
    for (let i = 0; i < files; i++) await writeFile(join(dir, folder, `blob-${i}.bin`), randomBytes(10_000_000));
  };
  await junk('.git/objects/pack', 5);
  await junk('.venv/lib/python3.13/site-packages', 10);
  const source = await walkContext(dir, contextFilter(['.git', '.venv']));
  results.context.sourceBytes = await bytesOf(dir, source.included);

  const withIgnore = await walkContext(dir, contextFilter(await readDockerignore(dir)));
  results.context.withIgnore = {
    walked: await bytesOf(dir, withIgnore.included),
    engine: contextBytesFromEngine((await build(dir, tag('ctx', 'ignore'))).output),
  };
  await rename(join(dir, '.dockerignore'), join(scratch, 'moved.dockerignore'));
  const everything = await walkContext(dir, contextFilter([]));
  results.context.withoutIgnore = {
    walked: await bytesOf(dir, everything.included),
    engine: contextBytesFromEngine((await build(dir, tag('ctx', 'none'))).output),
  };
  log(`  (3) context: ${JSON.stringify(results.context)}`);
}

/** (4) generation time, no verification: ours vs @flydotio/dockerfile on the same tiny Express app. */
async function generationTime(scratch: string, results: Results): Promise<void> {
  const express = join(scratch, 'express');
  await mkdir(express);
  await writeFile(
    join(express, 'package.json'),
    `${JSON.stringify({ name: 'bench-express', version: '1.0.0', private: true, main: 'server.js', scripts: { start: 'node server.js' }, dependencies: { express: '^4.21.2' } }, null, 2)}\n`,
  );
  await writeFile(
    join(express, 'server.js'),
    "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send('Hello'));\napp.listen(process.env.PORT || 3000);\n",
  );
  // Setup, not timed: the lockfile and the competitor's install (npm registry).
  await execa('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], { cwd: express, timeout: 300_000 });
  const fly = join(scratch, 'fly');
  await execa('npm', ['install', '--prefix', fly, '@flydotio/dockerfile', '--no-audit', '--no-fund'], {
    timeout: 300_000,
  });
  const flyCli = join(fly, 'node_modules/@flydotio/dockerfile/index.js');
  results.generation.flyVersion = JSON.parse(
    await readFile(join(fly, 'node_modules/@flydotio/dockerfile/package.json'), 'utf8'),
  ).version;

  // Our Node pack may not exist yet: then ours is timed with the Python sample in an empty folder.
  const probe = await bin(
    ['--yes', '--skip-verify', '--language', 'node'],
    await variantCopy(express, join(scratch, 'node-probe'), async () => {}),
    120,
  );
  results.generation.oursNode = probe.exitCode === 0;
  results.generation.oursNodeMessage = probe.output.trim().split('\n').slice(-1)[0];
  for (let run = 1; run <= RUNS; run++) {
    const flyDir = await variantCopy(express, join(scratch, `fly-${run}`), async () => {});
    const start = process.hrtime.bigint();
    await execa(process.execPath, [flyCli, '--force'], { cwd: flyDir, timeout: 120_000 });
    results.generation.fly.push(since(start));
    const oursDir = results.generation.oursNode
      ? await variantCopy(express, join(scratch, `gen-${run}`), async () => {})
      : join(scratch, `gen-${run}`);
    await mkdir(oursDir, { recursive: true });
    const ours = await bin(
      ['--yes', '--skip-verify', ...(results.generation.oursNode ? ['--language', 'node'] : ['--sample-app'])],
      oursDir,
      120,
    );
    if (ours.exitCode !== 0) throw new Error(`slim-docker generation failed:\n${ours.output}`);
    results.generation.ours.push(ours.seconds);
    // Where our time goes: loading yeoman-environment alone (the framework under the generator).
    const importStart = process.hrtime.bigint();
    await execa(process.execPath, ['--input-type=module', '-e', "await import('yeoman-environment')"], {
      cwd: ROOT,
      timeout: 120_000,
    });
    results.generation.yeomanImport.push(since(importStart));
    log(
      `  (4) run ${run}: ours ${ours.seconds.toFixed(2)} s, @flydotio/dockerfile ${results.generation.fly[run - 1].toFixed(2)} s`,
    );
  }
}

/** (5) `slim-docker verify` wall time minus its own cold build. */
async function verifyOverhead(scratch: string, ours: string, results: Results): Promise<void> {
  for (let run = 1; run <= RUNS; run++) {
    // A distinct project per run (a comment in app.py): each run is the first verification of its
    // content, as for a user; re-verifying identical content hits earlier runs' cache records.
    const dir = await variantCopy(ours, join(scratch, `verify-${run}`), (d) =>
      appendFile(join(d, 'app.py'), `# bench ${NONCE}-${run}\n`),
    );
    const reportFile = join(scratch, `verify-${run}.json`);
    const result = await bin(['verify', dir, '--report', reportFile], dir);
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as {
      ok: boolean;
      coldBuildSeconds: number;
      checks: { name: string; ok: boolean; detail: string }[];
    };
    const failed = report.checks.filter((check) => !check.ok).map((check) => `${check.name}: ${check.detail}`);
    results.verify.push({
      wall: result.seconds,
      cold: report.coldBuildSeconds,
      overhead: result.seconds - report.coldBuildSeconds,
      failed,
    });
    log(
      `  (5) run ${run}: verify ${result.seconds.toFixed(1)} s, cold build ${report.coldBuildSeconds} s${failed.length ? `, FAILED: ${failed.join('; ')}` : ''}`,
    );
  }
}

/**
 * Removes every container and image this run labelled; returns what is left. (After a killed run:
 * `docker rm -f $(docker ps -aq --filter label=org.slim-docker.bench)`, then the same with images / rmi.)
 */
async function cleanup(): Promise<string[]> {
  const run = (args: string[]) => engine.exec(args, { timeoutSeconds: 300, cancellable: false });
  const list = async (args: string[]) =>
    String((await run([...args, '--quiet', '--filter', `label=${RUN_LABEL}`])).stdout ?? '')
      .split('\n')
      .filter(Boolean);
  const containers = await list(['ps', '--all']);
  if (containers.length) await run(['rm', '--force', ...containers]);
  const images = [...new Set(await list(['images']))];
  if (images.length) await run(['rmi', '--force', ...images]);
  return [...(await list(['ps', '--all'])), ...(await list(['images']))];
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const info = await engine.probe(true);
  const results: Results = {
    machine: {
      date: new Date().toISOString(),
      nproc: cpus().length,
      cpu: cpus()[0]?.model ?? '?',
      memoryBytes: totalmem(),
      engine: `${ENGINE}: Docker client ${info.client}, server ${info.server}, BuildKit`,
      node: process.version,
      loadBefore: loadavg()
        .map((l) => l.toFixed(2))
        .join(' '),
      loadAfter: '',
      runs: RUNS,
      port: PORT,
    },
    codeEdit: { ours: [], counter: [], seed: [], init: [] },
    addDependency: { ours: [], seed: [] },
    sizes: { slim: {}, full: {} },
    context: {},
    generation: { ours: [], fly: [], yeomanImport: [] },
    verify: [],
    stop: { ours: [], seed: [], seedNoDebug: [], init: [] },
    errors: [],
    notes: { competitors: Object.fromEntries(Object.values(COMPETITORS).map((c) => [c.label, c.note])) },
  };
  const scratch = await mkdtemp(join(tmpdir(), 'slim-docker-bench-'));
  let cleaned: Promise<string[]> | undefined;
  const cleanOnce = () => (cleaned ??= cleanup());
  // `on`, not `once`: with `once` a Ctrl-C here ended the process before cleanup finished.
  process.on('SIGINT', () => {
    if (interrupt.signal.aborted) return log('Still cleaning up…');
    log('Interrupted: removing the bench images and containers…');
    interrupt.abort();
    void cleanOnce()
      .then(
        (left) => log(left.length ? `Left behind: ${left.join(', ')}` : 'Removed.'),
        (error: Error) => log(`Cleanup failed: ${error.message}`),
      )
      .finally(() => rm(scratch, { recursive: true, force: true }).finally(() => process.exit(130)));
  });

  // Each figure is measured on its own: one failing is reported, the others still count.
  const section = async (name: string, body: () => Promise<void>) => {
    if (interrupt.signal.aborted) return;
    log(`▸ ${name}`);
    const start = process.hrtime.bigint();
    try {
      await body();
    } catch (error) {
      results.errors.push(`${name}: ${(error as Error).message}`);
      log(`  failed: ${(error as Error).message}`);
    }
    log(`  (${since(start).toFixed(0)} s)`);
  };
  try {
    if (!(await engine.imageExists('python:3.13-slim')))
      throw new Error('python:3.13-slim is missing: run npx tsx scripts/stand-ins/build.ts python:3.13-slim');
    const dirs = await prepareVariants(scratch, 'slim');
    await section('(1) rebuild after a code edit ÷ cold build', () => codeEdit(scratch, dirs, results));
    await section('(6) rebuild after adding a dependency', () => addDependency(scratch, dirs, results));
    await section('(2) image sizes', () => sizes(scratch, dirs, results));
    await section('(7) docker stop', () => stopTimes(scratch, dirs, results));
    await section('(3) build context', () => buildContext(scratch, dirs.ours, results));
    await section('(4) generation time', () => generationTime(scratch, results));
    await section('(5) verification overhead', () => verifyOverhead(scratch, dirs.ours, results));
  } finally {
    const left = await cleanOnce();
    if (left.length) results.errors.push(`cleanup left behind: ${left.join(', ')}`);
    await rm(scratch, { recursive: true, force: true });
  }
  if (interrupt.signal.aborted) return; // an interrupted run writes no BENCHMARKS.md
  results.machine.loadAfter = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  results.machine.runtimeSeconds = since(started);
  const summary = await writeReport(results, join(ROOT, 'BENCHMARKS.md'));
  log(`\n${summary}\nWrote BENCHMARKS.md (bench took ${(results.machine.runtimeSeconds / 60).toFixed(1)} min).`);
  if (results.errors.length) {
    log(`Errors:\n${results.errors.map((e) => `  - ${e}`).join('\n')}`);
    process.exitCode = 1;
  }
}

await main();
