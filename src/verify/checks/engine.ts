import type { EngineInfo } from '../engines/index.js';
import type { VerifyRun } from '../run.js';

/** The engine answers (with BuildKit when the Dockerfile mounts); its build cache is noted for cleanup. */
export async function engineCheck(run: VerifyRun): Promise<void> {
  const { engine, steps, target, report } = run;
  const info = await steps.run(
    `engine ${engine.command}`,
    () => engine.probe(/--mount=/.test(target.dockerfileText)),
    'engine',
  );
  // What the builder's cache holds now: the records this run adds are removed with its images.
  run.cacheBefore = { at: Date.now(), records: await engine.buildCache() };
  report.engine = describe(info);
  report.engineKind = info.kind;
  steps.check('engine', true, report.engine);
}

const describe = (info: EngineInfo) =>
  `${info.command} (${info.rootless ? 'rootless ' : ''}${info.kind} client ${info.client}, server ${info.server}, ${info.buildkit ? (info.podman ? 'buildah' : 'BuildKit') : 'legacy builder'})`;
