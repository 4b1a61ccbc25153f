/** The verification report: JSON for machines (--report); verdict.ts renders it for people. */
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes the --report file atomically: a new file beside it, renamed over the path. A symlink at the
 * path (one a cloned repository planted as report.json) is replaced, never written through, so the
 * report cannot overwrite a file elsewhere.
 */
export async function writeReportFile(path: string, text: string): Promise<void> {
  const target = resolve(path);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temp, text, { flag: 'wx', mode: 0o644 });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** Passed, but with something the user should know (e.g. a clean but slow stop on a loaded machine). */
  warning?: boolean;
  /**
   * What the verdict rests on: http {probes: [{path, status}]}, stop {exitCode, oomKilled, seconds,
   * killed}, failures {causes, logFile} (the explaining log lines and the full log's path) …
   */
  evidence?: Record<string, unknown>;
}

/** The version of schemas/verify-report-v1.schema.json the --report JSON follows. */
export const REPORT_VERSION = 1;

export interface Report {
  reportVersion: typeof REPORT_VERSION;
  ok: boolean;
  /** The verified image when --keep-image kept it; otherwise every image of the run was removed. */
  image?: string;
  engine: string;
  /** Which adapter ran it. */
  engineKind?: 'docker' | 'podman';
  /** The network builds and containers used; absent on the engine's default (Docker's bridge). */
  network?: string;
  dockerfile: string;
  coldBuildSeconds?: number;
  rebuildSeconds?: number;
  imageBytes?: number;
  baseImage?: string;
  baseImageBytes?: number;
  user?: string;
  uid?: number;
  exposedPorts?: string[];
  httpStatus?: number;
  httpBody?: string;
  stopSeconds?: number;
  contextBytes?: number;
  /** A service the app could not reach (a database, Redis): why it is not verified, not that it is broken. */
  needsService?: {
    service: string;
    envVar?: string;
    setting?: string;
    /** The other services detection named, "Elasticsearch (elasticsearch.hosts in production.ini)". */ others?: string[];
  };
  checks: Check[];
}
