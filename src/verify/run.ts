/**
 * The context one verification passes from step to step: what the runner sets up, and what each
 * step learns for the ones after it (set in list order; read only by later steps).
 */
import type { ParsedDockerfile } from '../dockerfile-check.js';
import type { ContextWalk } from './context.js';
import type { BuildResult, CacheRecord, Engine, ImageInfo } from './engines/index.js';
import type { Log, Steps } from './progress.js';
import type { Report } from './report.js';
import type { ContextSecret } from './secrets-check.js';
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

export type Build = (
  context: string,
  dockerfile: string,
  tag: string,
  step: string,
  listSteps?: boolean,
) => Promise<BuildResult>;

export interface Tags {
  cold: string;
  edited: string;
  depsCold: string;
  depsEdited: string;
}

/** The container of the edited image (the cold one when the rebuild failed), as the http check started it. */
export interface Container {
  name: string;
  hostPort: number;
  baseUrl: string;
  /** Under --network host the probe reaches whatever holds the port, not only the container. */
  hostNetwork: boolean;
  /** The running image's inspection (its HEALTHCHECK, ENTRYPOINT/CMD). */
  image: ImageInfo;
  /** The running process's uid as the kernel sees it. */
  kernelUid?: number;
  /** The path that answered 2xx/3xx; unset when nothing did (the checks that need an answer are skipped). */
  answeredPath?: string;
  /** Set once `docker stop` has stopped it. */
  stopped?: boolean;
}

export interface VerifyRun {
  readonly target: Target;
  readonly settings: VerifySettings;
  readonly engine: Engine;
  readonly steps: Steps;
  readonly log: Log;
  readonly report: Report;
  readonly runId: string;
  readonly labels: Record<string, string>;
  readonly tags: Tags;
  readonly scratch: string;
  /** Aborted on Ctrl-C/SIGTERM: a step that fails then was interrupted, not at fault. */
  readonly signal?: AbortSignal;
  /** engine: what the builder's cache held before; the records this run adds are removed with its images. */
  cacheBefore?: { at: number; records: CacheRecord[] | undefined };
  /** prepare: the context as the engine sees it, the bounded build, and the run's instrumented Dockerfile. */
  context?: {
    walk: ContextWalk;
    build: Build;
    dockerfile: { path: string; text: string; parsed: ParsedDockerfile };
  };
  /** inspect: the cold image, and the uid its USER names. */
  cold?: { image: ImageInfo; declaredUid?: number };
  /**
   * dependency layers: the edited copy of the context. rebuildFailed: the image of the edited copy
   * failed to build (the cold one had built): the checks after it run the cold image instead.
   */
  edit?: { file: string; expectBody?: string; reachesImage: boolean; rebuildFailed?: boolean };
  /** image files: the context's secrets, and the cold image's file list (read while the container runs). */
  files?: { secrets: ContextSecret[]; listing: Promise<{ paths: Set<string>; hashes: Map<string, string> }> };
  /** http: the running container (unset when it never started). */
  container?: Container;
  /** The image kept under --keep-image (cleanup leaves it). */
  kept?: string;
}

/** One step of the runner's list: records its verdicts (or what later steps need) on the run. */
export type VerifyStep = (run: VerifyRun) => Promise<void>;

/** A value an earlier step sets: missing means the runner's list is out of order, a bug in slim-docker. */
export function after<T>(value: T | undefined, step: string): T {
  if (value === undefined) throw new Error(`verification steps out of order: the ${step} step has not run`);
  return value;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
