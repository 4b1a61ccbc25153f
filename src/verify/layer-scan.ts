/**
 * Secrets by content, in every layer: `save` streams the image as a tar of its layers (each a tar,
 * gzipped by some stores), and every file of every layer is matched against the context's secrets
 * by their bytes (a SHA-256, computed only for files of a secret's exact size) and by their token
 * values (searched in files of at most 256 KB). So a `RUN mv .env settings.txt` or a `COPY . .`
 * followed by `RUN rm .env` (the file is still in the COPY's layer) is found, whatever its name.
 * Nothing is written to disk; the image's files are never kept.
 */
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { Parser as TarParser, type ReadEntry } from 'tar';

/** What the scan needs of a secret (a context secret: see secrets-check.ts). */
export interface Scannable {
  hash?: string;
  size?: number;
  tokens?: { label: string; value: string }[];
}

export interface LayerHit<S extends Scannable = Scannable> {
  secret: S;
  /** The file's path in the layer (absolute). */
  path: string;
  /** "its bytes", "its value of KEY" or "a GitHub token it holds". */
  how: string;
}

const TOKEN_SCAN_BYTES = 256 * 1024;
const HASH_BYTES = 8e6;

/**
 * A tar parser for `save`'s output and the hits it found once `done()` resolves (after the stream
 * ended: layers still being unzipped are waited for).
 */
export function layerScanner<S extends Scannable>(
  secrets: readonly S[],
): {
  parser: TarParser;
  done: () => Promise<LayerHit<S>[]>;
} {
  const bySize = new Map<number, S[]>();
  for (const secret of secrets)
    if (secret.hash && secret.size) bySize.set(secret.size, [...(bySize.get(secret.size) ?? []), secret]);
  const tokens = secrets.flatMap((secret) =>
    (secret.tokens ?? []).map((token) => ({ secret, label: token.label, value: Buffer.from(token.value) })),
  );
  // Every place, a few per secret: the verdict names the one still in the final filesystem first.
  const hits: LayerHit<S>[] = [];
  const record = (hit: LayerHit<S>) => {
    const same = hits.filter((known) => known.secret === hit.secret);
    if (same.length < 10 && !same.some((known) => known.path === hit.path && known.how === hit.how)) hits.push(hit);
  };
  const layers: Promise<void>[] = [];

  const fileOf = (entry: ReadEntry) => {
    const path = `/${entry.path.replace(/^\.?\/+/, '')}`;
    const size = entry.size ?? 0;
    const sameSize = entry.type === 'File' && size <= HASH_BYTES ? bySize.get(size) : undefined;
    const scan = entry.type === 'File' && size <= TOKEN_SCAN_BYTES && tokens.length > 0;
    if (!sameSize && !scan) return entry.resume();
    const hash = sameSize ? createHash('sha256') : undefined;
    const chunks: Buffer[] = [];
    entry.on('data', (chunk: Buffer) => {
      hash?.update(chunk);
      if (scan) chunks.push(chunk);
    });
    entry.on('end', () => {
      const digest = hash?.digest('hex');
      for (const secret of sameSize ?? []) if (secret.hash === digest) record({ secret, path, how: 'its bytes' });
      if (!scan) return;
      const bytes = Buffer.concat(chunks);
      for (const token of tokens)
        if (bytes.includes(token.value)) record({ secret: token.secret, path, how: token.label });
    });
  };

  /** One entry of the outer tar: a layer (a tar, or a gzipped tar) is parsed; anything else skipped. */
  const layerOf = (entry: ReadEntry) => {
    if (entry.type !== 'File') return entry.resume();
    const head: Buffer[] = [];
    let length = 0;
    let sink: { write(chunk: Buffer): unknown; end(): unknown } | undefined;
    let decided = false;
    const decide = () => {
      decided = true;
      const first = Buffer.concat(head);
      const gzip = first[0] === 0x1f && first[1] === 0x8b;
      const tar = first.length >= 262 && first.toString('latin1', 257, 262) === 'ustar';
      if (!gzip && !tar) return;
      const inner = new TarParser({ onReadEntry: fileOf });
      layers.push(new Promise<void>((resolve) => inner.on('end', resolve).on('error', () => resolve())));
      if (gzip) {
        const gunzip = createGunzip();
        gunzip.on('data', (chunk: Buffer) => inner.write(chunk));
        gunzip.on('end', () => inner.end());
        gunzip.on('error', () => inner.end());
        sink = gunzip;
      } else sink = inner;
      sink.write(first);
    };
    entry.on('data', (chunk: Buffer) => {
      if (decided) return void sink?.write(chunk);
      head.push(chunk);
      length += chunk.length;
      if (length >= 512) decide();
    });
    entry.on('end', () => {
      if (!decided) decide();
      sink?.end();
    });
  };

  const parser = new TarParser({ onReadEntry: layerOf });
  return {
    parser,
    done: async () => {
      await Promise.all(layers);
      return hits;
    },
  };
}
