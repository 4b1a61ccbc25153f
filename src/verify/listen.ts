/**
 * "Listens on every interface": an app bound to 127.0.0.1 answers only inside its own network
 * namespace, so `docker run -p` reaches nothing. Under --network host the verifier's probe shares
 * that namespace and would get an answer anyway: there, only the kernel's socket table
 * (/proc/<pid>/net/tcp, tcp6) tells which address the app bound. Under a published port (bridge),
 * the probe's answer is the proof; the socket table, when readable, names the address when it fails.
 */
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { basename } from 'node:path';

export interface Listener {
  /** Dotted IPv4 or compressed IPv6 text (0.0.0.0, ::, 127.0.0.1, ::1). */
  address: string;
  port: number;
}

export const LISTEN_CHECK = 'listens on every interface';

/** TCP_LISTEN in the kernel's `st` column. */
const LISTEN_STATE = '0A';

/** One 32-bit word of /proc/net/tcp* as the kernel printed it: host byte order. */
const wordBytes = (hex: string, littleEndian: boolean): number[] => {
  const bytes = [0, 2, 4, 6].map((at) => parseInt(hex.slice(at, at + 2), 16));
  return littleEndian ? bytes.reverse() : bytes;
};

/** An address of /proc/net/tcp (8 hex digits) or tcp6 (32) as text. */
export function decodeAddress(hex: string, littleEndian = endianness() === 'LE'): string {
  if (hex.length === 8) return wordBytes(hex, littleEndian).join('.');
  const bytes = [0, 8, 16, 24].flatMap((at) => wordBytes(hex.slice(at, at + 8), littleEndian));
  // An IPv4-mapped address (::ffff:127.0.0.1) reads as the IPv4 address it carries.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255)
    return `::ffff:${bytes.slice(12).join('.')}`;
  const groups = [0, 2, 4, 6, 8, 10, 12, 14].map((at) => ((bytes[at] << 8) | bytes[at + 1]).toString(16));
  // Compress the longest run of zero groups (RFC 5952), enough for ::, ::1 and ordinary addresses.
  let [bestAt, bestLen] = [-1, 0];
  for (let at = 0; at < 8; at++) {
    let len = 0;
    while (at + len < 8 && groups[at + len] === '0') len++;
    if (len > bestLen && len > 1) [bestAt, bestLen] = [at, len];
  }
  if (bestAt < 0) return groups.join(':');
  return `${groups.slice(0, bestAt).join(':')}::${groups.slice(bestAt + bestLen).join(':')}`;
}

/** The listening sockets of a /proc/net/tcp or tcp6 text (other states, the header and bad lines skipped). */
export function parseProcNetTcp(text: string, littleEndian = endianness() === 'LE'): Listener[] {
  const found: Listener[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const local = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(fields[1] ?? '');
    if (!local || fields[3]?.toUpperCase() !== LISTEN_STATE) continue;
    found.push({ address: decodeAddress(local[1].toUpperCase(), littleEndian), port: parseInt(local[2], 16) });
  }
  return found;
}

export const isWildcard = (address: string) => address === '0.0.0.0' || address === '::';
export const isLoopback = (address: string) =>
  /^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address);

export interface ListenVerdict {
  ok: boolean;
  warning?: boolean;
  detail: string;
}

/**
 * What to change, in one line: the app must bind every interface (0.0.0.0, or HOST read from the
 * environment), with the call in the app's own language (a Rust app is not shown Fastify's).
 */
const LISTEN_EXAMPLES: Record<string, string> = {
  node: "server.listen(port, '0.0.0.0'), Fastify: listen({ port, host: '0.0.0.0' })",
  python: "gunicorn --bind 0.0.0.0:PORT, app.run(host='0.0.0.0'), uvicorn --host 0.0.0.0",
  go: 'http.ListenAndServe(":PORT", …) or r.Run(":PORT"): no host before the colon',
  rust: 'TcpListener::bind("0.0.0.0:PORT")',
  java: 'server.address=0.0.0.0 (Spring Boot binds every interface unless told otherwise)',
};
export const listenFix = (language?: string): string =>
  `make the app listen on 0.0.0.0 (e.g. ${LISTEN_EXAMPLES[language ?? ''] ?? LISTEN_EXAMPLES.node}), or read HOST and set it in the Dockerfile`;

/**
 * The verdict from what the kernel says is listening on the app's port in the container's network
 * namespace (`sockets` undefined: it could not be read, `unreadable` says why).
 */
export function judgeListen(opts: {
  port: number;
  sockets?: Listener[];
  unreadable?: string;
  hostNetwork: boolean;
  /** Did the HTTP probe get an answer (and through which address)? */
  answered: boolean;
  via: string;
  /** The app's language, for the example in the fix. */
  language?: string;
}): ListenVerdict {
  const { port, sockets, hostNetwork, answered, via } = opts;
  const onPort = (sockets ?? []).filter((socket) => socket.port === port);
  const hostPort = (address: string) => `${address.includes(':') ? `[${address}]` : address}:${port}`;
  const addresses = [...new Set(onPort.map((socket) => hostPort(socket.address)))].join(', ');
  if (onPort.some((socket) => isWildcard(socket.address)))
    return { ok: true, detail: `port ${port} is bound to ${addresses}: reachable through docker run -p` };
  if (onPort.length && onPort.every((socket) => isLoopback(socket.address)))
    return {
      ok: false,
      detail: `the app listens on ${addresses} only (loopback): inside a container that answers nobody outside it, so docker run -p ${port}:${port} gets no answer${hostNetwork && answered ? ' (the probe here shares the host network, which is why it answered)' : ''}; ${listenFix(opts.language)}`,
    };
  if (onPort.length)
    return {
      ok: true,
      warning: true,
      detail: `port ${port} is bound to ${addresses} only (not every interface): docker run -p reaches it only when that is the container's own address`,
    };
  // Nothing on the port in the table (or no table): a published port that answered still proves it.
  if (!hostNetwork && answered)
    return {
      ok: true,
      detail: `answered through the published port (${via}), which only reaches an app listening beyond loopback${sockets ? '' : ` (socket table not read: ${opts.unreadable})`}`,
    };
  if (!hostNetwork) return { ok: true, warning: true, detail: `not judged: the app did not answer (see http)` };
  return {
    ok: true,
    warning: true,
    detail: sockets
      ? `no listening socket for port ${port} found in the container's network namespace: the address it binds is unknown`
      : `not checked: ${opts.unreadable}; with --network host the probe reaches an app bound to 127.0.0.1 too, so run without SLIM_DOCKER_NETWORK=host (a published port) to prove it`,
  };
}

/** What verification needs from the engine to read the container's sockets. */
export interface SocketSource {
  containerPid(name: string): Promise<number | undefined>;
  execCat(name: string, path: string): Promise<string | undefined>;
}

/**
 * The container's listening sockets: from the host's /proc/<pid>/net (a local engine; the pid is
 * confirmed to run the image's own program, since a pid of a remote or VM engine means nothing here),
 * else from inside the container (`cat /proc/net/tcp`, which needs a cat in the image).
 */
export async function containerSockets(
  source: SocketSource,
  name: string,
  program: string | undefined,
): Promise<{ sockets?: Listener[]; unreadable?: string }> {
  const read = async (path: string) => readFile(path, 'utf8').catch(() => undefined);
  const pid = await source.containerPid(name);
  const reasons: string[] = [];
  if (pid) {
    // The pid's command line names the image's program (tini, gunicorn, the binary): it is the container's.
    const cmdline = (await read(`/proc/${pid}/cmdline`))?.split('\0').join(' ');
    if (cmdline !== undefined && program && cmdline.includes(basename(program))) {
      const [tcp, tcp6] = await Promise.all([read(`/proc/${pid}/net/tcp`), read(`/proc/${pid}/net/tcp6`)]);
      if (tcp !== undefined || tcp6 !== undefined)
        return { sockets: [...parseProcNetTcp(tcp ?? ''), ...parseProcNetTcp(tcp6 ?? '')] };
      reasons.push(`/proc/${pid}/net/tcp is not readable`);
    } else reasons.push(`the engine's pid ${pid} is not a process on this machine (a remote or VM engine)`);
  } else reasons.push('the engine gave no pid for the container');
  const [tcp, tcp6] = [await source.execCat(name, '/proc/net/tcp'), await source.execCat(name, '/proc/net/tcp6')];
  if (tcp !== undefined || tcp6 !== undefined)
    return { sockets: [...parseProcNetTcp(tcp ?? ''), ...parseProcNetTcp(tcp6 ?? '')] };
  reasons.push('the image has no cat to read /proc/net/tcp from inside');
  return { unreadable: reasons.join(', and ') };
}
