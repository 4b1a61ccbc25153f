/**
 * Verification: build the user's Dockerfile for real and prove what slim-docker promises.
 * engine → cold build → inspect (uid, port) → cache proof (edited copy) → run + HTTP + health →
 * stop timing → secrets → sizes → cleanup. Never writes into the user's directory.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { VerificationError } from '../errors.js';
import { lintDockerfile } from '../lint.js';
import { compareLayers, findDependencyStep, instrument, truncateAt } from './cache-proof.js';
import { parseDockerfile } from '../dockerfile-check.js';
import { contextFilter, copyContext, readDockerignore, walkContext, type ContextWalk } from './context.js';
import { Engine, EngineError, VERIFY_LABEL, type EngineInfo, type ImageInfo } from './engine.js';
import { get, poll, portIsFree } from './http.js';
import { formatTable, type Check, type Report } from './report.js';
import type { Target } from './target.js';

export interface VerifySettings {
  engine?: string;
  network?: string;
  keepImage: boolean;
  timeoutSeconds: number;
  report?: string;
}

export type Log = (line: string) => void;

const STOP_LIMIT_SECONDS = 3;
const EDIT_SUFFIX = ' (edited by slim-docker verify)';

class Steps {
  readonly checks: Check[] = [];
  constructor(private readonly log: Log) {}

  /** Runs one step with a progress line and its duration. */
  async run<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.log(`▸ ${title}…`);
    const start = Date.now();
    try {
      const value = await body();
      this.log(`  done in ${((Date.now() - start) / 1000).toFixed(1)} s`);
      return value;
    } catch (error) {
      this.log(`  failed after ${((Date.now() - start) / 1000).toFixed(1)} s: ${(error as Error).message}`);
      throw error;
    }
  }

  check(name: string, ok: boolean, detail: string): boolean {
    this.checks.push({ name, ok, detail });
    this.log(`  ${ok ? '✔' : '✘'} ${name}: ${detail}`);
    return ok;
  }
}

/** Shows BuildKit step headers (and legacy "Step N/M") as the build runs, once each. */
function buildProgress(log: Log): (line: string) => void {
  const seen = new Set<string>();
  return (line) => {
    const step = /^#\d+ (\[[^\]]+\] .*)$/.exec(line)?.[1] ?? /^(Step \d+\/\d+ : .*|STEP \d+\/\d+: .*)$/.exec(line)?.[1];
    if (step && !seen.has(step)) {
      seen.add(step);
      log(`    ${step.length > 110 ? `${step.slice(0, 107)}...` : step}`);
    }
  };
}

/** Resolves the final stage's base image, following stage aliases and global ARG defaults. */
export function finalBaseImage(target: Target): string {
  const args = new Map<string, string>();
  const froms: { image: string; alias?: string }[] = [];
  for (const instruction of target.parsed.instructions) {
    if (instruction.keyword === 'ARG' && froms.length === 0) {
      const [name, value = ''] = instruction.args.split('=');
      args.set(name.trim(), value.trim().replace(/^"|"$/g, ''));
    }
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--platform'));
      const image = words[0].replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => args.get(a ?? b) ?? '');
      froms.push({ image, alias: words[1]?.toLowerCase() === 'as' ? words[2] : undefined });
    }
  }
  let image = froms[froms.length - 1].image;
  for (let hops = 0; hops < froms.length; hops++) {
    const stage = froms.find((from) => from.alias === image);
    if (!stage) break;
    image = stage.image;
  }
  return image;
}

export async function runVerification(target: Target, settings: VerifySettings, log: Log): Promise<Report> {
  const controller = new AbortController();
  const interrupt = () => {
    if (!controller.signal.aborted) log('Interrupted: stopping and cleaning up…');
    controller.abort();
  };
  // `on`, not `once`: execa's signal-exit re-raises a signal when no other listener is left, which
  // would kill the process before the cleanup below has run.
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  const engine = new Engine(settings.engine ?? 'docker', settings.network, controller.signal);
  const runId = randomBytes(4).toString('hex');
  const labels = { [VERIFY_LABEL]: runId };
  const repo = `slim-docker-verify/${target.appName}`;
  const tags = { cold: `${repo}:${runId}-cold`, edited: `${repo}:${runId}-edited`, depsCold: `${repo}:${runId}-deps-cold`, depsEdited: `${repo}:${runId}-deps-edited` };
  const steps = new Steps(log);
  const report: Report = { ok: false, image: tags.cold, engine: engine.command, dockerfile: target.dockerfilePath, checks: steps.checks };
  const scratch = await mkdtemp(join(tmpdir(), 'slim-docker-verify-'));
  let kept: string | undefined;
  try {
    const info = await steps.run(`engine ${engine.command}`, () => engine.probe(/--mount=/.test(target.dockerfileText)));
    report.engine = describe(info);
    steps.check('engine', true, report.engine);
    await prove(target, settings, engine, { labels, tags, steps, report, scratch, log });
    if (settings.keepImage && report.checks.every((check) => check.ok)) {
      report.image = `${target.appName}:verified`;
      await engine.tag(tags.edited, report.image);
      kept = report.image;
    }
  } catch (error) {
    const message = controller.signal.aborted ? 'interrupted by a signal' : (error as Error).message;
    steps.check(controller.signal.aborted ? 'interrupted' : 'verification', false, message);
    if (error instanceof EngineError && error.output && !controller.signal.aborted) {
      log(error.output.trim().split('\n').slice(-15).map((line) => `    | ${line}`).join('\n'));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await cleanup(engine, runId, kept, steps);
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  report.ok = report.checks.every((check) => check.ok);
  log(formatTable(report));
  if (settings.report) {
    await writeFile(resolve(settings.report), `${JSON.stringify(report, null, 2)}\n`);
    log(`Report written to ${settings.report}`);
  }
  if (controller.signal.aborted) throw new VerificationError('verification interrupted; containers and images removed', 130);
  return report;
}

const describe = (info: EngineInfo) =>
  `${info.command} (${info.podman ? 'podman' : 'docker'} client ${info.client}, server ${info.server}, ${info.buildkit ? 'BuildKit' : 'legacy builder'})`;

async function cleanup(engine: Engine, runId: string, kept: string | undefined, steps: Steps): Promise<void> {
  try {
    const left = await engine.cleanup(runId, kept);
    const count = left.containers.length + left.images.length;
    const keptNote = kept ? `; kept ${kept}` : '';
    steps.check('cleanup', count === 0, count === 0 ? `no verification containers or images left${keptNote}` : `left behind: ${[...left.containers, ...left.images].join(', ')}`);
  } catch (error) {
    steps.check('cleanup', false, (error as Error).message);
  }
}

interface Context {
  labels: Record<string, string>;
  tags: { cold: string; edited: string; depsCold: string; depsEdited: string };
  steps: Steps;
  report: Report;
  scratch: string;
  log: Log;
}

async function prove(target: Target, settings: VerifySettings, engine: Engine, ctx: Context): Promise<void> {
  const { steps, report, tags, labels, scratch } = ctx;
  const findings = lintDockerfile(target.parsed);
  const errors = findings.filter((finding) => finding.severity === 'error');
  steps.check(
    'lint',
    errors.length === 0,
    findings.length === 0 ? 'no findings (slim-docker structure rules)' : findings.map((f) => `${f.rule} ${f.severity} line ${f.line}: ${f.message}`).join('; '),
  );
  const filter = contextFilter(await readDockerignore(target.dir));
  const walk = await walkContext(target.dir, filter);
  report.contextBytes = await sizeOf(target.dir, walk);
  const build = (context: string, dockerfile: string, tag: string) =>
    engine.build({ context, dockerfile, tag, labels, lines: buildProgress(ctx.log) });
  // Every build of this run uses the user's Dockerfile plus one run-unique ARG (see instrument()).
  const runId = labels[VERIFY_LABEL];
  const dockerfileText = instrument(target.dockerfileText, target.parsed, runId);
  const parsed = parseDockerfile(dockerfileText, target.dockerfilePath);
  const dockerfile = join(scratch, 'Dockerfile');
  await writeFile(dockerfile, dockerfileText);

  // 1. Cold build: no layer of this run is cached yet, so the time is what a fresh machine pays.
  const cold = await steps.run('cold build (no layer cache)', () => build(target.dir, dockerfile, tags.cold));
  report.coldBuildSeconds = round(cold.seconds);
  steps.check('cold build', true, `built in ${report.coldBuildSeconds} s`);

  // 2. Inspect: who the image runs as (asked of the image itself), and what it exposes.
  const image = await engine.inspectImage(tags.cold);
  report.user = image.user;
  report.exposedPorts = image.exposedPorts;
  report.uid = await steps.run('non-root user', () => resolveUid(engine, tags.cold, image, labels));
  steps.check('non-root user', report.uid !== undefined && report.uid !== 0, report.uid === undefined ? `could not resolve user "${image.user}"` : `runs as ${image.user || 'root'} (uid ${report.uid})`);
  steps.check('port exposed', image.exposedPorts.includes(`${target.port}/tcp`), `EXPOSE ${image.exposedPorts.join(', ') || 'nothing'}; expected ${target.port}/tcp`);

  // 3. Cache proof: edit a source file in a copy of the context, rebuild, compare layer digests.
  const edited = join(scratch, 'context');
  const edit = await makeEditedCopy(target, walk.included, edited);
  const rebuild = await steps.run(`rebuild after editing ${edit.file}`, () => build(edited, dockerfile, tags.edited));
  report.rebuildSeconds = round(rebuild.seconds);
  await steps.run('dependency layers', async () => {
    const step = target.pack ? findDependencyStep(parsed, target.pack.verification.dependencyStep) : undefined;
    if (!step) return steps.check('dependency layers reused', false, 'no dependency-install RUN found before the code is copied');
    const depsFile = join(scratch, 'Dockerfile.deps');
    await writeFile(depsFile, truncateAt(dockerfileText, parsed, step));
    await build(target.dir, depsFile, tags.depsCold);
    await build(edited, depsFile, tags.depsEdited);
    const layersOf = async (tag: string) => (await engine.inspectImage(tag)).layers;
    const comparison = compareLayers({
      depsCold: await layersOf(tags.depsCold),
      depsEdited: await layersOf(tags.depsEdited),
      cold: image.layers,
      edited: await layersOf(tags.edited),
      finalStage: step.finalStage,
    });
    const ratio = report.coldBuildSeconds ? ` (rebuild ${report.rebuildSeconds} s = ${(report.rebuildSeconds! / report.coldBuildSeconds).toFixed(2)} × cold)` : '';
    return steps.check('dependency layers reused', comparison.ok, `${comparison.detail}${ratio}`);
  });

  // 4. Run the edited image; it must serve the edit over HTTP and report healthy.
  // The file list for step 5 comes from the cold image, the one built from the user's own folder (the
  // edited copy holds only what .dockerignore lets through, so it would prove nothing). It is read
  // from an export while the container runs: the export is the slowest step after the builds.
  const finalStage = target.parsed.stages - 1;
  const copiesContext = target.parsed.instructions.some((i) => i.stage === finalStage && /^(COPY|ADD)$/.test(i.keyword) && !/--from=/.test(i.args));
  const listing = copiesContext ? engine.listFiles(tags.cold, labels) : Promise.resolve(new Set<string>());
  listing.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  await runAndProbe(target, settings, engine, ctx, edit.expectBody);

  // 5. Secrets: nothing .dockerignore keeps out may be inside the image. A kept-out path the image's own
  // dependency install creates (node_modules from `npm ci`) is no leak: there, only entries that the image
  // cut at the dependency step does not hold can have come from the context.
  await steps.run('secrets kept out', async () => {
    // A final stage that copies nothing from the context (multi-stage: only --from=build) cannot hold
    // a context file; listing it would only confuse its own /bin with an ignored ./bin.
    const names = walk.excluded.length ? walk.excluded.slice(0, 6).join(', ') + (walk.excluded.length > 6 ? ', …' : '') : 'none present';
    if (!copiesContext) {
      steps.check('secrets kept out', true, `the final stage copies only from build stages; ${walk.excluded.length} ignored paths kept out of the context (${names})`);
      return;
    }
    const files = await listing;
    const workdir = image.workdir.replace(/\/$/, '');
    const present = walk.excluded.filter((rel) => files.has(`${workdir}/${rel}`));
    const installed = present.length ? await engine.listFiles(tags.depsCold, labels).catch(() => new Set<string>()) : new Set<string>();
    const beyondInstall = (rel: string) => {
      const path = `${workdir}/${rel}`;
      for (const file of files) if ((file === path || file.startsWith(`${path}/`)) && !installed.has(file)) return true;
      return false;
    };
    const leaked = present.filter(beyondInstall);
    const made = present.filter((rel) => !leaked.includes(rel));
    const madeNote = made.length ? `; ${made.join(', ')} only as the dependency install made it` : '';
    steps.check('secrets kept out', leaked.length === 0, leaked.length ? `inside the image: ${leaked.join(', ')}` : `${walk.excluded.length} ignored paths absent (${names})${madeNote}`);
  });

  // 6. Sizes.
  report.imageBytes = (await engine.inspectImage(tags.edited)).size;
  report.baseImage = finalBaseImage(target);
  report.baseImageBytes = report.baseImage === 'scratch' ? 0 : await engine.inspectImage(report.baseImage).then((base) => base.size, () => undefined);
}

async function runAndProbe(target: Target, settings: VerifySettings, engine: Engine, ctx: Context, expectBody: string | undefined): Promise<void> {
  const { steps, report, tags, labels } = ctx;
  const name = `slim-docker-verify-${labels[VERIFY_LABEL]}`;
  if (engine.network === 'host' && !(await portIsFree(target.port))) {
    steps.check('http', false, `port ${target.port} is already in use on this machine; with --network host the container needs it free (stop what holds it, or regenerate with --port)`);
    return;
  }
  await steps.run('run the edited image', () => engine.runDetached({ image: tags.edited, name, labels, port: target.port }));
  const hostPort = await engine.hostPort(name, target.port);
  const path = target.pack?.verification.smokePath ?? '/';
  const url = `http://127.0.0.1:${hostPort}${path}`;
  const exited = async () => {
    const state = await engine.containerState(name);
    return state.running ? undefined : `the container exited with code ${state.exitCode}`;
  };
  const answer = await steps.run(`GET ${url}`, () =>
    poll({ timeoutSeconds: settings.timeoutSeconds, attempt: async () => { const r = await get(url); return r && r.status < 500 ? r : undefined; }, stop: exited }),
  );
  if (!answer.value) {
    steps.check('http', false, `${answer.reason}; last container logs:\n${indent(await engine.logs(name))}`);
    return;
  }
  report.httpStatus = answer.value.status;
  report.httpBody = answer.value.body.slice(0, 500);
  // Our sample must answer 2xx/3xx; an existing app proves it serves with any answer but a server error
  // (its / may well be a 404 or a login redirect).
  const statusOk = target.sample ? answer.value.status >= 200 && answer.value.status < 400 : answer.value.status < 500;
  const bodyOk = expectBody === undefined || answer.value.body.includes(expectBody);
  steps.check('http', statusOk && bodyOk, `GET ${path} → ${answer.value.status}${expectBody ? (bodyOk ? `, serves the edited greeting "${expectBody}"` : `, body lacks "${expectBody}": ${JSON.stringify(report.httpBody)}`) : ''}`);

  const image = await engine.inspectImage(tags.edited);
  if (!image.hasHealthcheck) {
    steps.check('healthcheck', false, 'the image has no HEALTHCHECK');
  } else {
    const health = await steps.run('HEALTHCHECK', () =>
      poll({ timeoutSeconds: settings.timeoutSeconds, intervalMs: 500, attempt: async () => { const s = await engine.containerState(name); return s.health === 'healthy' ? s.health : undefined; }, stop: async () => { const s = await engine.containerState(name); return s.health === 'unhealthy' ? 'reported unhealthy' : s.running ? undefined : 'the container exited'; } }),
    );
    steps.check('healthcheck', health.value === 'healthy', health.value ? 'reached healthy' : health.reason ?? 'not healthy');
  }

  report.stopSeconds = round(await steps.run('docker stop (SIGTERM, 10 s grace)', () => engine.stop(name)), 3);
  steps.check(
    'stops on SIGTERM',
    report.stopSeconds < STOP_LIMIT_SECONDS,
    report.stopSeconds < STOP_LIMIT_SECONDS
      ? `stopped in ${report.stopSeconds} s: the server handles SIGTERM as PID 1`
      : `took ${report.stopSeconds} s: the server ignored SIGTERM (shell-form CMD or no handler) and was killed after the grace period`,
  );
}

/** The image's uid: ask the image (`id -u`); images without `id` (distroless) resolve the USER via /etc/passwd. */
async function resolveUid(engine: Engine, ref: string, image: ImageInfo, labels: Record<string, string>): Promise<number | undefined> {
  const asked = await engine.runOnce(ref, 'id', ['-u'], labels);
  if (asked !== undefined && /^\d+$/.test(asked)) return Number(asked);
  const user = (image.user || 'root').split(':')[0];
  if (/^\d+$/.test(user)) return Number(user);
  const passwd = await engine.readFile(ref, '/etc/passwd', labels);
  const line = passwd?.split('\n').find((entry) => entry.split(':')[0] === user);
  return line ? Number(line.split(':')[2]) : undefined;
}

/**
 * Copies the context and edits it like the seed: the sample's greeting, else a harmless comment
 * appended to the app's entry file (or a new file when there is none).
 */
async function makeEditedCopy(target: Target, included: string[], into: string): Promise<{ file: string; expectBody?: string }> {
  await copyContext(target.dir, included, into);
  if (target.sample) {
    const path = join(into, target.sample.file);
    const text = await readFile(path, 'utf8');
    const edited = `${target.sample.greeting.replace(/!$/, '')}${EDIT_SUFFIX}`;
    await writeFile(path, text.replace(target.sample.greeting, edited));
    return { file: target.sample.file, expectBody: edited };
  }
  const entry = target.editCandidates.find((file) => included.includes(file));
  if (entry && target.pack) {
    const path = join(into, entry);
    await writeFile(path, `${await readFile(path, 'utf8')}\n${target.pack.verification.commentPrefix} edited by slim-docker verify\n`);
    return { file: entry };
  }
  await writeFile(join(into, '.slim-docker-cache-probe'), 'edited by slim-docker verify\n');
  return { file: '.slim-docker-cache-probe (new file)' };
}

async function sizeOf(dir: string, walk: ContextWalk): Promise<number> {
  let total = 0;
  for (const rel of walk.included) total += (await stat(join(dir, rel)).catch(() => ({ size: 0 }))).size;
  return total;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const indent = (text: string) => text.split('\n').map((line) => `    | ${line}`).join('\n');
