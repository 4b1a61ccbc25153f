/**
 * A build that failed on the network, not on the Dockerfile: a name that did not resolve for a moment,
 * a connection reset or timed out while a package downloaded. Seen on the default bridge under load
 * (`Temporary failure resolving 'deb.debian.org'` while apt fetched tini). Such a failure is retried
 * once by the verifier; the same failure twice is reported as the build's, with its cause.
 */
const TRANSIENT = [
  /Temporary failure (?:in name )?resolution|Temporary failure resolving '[^']+'/,
  /getaddrinfo EAI_AGAIN \S+/,
  /Could not resolve host:? \S+/,
  /dial tcp: lookup \S+ on \S+: (?:read udp|i\/o timeout|server misbehaving)[^\n]*/,
  /\b(?:ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT)\b[^\n]*/,
  /Connection (?:reset by peer|timed out)[^\n]*/,
  /TLS handshake timeout/,
];

/** The line that shows a build failed on the network for a moment (undefined: it did not). */
export function transientNetworkCause(output: string): string | undefined {
  for (const pattern of TRANSIENT) {
    const match = pattern.exec(output);
    if (match) return match[0].trim().slice(0, 200);
  }
  return undefined;
}
