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
import { secretsToPass } from '../detect/credentials.js';
import { lintDockerfile } from '../lint.js';
import { compareLayers, findDependencyStep, instrument, truncateAt } from './cache-proof.js';
import { parseDockerfile, type ParsedDockerfile } from '../dockerfile-check.js';
import { contextFilter, copyContext, readDockerignore, walkContext, type ContextWalk } from './context.js';
import { explain, formatExplanation, saveLog } from './diagnose.js';
import {
  EngineError,
  openEngine,
  VERIFY_LABEL,
  type BuildResult,
  type CacheRecord,
  type Engine,
  type EngineInfo,
  type ImageInfo,
} from './engines/index.js';
import { describeProbe, describeProbes, healthcheckPath, probeHttp, probePaths } from './probe.js';
import { containerSockets, judgeListen, LISTEN_CHECK } from './listen.js';
import { contextSecrets, hashWantedFor, judgeSecrets } from './secrets-check.js';
import { describeBuildServiceNeed, describeDetectedServices, describeServiceNeed, serviceFromLog } from './services.js';
import { get, poll, portIsFree } from './http.js';
import { buildProgress, Steps, type Log } from './progress.js';
import { formatTable, type Report } from './report.js';
import type { Target } from './target.js';

export interface VerifySettings {
  engine?: string;
  network?: string;
  keepImage: boolean;
  timeoutSeconds: number;
  report?: string;
  httpPath?: string;
  /** KEY=VALUE file for the container (docker run --env-file); checked at the edge. */
  envFile?: string;
  /** Seconds each build may take before it is stopped (default 1800). */
  buildTimeoutSeconds?: number;
}

/** A clean stop slower than this is worth a warning (not a failure: a loaded machine is slow too). */
const SLOW_STOP_SECONDS = 3;
/** `docker stop --time`: after this many seconds the engine sends SIGKILL. */
const STOP_GRACE_SECONDS = 10;
const EDIT_SUFFIX = ' (edited by slim-docker verify)';

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

export async function runVerification(target: Target, settings: VerifySettings, out: Log): Promise<Report> {
  const controller = new AbortController();
  // Every line goes through the steps, so a live progress line is cleared before it and redrawn after.
  const steps = new Steps(out);
  const log = steps.log;
  const interrupt = () => {
    if (!controller.signal.aborted) log('Interrupted: stopping and cleaning up…');
    controller.abort();
  };
  // `on`, not `once`: execa's signal-exit re-raises a signal when no other listener is left, which
  // would kill the process before the cleanup below has run.
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  // The engine named, else the first of docker and podman that answers (said in one line).
  const { engine, line: engineLine } = await openEngine(settings.engine, settings.network, controller.signal);
  if (engineLine) log(engineLine);
  const runId = randomBytes(4).toString('hex');
  const labels = { [VERIFY_LABEL]: runId };
  const repo = `slim-docker-verify/${target.appName}`;
  const tags = {
    cold: `${repo}:${runId}-cold`,
    edited: `${repo}:${runId}-edited`,
    depsCold: `${repo}:${runId}-deps-cold`,
    depsEdited: `${repo}:${runId}-deps-edited`,
  };
  const report: Report = { ok: false, engine: engine.command, dockerfile: target.dockerfilePath, checks: steps.checks };
  const scratch = await mkdtemp(join(tmpdir(), 'slim-docker-verify-'));
  let kept: string | undefined;
  let cacheBefore: { at: number; records: CacheRecord[] | undefined } | undefined;
  try {
    const info = await steps.run(`engine ${engine.command}`, () =>
      engine.probe(/--mount=/.test(target.dockerfileText)),
    );
    // What the builder's cache holds now: the records this run adds are removed with its images.
    cacheBefore = { at: Date.now(), records: await engine.buildCache() };
    report.engine = describe(info);
    steps.check('engine', true, report.engine);
    await prove(target, settings, engine, { labels, tags, steps, report, scratch, log });
    if (settings.keepImage && report.checks.every((check) => check.ok)) {
      // The image built from the user's own folder: the edited copy carries the verifier's edit.
      kept = `${target.appName}:verified`;
      await engine.tag(tags.cold, kept);
      report.image = kept;
    }
  } catch (error) {
    if (controller.signal.aborted) steps.check('interrupted', false, 'interrupted by a signal');
    else if (error instanceof EngineError && !(await engineAnswers(engine))) {
      // The daemon went away mid-step: that, not the step's own output, is the cause to report.
      steps.check(
        'engine',
        false,
        `the ${engine.command} engine stopped answering during the ${error.step ?? 'verification'}: ${error.message}`,
      );
    } else if (error instanceof EngineError && error.output) {
      // A failed build: the lines that say why (not only the tail), and the whole log in a file.
      const explanation = explain(error.output);
      const logFile = await saveLog(runId, 'build', error.output);
      // A build step that reads a service (Next.js prerendering a page that queries the database):
      // named only when the build's own causes say so, never from a passing mention in the log.
      const need = serviceFromLog(explanation.causes.join('\n'), target.services);
      if (need) report.needsService = { service: need.service, envVar: need.envVar };
      steps.check(
        error.step ?? 'build',
        false,
        `${error.message}${need ? `; ${describeBuildServiceNeed(need)}` : ''}${explanation.causes[0] ? `\n    why: ${explanation.causes[0]}` : ''}`,
        { evidence: { causes: explanation.causes, logFile, ...(need && { service: need }) } },
      );
      log(formatExplanation(explanation, logFile));
    } else steps.check('verification', false, (error as Error).message);
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await cleanup(engine, runId, kept, steps, cacheBefore && { ...cacheBefore, dockerfile: target.parsed });
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  report.ok = report.checks.every((check) => check.ok);
  log(formatTable(report));
  if (settings.report) {
    await writeFile(resolve(settings.report), `${JSON.stringify(report, null, 2)}\n`);
    log(`Report written to ${settings.report}`);
  }
  if (controller.signal.aborted)
    throw new VerificationError('verification interrupted; containers and images removed', 130);
  return report;
}

/**
 * Which kept-out paths found in the image came from the context. A path the build itself makes is
 * fine (`npm ci`'s node_modules, `compileall`'s __pycache__, a build's dist/): only what the image
 * holds right after the context is copied, beyond what the dependency install made, was copied in.
 */
async function keptOutFromContext(
  present: string[],
  opts: {
    target: Target;
    engine: Engine;
    build: Build;
    ctx: Context;
    dockerfileText: string;
    parsed: ParsedDockerfile;
    workdir: string;
  },
): Promise<string[]> {
  const { engine, build, ctx, dockerfileText, parsed, workdir } = opts;
  const finalStage = parsed.stages - 1;
  const copy = [...parsed.instructions]
    .reverse()
    .find((i) => i.stage === finalStage && /^(COPY|ADD)$/.test(i.keyword) && !/--from=/.test(i.args));
  if (!copy) return present;
  const cutFile = join(ctx.scratch, 'Dockerfile.copied');
  await writeFile(
    cutFile,
    truncateAt(dockerfileText, parsed, { line: copy.line, stage: copy.stage, finalStage: true, text: copy.args }),
  );
  const copiedTag = `${ctx.tags.cold.replace(/-cold$/, '')}-copied`;
  await build(opts.target.dir, cutFile, copiedTag, 'secrets kept out (context as copied)', false);
  const copied = await engine.listFiles(copiedTag, ctx.labels);
  const installed = await engine.listFiles(ctx.tags.depsCold, ctx.labels).catch(() => new Set<string>());
  return present.filter((rel) => {
    const path = `${workdir}/${rel}`;
    for (const file of copied) if ((file === path || file.startsWith(`${path}/`)) && !installed.has(file)) return true;
    return false;
  });
}

/** The history lines the Dockerfile added on top of its final base (`docker history` lists newest first). */
async function ownHistory(engine: Engine, ref: string, base: string): Promise<string[]> {
  const history = await engine.history(ref);
  const inherited = base === 'scratch' ? [] : await engine.history(base).catch(() => []);
  return history.slice(0, Math.max(history.length - inherited.length, 0));
}

/** Does the engine still answer (bounded)? A failed step on a dead daemon is reported as the daemon's failure. */
const engineAnswers = (engine: Engine) =>
  engine.probe(false, 10).then(
    () => true,
    () => false,
  );

const describe = (info: EngineInfo) =>
  `${info.command} (${info.rootless ? 'rootless ' : ''}${info.kind} client ${info.client}, server ${info.server}, ${info.buildkit ? (info.podman ? 'buildah' : 'BuildKit') : 'legacy builder'})`;

async function cleanup(
  engine: Engine,
  runId: string,
  kept: string | undefined,
  steps: Steps,
  cache?: { at: number; records: CacheRecord[] | undefined; dockerfile: ParsedDockerfile },
): Promise<void> {
  try {
    const left = await engine.cleanup(runId, kept);
    const count = left.containers.length + left.images.length;
    const keptNote = kept ? `; kept ${kept}` : '';
    const cacheNote = await removeRunCache(engine, cache);
    steps.check(
      'cleanup',
      count === 0,
      count === 0
        ? `no verification containers or images left${keptNote}; ${cacheNote}`
        : `left behind: ${[...left.containers, ...left.images].join(', ')}`,
    );
  } catch (error) {
    steps.check('cleanup', false, (error as Error).message);
  }
}

/**
 * The build-cache records this run added (none of them reusable: every RUN carried the run's own
 * ARG) are removed by id, so a verification leaves the cache as it found it. Only records that did
 * not exist before, were made since the run began, are unused and unshared, and come from this
 * Dockerfile's own steps or context uploads; package caches (RUN --mount=type=cache) are kept.
 */
async function removeRunCache(
  engine: Engine,
  cache: { at: number; records: CacheRecord[] | undefined; dockerfile: ParsedDockerfile } | undefined,
): Promise<string> {
  if (!cache?.records) return 'build cache not inspected (this engine does not list it)';
  const before = new Set(cache.records.map((record) => record.id));
  const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
  const runs = cache.dockerfile.instructions
    .filter((i) => i.keyword === 'RUN')
    .map((i) => squash(i.args.replace(/--mount=\S+/g, '')).slice(0, 60));
  const isOurs = (record: CacheRecord) =>
    !before.has(record.id) &&
    record.createdAt >= cache.at - 2000 &&
    record.type !== 'exec.cachemount' &&
    !record.shared &&
    !record.inUse &&
    (/^local source for /.test(record.description) ||
      /^fileop /.test(record.description) ||
      runs.some((run) => run && squash(record.description).includes(run)));
  // A parent record is freed once its children are gone: a few bounded passes.
  let removed = 0;
  let failed = 0;
  for (let pass = 0; pass < 4; pass++) {
    const after = await engine.buildCache();
    if (!after) return 'build cache not inspected (the engine did not list it)';
    const ours = after.filter(isOurs);
    if (!ours.length) break;
    if (await engine.pruneCache(ours.map((record) => record.id))) removed += ours.length;
    else failed += ours.length;
    if (failed) break;
  }
  if (failed) return `${failed} build-cache records of this run could not be removed`;
  return removed ? `${removed} build-cache records of this run removed` : 'no build-cache records left by this run';
}

type Build = (
  context: string,
  dockerfile: string,
  tag: string,
  step: string,
  listSteps?: boolean,
) => Promise<BuildResult>;

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
    findings.length === 0
      ? 'no findings (slim-docker structure rules)'
      : findings.map((f) => `${f.rule} ${f.severity} line ${f.line}: ${f.message}`).join('; '),
  );
  const filter = contextFilter(await readDockerignore(target.dir));
  const walk = await walkContext(target.dir, filter);
  report.contextBytes = await sizeOf(target.dir, walk);
  // The project's files for the Dockerfile's build secrets (.npmrc, pip.conf), passed as --secret.
  const buildSecrets = secretsToPass(target.dockerfileText, target.dir);
  /** Every build of the run: bounded, given the project's build secrets, its steps shown when it ends. */
  const build: Build = async (context, dockerfile, tag, step, listSteps = true) => {
    // One build's steps are printed together when it ends (grouped, in order, never interleaved).
    const progress = buildProgress(steps);
    try {
      return await engine.build({
        context,
        dockerfile,
        tag,
        labels,
        lines: progress.onLine,
        timeoutSeconds: settings.buildTimeoutSeconds,
        secrets: buildSecrets,
      });
    } catch (error) {
      if (error instanceof EngineError) error.step = step;
      throw error;
    } finally {
      // The proof's own cut builds are not listed (their steps are the cold build's); the live line showed them.
      if (listSteps) progress.flush();
    }
  };
  // Every build of this run uses the user's Dockerfile plus one run-unique ARG (see instrument()).
  const runId = labels[VERIFY_LABEL];
  const dockerfileText = instrument(target.dockerfileText, target.parsed, runId);
  const parsed = parseDockerfile(dockerfileText, target.dockerfilePath);
  const dockerfile = join(scratch, 'Dockerfile');
  await writeFile(dockerfile, dockerfileText);

  // 1. Cold build: no layer of this run is cached yet, so the time is what a fresh machine pays.
  const cold = await steps.run('cold build (no layer cache)', () =>
    build(target.dir, dockerfile, tags.cold, 'cold build'),
  );
  report.coldBuildSeconds = round(cold.seconds);
  steps.check('cold build', true, `built in ${report.coldBuildSeconds} s`);

  // 2. Inspect: who the image runs as (asked of the image itself), and what it exposes.
  const image = await engine.inspectImage(tags.cold);
  report.user = image.user;
  report.exposedPorts = image.exposedPorts;
  // The image's USER, resolved without running anything from the image; the running process's own
  // uid (the kernel's view) replaces it below when the container runs.
  const declaredUid = await resolveUid(engine, tags.cold, image, labels);
  // A port read from the Dockerfile's own EXPOSE is exposed by definition: nothing to check then.
  if (target.portSource !== 'expose') {
    const exposes = image.exposedPorts.includes(`${target.port}/tcp`);
    // --port for a Dockerfile without any EXPOSE: it can still serve; EXPOSE only documents the port.
    const undocumented = !exposes && image.exposedPorts.length === 0 && target.portSource === 'flag';
    steps.check(
      'port exposed',
      exposes || undocumented,
      `EXPOSE ${image.exposedPorts.join(', ') || 'nothing'}; expected ${target.port}/tcp${undocumented ? ' (add EXPOSE to document it)' : ''}`,
      { warning: undocumented },
    );
  }

  // 3. Cache proof: edit a source file in a copy of the context, rebuild, compare layer digests.
  const edited = join(scratch, 'context');
  const edit = await makeEditedCopy(target, walk.included, edited, runId);
  const rebuild = await steps.run(`rebuild after editing ${edit.file}`, () =>
    build(edited, dockerfile, tags.edited, 'rebuild after the edit'),
  );
  report.rebuildSeconds = round(rebuild.seconds);
  await steps.run('dependency layers', async () => {
    const step = target.pack ? findDependencyStep(parsed, target.pack.verification.dependencyStep) : undefined;
    if (!step)
      return steps.check(
        'dependency layers reused',
        false,
        'no dependency-install RUN found before the code is copied',
      );
    if (!edit.reachesImage)
      return steps.check(
        'dependency layers reused',
        false,
        `nothing to edit: ${edit.file}; the proof needs a source file the image holds`,
      );
    const depsFile = join(scratch, 'Dockerfile.deps');
    await writeFile(depsFile, truncateAt(dockerfileText, parsed, step));
    const layersOf = async (tag: string) => (await engine.inspectImage(tag)).layers;
    const editedImage = await layersOf(tags.edited);
    // The edit must reach the image, or the proof proves nothing (e.g. a comment a compiler drops).
    if (
      image.layers.length === editedImage.length &&
      image.layers.every((layer, index) => layer === editedImage[index])
    ) {
      return steps.check(
        'dependency layers reused',
        false,
        `editing ${edit.file} did not change the image: the edit never reached it, so nothing was proven`,
      );
    }
    // A shared engine may drop or miss a cache record while other builds run. A control build of the
    // unchanged context tells that apart from a real dependence on code: only when the original
    // context still reproduces its layers while the edited one does not, did the edit change them.
    const attempts: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await build(target.dir, depsFile, tags.depsCold, 'dependency layers (original context)', false);
      const depsCold = await layersOf(tags.depsCold);
      await build(edited, depsFile, tags.depsEdited, 'dependency layers (edited context)', false);
      const depsEdited = await layersOf(tags.depsEdited);
      const comparison = compareLayers({
        depsCold,
        depsEdited,
        cold: image.layers,
        edited: editedImage,
        finalStage: step.finalStage,
      });
      if (comparison.ok) {
        const ratio = report.coldBuildSeconds
          ? ` (rebuild ${report.rebuildSeconds} s = ${(report.rebuildSeconds! / report.coldBuildSeconds).toFixed(2)} × cold)`
          : '';
        const retried = attempts.length ? `; after ${attempts.length} inconclusive attempt(s) on a busy engine` : '';
        return steps.check('dependency layers reused', true, `${comparison.detail}${ratio}${retried}`, {
          evidence: { edited: edit.file, attempts: attempt },
        });
      }
      await build(target.dir, depsFile, tags.depsCold, 'dependency layers (control)', false);
      const control = await layersOf(tags.depsCold);
      const controlHolds =
        control.length === depsCold.length && control.every((layer, index) => layer === depsCold[index]);
      if (controlHolds)
        return steps.check('dependency layers reused', false, comparison.detail, {
          evidence: { edited: edit.file, attempts: attempt },
        });
      attempts.push(comparison.detail);
    }
    // The unchanged context never reproduced its own layers: the engine is not caching (or the step
    // is not reproducible); that is no verdict on the Dockerfile's order.
    return steps.check(
      'dependency layers reused',
      true,
      `inconclusive: the engine rebuilt the dependency step even for the unchanged context in 3 attempts (busy or pruning build cache); the order was not disproven`,
      { warning: true, evidence: { attempts: attempts.length } },
    );
  });

  // 4. Run the edited image; it must serve the edit over HTTP and report healthy.
  // The file list for step 5 comes from the cold image, the one built from the user's own folder (the
  // edited copy holds only what .dockerignore lets through, so it would prove nothing). It is read
  // from an export while the container runs: the export is the slowest step after the builds.
  const finalStage = target.parsed.stages - 1;
  const copiesContext = target.parsed.instructions.some(
    (i) => i.stage === finalStage && /^(COPY|ADD)$/.test(i.keyword) && !/--from=/.test(i.args),
  );
  // Always listed: a build stage's `COPY . .` can reach the final image through `COPY --from`. Files
  // named like a context secret are hashed, to be found wherever a COPY put them.
  const secrets = await contextSecrets(target.dir, walk.included);
  const listing = engine.exportIndex(tags.cold, labels, hashWantedFor(secrets));
  listing.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  // Never a rejected promise left unhandled: a cancelled export must not crash the cleanup.
  await checkEntryBinary(
    target,
    engine,
    image,
    tags.cold,
    ctx,
    listing.then(
      (index) => index.paths,
      () => new Set<string>(),
    ),
  );
  const kernelUid = await runAndProbe(target, settings, engine, ctx, edit.expectBody);
  report.uid = kernelUid ?? declaredUid;
  steps.check(
    'non-root user',
    report.uid !== undefined && report.uid !== 0,
    report.uid === undefined
      ? `could not resolve user "${image.user}"`
      : `runs as ${image.user || 'root'} (uid ${report.uid}${kernelUid !== undefined ? ', the running process as the kernel sees it' : engine.usernsRemap ? " from the image's USER: user namespaces are remapped" : " from the image's USER"})`,
    { evidence: { kernelUid, declaredUid } },
  );

  // 5. Secrets: what the image holds, against the context's secrets (by shape and by contents) and the
  // paths .dockerignore keeps out; and the image's history. A kept-out path the image's own dependency
  // install creates (node_modules from `npm ci`) is no leak: there, only entries that the image cut at
  // the dependency step does not hold can have come from the context.
  await steps.run('secrets kept out', async () => {
    const { paths: files, hashes } = await listing;
    const workdir = image.workdir.replace(/\/$/, '');
    const names = walk.excluded.length
      ? walk.excluded.slice(0, 20).join(', ') + (walk.excluded.length > 20 ? ', …' : '')
      : 'none present';
    // A final stage that copies nothing from the context directly holds only what build stages made:
    // its own /bin is no ignored ./bin.
    const present = copiesContext ? walk.excluded.filter((rel) => files.has(`${workdir}/${rel}`)) : [];
    const leaked = present.length
      ? await keptOutFromContext(present, { target, engine, build, ctx, dockerfileText, parsed, workdir })
      : [];
    const made = present.filter((rel) => !leaked.includes(rel));
    const ignoredNote = `${walk.excluded.length} ignored paths absent (${names})${made.length ? `; ${made.join(', ')} only as the image's own build made it` : ''}`;
    const verdict = judgeSecrets({
      secrets,
      files,
      hashes,
      workdir,
      history: await ownHistory(engine, tags.cold, finalBaseImage(target)),
      ignoredLeaked: leaked,
      ignoredNote,
    });
    steps.check('secrets kept out', verdict.ok, verdict.detail, {
      warning: verdict.warning,
      evidence: verdict.evidence,
    });
  });

  // 6. Sizes.
  report.imageBytes = (await engine.inspectImage(tags.cold)).size;
  report.baseImage = finalBaseImage(target);
  report.baseImageBytes =
    report.baseImage === 'scratch'
      ? 0
      : await engine.inspectImage(report.baseImage).then(
          (base) => base.size,
          () => undefined,
        );
}

async function runAndProbe(
  target: Target,
  settings: VerifySettings,
  engine: Engine,
  ctx: Context,
  expectBody: string | undefined,
): Promise<number | undefined> {
  const { steps, report, tags, labels } = ctx;
  const name = `slim-docker-verify-${labels[VERIFY_LABEL]}`;
  // On the host network the probe reaches whatever holds the port: it must be free before the run
  // (nothing may answer there) and answer no more once the container has stopped (see below).
  const hostNetwork = engine.network === 'host';
  if (hostNetwork && (!(await portIsFree(target.port)) || (await get(`http://127.0.0.1:${target.port}/`, 1000)))) {
    steps.check(
      'http',
      false,
      `port ${target.port} is already in use on this machine; with --network host the container needs it free (stop what holds it, or regenerate with --port)`,
    );
    return undefined;
  }
  await steps.run('run the edited image', () =>
    engine.runDetached({ image: tags.edited, name, labels, port: target.port, envFile: settings.envFile }),
  );
  const kernelUid = await engine.processUid(name);
  const hostPort = await engine.hostPort(name, target.port);
  const image = await engine.inspectImage(tags.edited);
  const paths = probePaths({
    httpPath: settings.httpPath,
    // Our sample must serve its (edited) greeting on /.
    samplePath: target.sample ? (target.pack?.verification.smokePath ?? '/') : undefined,
    healthcheck: healthcheckPath(image.healthcheck),
    routes: target.routes,
  });
  const baseUrl = `http://127.0.0.1:${hostPort}`;
  const exited = async () => {
    const state = await engine.containerState(name);
    return state.running ? undefined : `the container exited with code ${state.exitCode}`;
  };
  const verdict = await steps.run(`GET ${baseUrl}${paths.length > 1 ? ` (${paths.join(', ')})` : paths[0]}`, () =>
    probeHttp({ baseUrl, paths, timeoutSeconds: settings.timeoutSeconds, stop: exited }),
  );
  const evidence: Record<string, unknown> = { probes: verdict.probes };
  if (verdict.kind !== 'pass') {
    // Say why: the app's own log lines that explain it, the tail, and the whole log in a file.
    const logs = await engine.logs(name);
    const explanation = explain(logs);
    const logFile = await saveLog(labels[VERIFY_LABEL], 'container', logs);
    const need = serviceFromLog(logs, target.services);
    // Only an app still running without answering may be waiting for a service; one that exited said why.
    const waitingFor =
      verdict.kind === 'no-answer' && (await engine.containerState(name)).running
        ? describeDetectedServices(target.services)
        : undefined;
    if (need) report.needsService = { service: need.service, envVar: need.envVar };
    Object.assign(evidence, { causes: explanation.causes, logFile, ...(need && { service: need }) });
    const cause = need?.line ?? explanation.causes[0];
    const why = cause ? `\n    why: ${cause}` : '';
    const serverError =
      verdict.kind === 'server-error'
        ? `GET ${describeProbe(verdict.probe)}: ${verdict.probe.firstLine || '(empty body)'}`
        : undefined;
    const detail = need
      ? `${serverError ? `${serverError}; ` : ''}${describeServiceNeed(need)}${why}`
      : verdict.kind === 'server-error'
        ? `${serverError}${why}`
        : verdict.kind === 'not-found'
          ? `no path answered 2xx/3xx (tried ${describeProbes(verdict.probes)}); pass --http-path PATH with a path your app serves${why}`
          : `${verdict.reason}${waitingFor ? `; ${waitingFor}` : ''}${why}`;
    steps.check('http', false, detail, { evidence });
    ctx.log(formatExplanation(explanation, logFile));
    // An app bound to 127.0.0.1 behind a published port answers nothing: the socket table says so.
    if (!hostNetwork && (await engine.containerState(name)).running)
      await checkListen(engine, name, image, target.port, { hostNetwork, answered: false, via: baseUrl }, steps);
    return kernelUid;
  }
  report.httpStatus = verdict.probe.status;
  report.httpBody = verdict.body.slice(0, 500);
  // The edited greeting is on the sample's own page; another path (--http-path) only has to answer.
  const bodyOk =
    expectBody === undefined ||
    verdict.probe.path !== (target.pack?.verification.smokePath ?? '/') ||
    verdict.body.includes(expectBody);
  steps.check(
    'http',
    bodyOk,
    `GET ${describeProbe(verdict.probe)}${expectBody && verdict.probe.path === (target.pack?.verification.smokePath ?? '/') ? (bodyOk ? `, serves the edited greeting "${expectBody}"` : `, body lacks "${expectBody}": ${JSON.stringify(report.httpBody)}`) : ''}`,
    { evidence },
  );
  await checkListen(engine, name, image, target.port, { hostNetwork, answered: true, via: baseUrl }, steps);

  if (!image.hasHealthcheck) {
    steps.check('healthcheck', false, 'the image has no HEALTHCHECK');
  } else {
    const health = await steps.run('HEALTHCHECK', () =>
      poll({
        timeoutSeconds: settings.timeoutSeconds,
        intervalMs: 500,
        attempt: async () => {
          const s = await engine.containerState(name);
          return s.health === 'healthy' ? s.health : undefined;
        },
        stop: async () => {
          const s = await engine.containerState(name);
          return s.health === 'unhealthy' ? 'reported unhealthy' : s.running ? undefined : 'the container exited';
        },
      }),
    );
    steps.check(
      'healthcheck',
      health.value === 'healthy',
      health.value ? 'reached healthy' : (health.reason ?? 'not healthy'),
    );
  }

  const before = await engine.containerState(name);
  if (!before.running) {
    steps.check(
      'stops on SIGTERM',
      false,
      `the container had already exited (code ${before.exitCode}) before SIGTERM was sent`,
    );
    return kernelUid;
  }
  const stopSeconds = await steps.run(`docker stop (SIGTERM, ${STOP_GRACE_SECONDS} s grace)`, () =>
    engine.stop(name, STOP_GRACE_SECONDS),
  );
  report.stopSeconds = round(stopSeconds, 3);
  await checkStop(engine, name, report.stopSeconds, steps);
  if (hostNetwork) {
    // Whatever answered must have been the container: once it is gone, the port must be silent.
    const after = await get(`${baseUrl}${verdict.probe.path}`, 1000);
    steps.check(
      'answered by the container',
      after === undefined,
      after
        ? `127.0.0.1:${hostPort} still answers (${after.status}) after the container stopped: another process on this machine served these requests`
        : `127.0.0.1:${hostPort} is silent once the container stopped`,
    );
  }
  return kernelUid;
}

/** The address the app bound its port to, from the container's socket table (listen.ts). */
async function checkListen(
  engine: Engine,
  name: string,
  image: ImageInfo,
  port: number,
  probe: { hostNetwork: boolean; answered: boolean; via: string },
  steps: Steps,
): Promise<void> {
  const found = await containerSockets(engine, name, image.entrypoint[0] ?? image.cmd[0]);
  const verdict = judgeListen({ port, ...found, ...probe });
  steps.check(LISTEN_CHECK, verdict.ok, verdict.detail, {
    warning: verdict.warning,
    evidence: { sockets: found.sockets?.filter((socket) => socket.port === port), unreadable: found.unreadable },
  });
}

/**
 * The stop verdict comes from the engine's record of how the process ended, not from wall time: an
 * exit by itself after SIGTERM passes (slow is a warning on a loaded machine); exit status 137
 * (SIGKILL) with no OOM kill after the whole grace period means SIGTERM was ignored.
 */
async function checkStop(engine: Engine, name: string, seconds: number, steps: Steps): Promise<void> {
  const exit = await engine.containerExit(name);
  const killed = exit.exitCode === 137 && !exit.oomKilled && seconds >= STOP_GRACE_SECONDS - 0.5;
  const evidence = { exitCode: exit.exitCode, oomKilled: exit.oomKilled, seconds, killed };
  if (exit.oomKilled)
    return void steps.check(
      'stops on SIGTERM',
      false,
      `the kernel killed it for lack of memory (OOMKilled, exit ${exit.exitCode})`,
      { evidence },
    );
  if (killed) {
    return void steps.check(
      'stops on SIGTERM',
      false,
      `ignored SIGTERM and was killed after the ${STOP_GRACE_SECONDS} s grace period (exit 137): PID 1 is a shell (shell-form CMD) or has no SIGTERM handler`,
      { evidence },
    );
  }
  const how =
    exit.exitCode === 0
      ? 'exited 0'
      : exit.exitCode === 143
        ? 'ended by SIGTERM (exit 143)'
        : `exited with code ${exit.exitCode}`;
  const slow = seconds >= SLOW_STOP_SECONDS;
  steps.check(
    'stops on SIGTERM',
    true,
    `${how}, ${seconds} s after SIGTERM${slow ? ': slow, but it stopped by itself (a busy machine, or a slow shutdown handler)' : ': SIGTERM reached the server (PID 1, or under an init such as tini)'}`,
    { warning: slow, evidence },
  );
}

/**
 * A problem the image's programs show by themselves (the pack knows what to look for, e.g. a Go
 * binary built without the cgo it needs). Every word of ENTRYPOINT + CMD that names a file in the
 * image is read (relative ones against WORKDIR, bare names along the image's PATH, links followed),
 * so `tini -- ./server` or `["server"]` are inspected too.
 */
async function checkEntryBinary(
  target: Target,
  engine: Engine,
  image: ImageInfo,
  ref: string,
  ctx: Context,
  files: Promise<Set<string>>,
): Promise<void> {
  const inspect = target.pack?.verification.entryBinaryProblem;
  if (!inspect) return;
  const paths = await files;
  const workdir = image.workdir.replace(/\/$/, '');
  const pathDirs = (
    image.env.find((entry) => entry.startsWith('PATH='))?.slice(5) ??
    '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  ).split(':');
  const resolve = (word: string) =>
    word.startsWith('/')
      ? [word]
      : word.includes('/')
        ? [`${workdir}/${word.replace(/^\.\//, '')}`]
        : pathDirs.map((dir) => `${dir.replace(/\/$/, '')}/${word}`);
  const candidates = [
    ...new Set(
      [...image.entrypoint, ...image.cmd]
        .filter((word) => word && !word.startsWith('-') && !/\s/.test(word))
        .flatMap(resolve),
    ),
  ]
    .filter((path) => paths.has(path))
    .slice(0, 4);
  const inspected: string[] = [];
  for (const path of candidates) {
    const bytes = await engine.readFileBytes(ref, path, ctx.labels).catch(() => undefined);
    if (!bytes?.length) continue;
    inspected.push(path);
    const problem = inspect(bytes);
    if (problem)
      return void ctx.steps.check('runtime traps', false, `${path}: ${problem}`, { evidence: { inspected } });
  }
  if (inspected.length)
    ctx.steps.check('runtime traps', true, `${inspected.join(', ')}: no known trap in the build`, {
      evidence: { inspected },
    });
  else
    ctx.steps.check(
      'runtime traps',
      true,
      `no program of ENTRYPOINT/CMD (${[...image.entrypoint, ...image.cmd].join(' ') || 'none'}) found in the image to inspect`,
      { warning: true },
    );
}

/**
 * The uid the image's USER names, read from the image without running anything in it (a numeric
 * USER as it is; a name through the image's /etc/passwd). The running process is asked later.
 */
async function resolveUid(
  engine: Engine,
  ref: string,
  image: ImageInfo,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const user = (image.user || 'root').split(':')[0];
  if (/^\d+$/.test(user)) return Number(user);
  const passwd = await engine.readFile(ref, '/etc/passwd', labels);
  const line = passwd?.split('\n').find((entry) => entry.split(':')[0] === user);
  return line ? Number(line.split(':')[2]) : undefined;
}

/**
 * Copies the context and edits it like the seed: the sample's greeting, else a source file of the
 * app that the image really holds, edited so that what the image runs changes (the pack decides
 * how: a comment for interpreted code, an init for a compiled Go command).
 */
async function makeEditedCopy(
  target: Target,
  included: string[],
  into: string,
  runId: string,
): Promise<{ file: string; expectBody?: string; reachesImage: boolean }> {
  await copyContext(target.dir, included, into);
  if (target.sample) {
    const path = join(into, target.sample.file);
    const text = await readFile(path, 'utf8');
    const edited = `${target.sample.greeting.replace(/!$/, '')}${EDIT_SUFFIX}`;
    await writeFile(path, text.replace(target.sample.greeting, edited));
    return { file: target.sample.file, expectBody: edited, reachesImage: true };
  }
  const pack = target.pack;
  if (!pack) return { file: 'no source file (language unknown)', reachesImage: false };
  const extension = pack.verification.sourceExtension;
  const inEntryDir = (file: string) =>
    target.entryDir
      ? file.startsWith(`${target.entryDir}/`) && !file.slice(target.entryDir.length + 1).includes('/')
      : !file.includes('/');
  const entry =
    target.editCandidates.find((file) => included.includes(file)) ??
    // Another source file of the entry point's own package/folder (e.g. Go's cmd/api/server.go).
    included.find((file) => file.endsWith(extension) && inEntryDir(file) && !/_test\.go$|\.test\.|\.spec\./.test(file));
  if (!entry) return { file: `no ${extension} file of the entry point in the build context`, reachesImage: false };
  const path = join(into, entry);
  await writeFile(
    path,
    pack.verification.editSource(await readFile(path, 'utf8'), `edited by slim-docker verify ${runId}`),
  );
  return { file: entry, reachesImage: true };
}

async function sizeOf(dir: string, walk: ContextWalk): Promise<number> {
  let total = 0;
  for (const rel of walk.included) total += (await stat(join(dir, rel)).catch(() => ({ size: 0 }))).size;
  return total;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
