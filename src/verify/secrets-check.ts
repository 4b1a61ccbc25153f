/**
 * The secrets check looks at what the image really holds, so it can fail: every file of the build
 * context that is a secret by its shape (dotenv, private keys, cloud and registry credentials,
 * Terraform state) or by its contents (a token in a copied config file) must be absent from the
 * image's filesystem, and no build argument or command in the image's history may carry one.
 * Secrets that were only sent to the builder (not in the image) are a warning: they belong in
 * .dockerignore too.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  isConfigLike,
  isCredentialFile,
  redact,
  secretContent,
  secretInHistory,
  secretPath,
  secretTokens,
} from '../secrets.js';
import type { LayerHit } from './layer-scan.js';

export interface ContextSecret {
  rel: string;
  why: string;
  /** SHA-256 of the file, to find it in the image wherever a COPY put it (undefined past 8 MB). */
  hash?: string;
  /** The file's size in bytes (only files of this size are hashed in the image's layers). */
  size?: number;
  /** Values that betray it inside any other file (see secretTokens); never shown. */
  tokens?: { label: string; value: string }[];
}

const MAX_READ_FILES = 300;
const MAX_READ_BYTES = 256 * 1024;

/** Secrets among the files the engine receives: by name, then (bounded) by contents. */
export async function contextSecrets(dir: string, included: readonly string[]): Promise<ContextSecret[]> {
  const found: ContextSecret[] = [];
  let read = 0;
  for (const rel of included) {
    const byName = secretPath(rel);
    if (byName) {
      const text = await head(join(dir, rel));
      found.push({ rel, why: byName, ...(await hashOf(join(dir, rel))), tokens: text ? secretTokens(text) : [] });
      continue;
    }
    if (!(isCredentialFile(rel) || isConfigLike(rel)) || read >= MAX_READ_FILES) continue;
    read++;
    const text = await head(join(dir, rel));
    const byContent = text === undefined ? undefined : secretContent(rel, text);
    if (byContent) found.push({ rel, why: byContent, ...(await hashOf(join(dir, rel))), tokens: secretTokens(text!) });
  }
  return found;
}

/**
 * Opens a context file for reading only when it is a regular file: without blocking (a FIFO would
 * block open() for ever), checked on the open handle so nothing can be swapped in between, and never
 * through a symlink (the engine receives the link, not its target, which may be outside the project).
 */
async function openRegular(path: string) {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW).catch(
    () => undefined,
  );
  if (!handle) return undefined;
  const info = await handle.stat().catch(() => undefined);
  if (info?.isFile()) return { handle, size: info.size };
  await handle.close();
  return undefined;
}

async function hashOf(path: string): Promise<{ hash?: string; size?: number }> {
  const opened = await openRegular(path);
  if (!opened) return {};
  try {
    // An empty file is no secret to find: every empty file would match it.
    if (opened.size > 8e6 || opened.size === 0) return {};
    const bytes = await opened.handle.readFile();
    return { hash: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  } finally {
    await opened.handle.close();
  }
}

/** The first bytes of a regular file (never a FIFO, socket or device, nor through a link to one). */
async function head(path: string): Promise<string | undefined> {
  const opened = await openRegular(path);
  if (!opened) return undefined;
  try {
    const buffer = Buffer.alloc(MAX_READ_BYTES);
    const { bytesRead } = await opened.handle.read(buffer, 0, MAX_READ_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await opened.handle.close();
  }
}

/**
 * Where a context secret landed in the image: a file with the same name and the same bytes, wherever
 * a COPY put it (`COPY src/ .` puts src/.env at /app/.env); without a hash, the same relative path.
 */
export function imagePathOf(
  files: ReadonlySet<string>,
  hashes: ReadonlyMap<string, string>,
  workdir: string,
  secret: ContextSecret,
): string | undefined {
  if (secret.hash) {
    const name = basename(secret.rel);
    for (const [path, hash] of hashes) if (hash === secret.hash && basename(path) === name) return path;
    return undefined;
  }
  const direct = `${workdir.replace(/\/$/, '')}/${secret.rel}`;
  return files.has(direct) ? direct : undefined;
}

/** Which image files to hash: those named like a context secret. */
export const hashWantedFor = (secrets: readonly ContextSecret[]) => {
  const names = new Set(secrets.map((secret) => basename(secret.rel)));
  return (path: string) => names.has(basename(path));
};

export interface SecretsVerdict {
  ok: boolean;
  warning: boolean;
  detail: string;
  evidence: { inImage: string[]; inHistory: string[]; sentOnly: string[] };
}

export function judgeSecrets(input: {
  secrets: readonly ContextSecret[];
  files: ReadonlySet<string>;
  hashes: ReadonlyMap<string, string>;
  workdir: string;
  history: readonly string[];
  /** Context secrets found by content in the image's layers (renamed, or removed by a later layer). */
  layerHits?: readonly LayerHit<ContextSecret>[];
  /** The existing "ignored paths absent" verdict, folded into one check. */
  ignoredLeaked: readonly string[];
  ignoredNote: string;
}): SecretsVerdict {
  const inImage: string[] = [];
  const sentOnly: string[] = [];
  for (const secret of input.secrets) {
    const at = imagePathOf(input.files, input.hashes, input.workdir, secret);
    // The place still in the final filesystem first, then the same bytes, then a value found.
    const rank = (hit: LayerHit<ContextSecret>) =>
      (input.files.has(hit.path) ? 0 : 2) + (hit.how === 'its bytes' ? 0 : 1);
    const hit = input.layerHits
      ?.filter((candidate) => candidate.secret === secret)
      .sort((a, b) => rank(a) - rank(b))[0];
    if (at) inImage.push(`${secret.rel} (${secret.why}) at ${at}`);
    else if (hit)
      inImage.push(
        `${secret.rel} (${secret.why}) as ${hit.path}${input.files.has(hit.path) ? '' : ' in a layer (removed later, still in the layer)'}, found by ${hit.how}`,
      );
    else sentOnly.push(secret.rel);
  }
  const inHistory = input.history
    .map((line) => secretInHistory(line) && `${secretInHistory(line)}: ${redact(line).slice(0, 160)}`)
    .filter((line): line is string => Boolean(line));
  const problems = [
    ...input.ignoredLeaked.map((rel) => `${rel} (kept out by .dockerignore) is inside the image`),
    ...inImage.map((line) => `inside the image: ${line}`),
    ...inHistory.map((line) => `in the image history: ${line}`),
  ];
  const sentNote = sentOnly.length
    ? `; sent to the builder but not in the image: ${sentOnly.join(', ')} (add them to .dockerignore)`
    : '';
  return {
    ok: problems.length === 0,
    warning: problems.length === 0 && sentOnly.length > 0,
    detail: problems.length
      ? problems.join('; ')
      : `no secret-shaped file or token from the context in the image or its history; ${input.ignoredNote}${sentNote}`,
    evidence: { inImage, inHistory, sentOnly },
  };
}
