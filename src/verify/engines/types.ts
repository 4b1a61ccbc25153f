/**
 * What verification needs from a container engine, whichever one it is (Docker or Podman): one
 * interface, implemented once per engine by an adapter (docker.ts, podman.ts) over a shared CLI runner.
 */
import { basename } from 'node:path';
import type { ResultPromise } from 'execa';
import type { Parser as TarParser } from 'tar';

export const VERIFY_LABEL = 'org.slim-docker.verify';

export type EngineKind = 'docker' | 'podman';

/** The engine a command names before it answers: podman (podman, podman-remote, …), else docker. */
export const kindByName = (command: string): EngineKind => (basename(command).includes('podman') ? 'podman' : 'docker');

/** A Docker client before 23 (Debian's 20.10): BuildKit built in, but `docker build` uses the legacy builder by default. */
export function dockerClientBefore23(client: string | undefined): boolean {
  const major = Number(client?.split('.')[0]);
  return major > 0 && major < 23;
}

export interface EngineInfo {
  command: string;
  client: string;
  server: string;
  /** Which engine answered (podman's docker shim answers as podman). */
  kind: EngineKind;
  podman: boolean;
  buildkit: boolean;
  /** Podman without root: containers' uids map to a subordinate range on the host. */
  rootless: boolean;
}

export interface ImageInfo {
  id: string;
  size: number;
  user: string;
  workdir: string;
  exposedPorts: string[];
  layers: string[];
  hasHealthcheck: boolean;
  /** The HEALTHCHECK test as the image holds it (["CMD", ...] or ["CMD-SHELL", "..."]). */
  healthcheck: string[];
  entrypoint: string[];
  cmd: string[];
  /** The image's environment (`KEY=value`), e.g. its PATH. */
  env: string[];
}

/** One record of the builder's cache (`docker system df -v`). */
export interface CacheRecord {
  id: string;
  description: string;
  /** "regular", or "exec.cachemount" for RUN --mount=type=cache (package caches: kept on purpose). */
  type: string;
  shared: boolean;
  inUse: boolean;
  createdAt: number;
}

/** How a container ended, from the engine's own record. */
export interface ContainerExit {
  exitCode: number;
  oomKilled: boolean;
  /** Seconds from StartedAt to FinishedAt (undefined when the engine's clock fields are missing). */
  ranSeconds?: number;
  finishedAt: string;
}

export interface ContainerState {
  running: boolean;
  exitCode: number;
  /** "starting", "healthy", "unhealthy", or "" when the container has no health check. */
  health: string;
}

export interface BuildResult {
  seconds: number;
  output: string;
}

export interface BuildOptions {
  context: string;
  dockerfile: string;
  tag: string;
  labels: Record<string, string>;
  noCache?: boolean;
  timeoutSeconds?: number;
  lines?: (line: string) => void;
  secrets?: { id: string; src: string }[];
}

export interface RunOptions {
  image: string;
  name: string;
  labels: Record<string, string>;
  port: number;
  envFile?: string;
  /** Variables set with -e (after --env-file). */
  env?: Record<string, string>;
}

export interface ExecOptions {
  timeoutSeconds?: number;
  input?: string;
  lines?: (line: string) => void;
  cancellable?: boolean;
}

export class EngineError extends Error {
  /** The verification step that failed (e.g. "cold build"), set by the caller that knows it. */
  step?: string;

  constructor(
    message: string,
    readonly output = '',
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** A container engine as verification drives it. Every call is bounded in time and cancellable. */
export interface Engine {
  readonly kind: EngineKind;
  readonly command: string;
  readonly network: string | undefined;
  readonly podman: boolean;
  /** Set by probe(): whether builds go through BuildKit (docker) or buildah (podman), not the legacy builder. */
  buildkit: boolean;
  /** Set by probe(): host uids are not the container's (docker --userns-remap, rootless podman). */
  usernsRemap: boolean;
  /** Runs the CLI with these arguments (bounded; never rejects: the result says how it ended). */
  exec(args: string[], options?: ExecOptions): ResultPromise;
  /** Versions and capabilities; fails clearly when the CLI is missing or the engine does not answer. */
  probe(needsBuildKit: boolean, timeoutSeconds?: number): Promise<EngineInfo>;
  build(opts: BuildOptions): Promise<BuildResult>;
  inspectImage(ref: string): Promise<ImageInfo>;
  imageExists(ref: string): Promise<boolean>;
  runDetached(opts: RunOptions): Promise<void>;
  /** Host port that reaches the container's port (the port itself on the host network). */
  hostPort(name: string, port: number): Promise<number>;
  containerState(name: string): Promise<ContainerState>;
  logs(name: string): Promise<string>;
  /** The uid of the container's main process inside its user namespace, as the kernel records it. */
  processUid(name: string): Promise<number | undefined>;
  containerPid(name: string): Promise<number | undefined>;
  execCat(name: string, path: string): Promise<string | undefined>;
  containerExit(name: string): Promise<ContainerExit>;
  stop(name: string, graceSeconds?: number): Promise<number>;
  history(ref: string): Promise<string[]>;
  listFiles(image: string, labels: Record<string, string>): Promise<Set<string>>;
  exportIndex(
    image: string,
    labels: Record<string, string>,
    hashWanted?: (path: string) => boolean,
  ): Promise<{ paths: Set<string>; hashes: Map<string, string> }>;
  /** Streams `save IMAGE` (a tar holding every layer's tar, the base image's too) into the parser. */
  saveImage(image: string, parser: TarParser): Promise<void>;
  readFile(image: string, path: string, labels: Record<string, string>): Promise<string | undefined>;
  readFileBytes(image: string, path: string, labels: Record<string, string>): Promise<Buffer | undefined>;
  cleanup(runId: string, keep?: string): Promise<{ containers: string[]; images: string[] }>;
  /** The builder's cache records, or undefined when this engine cannot list them. */
  buildCache(): Promise<CacheRecord[] | undefined>;
  pruneCache(ids: string[]): Promise<boolean>;
  tag(source: string, target: string): Promise<void>;
}
