/**
 * Apps that need another service (a database, Redis) cannot answer in a lone verification container.
 * Saying "no answer within 60 s" then is wrong: the image may be fine. This reads the container's log
 * for the ways drivers say they could not reach one (or that the variable naming it is unset), and
 * names the service and the variable in one line, so the user knows what to provide (--env-file).
 */

import { serviceSource, type Service } from '../model.js';

interface Known {
  service: string;
  port: number;
  /** Lines a driver prints when it cannot reach the service (besides "refused … :PORT"). */
  says: RegExp;
}

const KNOWN: readonly Known[] = [
  {
    service: 'PostgreSQL',
    port: 5432,
    says: /could not connect to server|connection to server (at|on) .* failed|psycopg2?\.OperationalError|asyncpg\.|\bpq: |PostgreSQL.*(refused|ECONNREFUSED)|could not translate host name/i,
  },
  {
    service: 'MySQL',
    port: 3306,
    says: /Can't connect to MySQL server|\(2003, |\bER_ACCESS_DENIED|mysql.*ECONNREFUSED/i,
  },
  {
    service: 'Redis',
    port: 6379,
    says: /Error -?\d+ connecting to [\w.-]+:6379|redis\.exceptions\.ConnectionError|\[ioredis\]|Redis connection .* failed|dial tcp [^ ]*:6379/i,
  },
  {
    service: 'MongoDB',
    port: 27017,
    says: /Mongo(ose)?ServerSelectionError|ServerSelectionTimeoutError|MongoNetworkError|uri. parameter to .openUri\(\). must be a string/i,
  },
  { service: 'RabbitMQ', port: 5672, says: /AMQPConnectionError|amqp.*ECONNREFUSED/i },
  { service: 'Elasticsearch', port: 9200, says: /elasticsearch.*(ConnectionError|ECONNREFUSED)/i },
];

const REFUSED = /ECONNREFUSED|connection refused|Connect call failed|Errno 111|actively refused/i;

/** The ports a "refused" line names: host:PORT, ('host', PORT) or "port PORT". */
function refusedPorts(line: string): number[] {
  if (!REFUSED.test(line)) return [];
  return [...line.matchAll(/(?:[\w\]]:|', |port )(\d{2,5})\b/gi)].map((match) => Number(match[1]));
}

/** Unset variables in the words of Python, Django/pydantic settings and hand-written checks. */
const UNSET_VARIABLE = [
  /KeyError: '([A-Z][A-Z0-9_]{2,})'/,
  /Set the ([A-Z][A-Z0-9_]{2,}) environment variable/,
  /\b([A-Z][A-Z0-9_]{2,}) (?:is not set|must be set|is required|environment variable is (?:missing|required|not set))/,
  /(?:missing|required) (?:environment variable|env var)s?:? ['"`]?([A-Z][A-Z0-9_]{2,})/i,
];

/** A service named by a variable's own name (DATABASE_URL → a database; REDIS_URL → Redis). */
const BY_NAME: readonly [RegExp, string][] = [
  [/POSTGRES|^PG|DATABASE|^DB_|_DB_|SQLALCHEMY/, 'a database'],
  [/REDIS/, 'Redis'],
  [/MONGO/, 'MongoDB'],
  [/MYSQL/, 'MySQL'],
  [/AMQP|RABBIT/, 'RabbitMQ'],
];

export interface ServiceFinding {
  service: string;
  /** A file the orchestrator mounts (a Compose/Swarm/Kubernetes secret), not a network service. */
  mounted?: boolean;
  /** The variable that points the app at it, when the code or the log names one. */
  envVar?: string;
  /** Or the config setting that does (sqlalchemy.url in production.ini). */
  setting?: string;
  /** The log line that shows it (shown after the verdict). */
  line: string;
}

/** The service the app failed to reach, from its log; detected services supply the variable's name. */
export function serviceFromLog(log: string, detected: readonly Service[] = []): ServiceFinding | undefined {
  // Lines that start at the margin first: an indented one is a traceback's source line, not the error.
  const all = log.split('\n');
  const order = [...all.keys()].sort((a, b) => Number(/^\s/.test(all[a])) - Number(/^\s/.test(all[b])));
  const lines = order.map((index) => all[index]);
  const variableFor = (service: string) =>
    detected.find((found) => found.service === service)?.envVar ??
    (detected.length === 1 && service === 'a database' ? detected[0].envVar : undefined);
  const settingFor = (service: string) => detected.find((found) => found.service === service)?.setting;
  for (const line of lines) {
    for (const known of KNOWN) {
      if (refusedPorts(line).includes(known.port) || known.says.test(line)) {
        const [envVar, setting] = [variableFor(known.service), settingFor(known.service)];
        return { service: known.service, envVar, ...(!envVar && setting && { setting }), line: line.trim() };
      }
    }
  }
  for (const line of lines) {
    const secret = /(\/run\/secrets\/[\w.-]+)/.exec(line)?.[1];
    if (secret && /no such file|not found|FileNotFoundError|ENOENT/i.test(line))
      return { service: `the secret file ${secret}`, mounted: true, line: line.trim() };
  }
  for (const index of order) {
    const line = all[index];
    // pydantic-settings: the field's name on one line, "Field required" on the next.
    const field = /^\s*([A-Z][A-Z0-9_]{2,})\s*$/.exec(line)?.[1];
    const missingField = field && /Field required/.test(all[index + 1] ?? '') ? field : undefined;
    for (const pattern of UNSET_VARIABLE) {
      const variable = missingField ?? pattern.exec(line)?.[1];
      if (!variable) continue;
      const fromCode = detected.find((found) => found.envVar === variable);
      const service = fromCode?.service ?? BY_NAME.find(([name]) => name.test(variable))?.[1];
      if (service) return { service, envVar: variable, line: line.trim() };
    }
  }
  return undefined;
}

/** The one line a failed HTTP check says for it. */
export function describeServiceNeed(finding: ServiceFinding): string {
  if (finding.mounted)
    return `the app needs ${finding.service}, which Compose or Kubernetes mounts and verification does not provide here; give the app another way to read it (an environment variable) to verify it, or verify where it is mounted`;
  if (!finding.envVar && finding.setting)
    return `the app needs ${finding.service} (${finding.setting}), which verification cannot reach here; point that setting at one the container reaches to verify against it`;
  const variable = finding.envVar ? ` (${finding.envVar})` : '';
  const how = finding.envVar ? `${finding.envVar}=… for` : 'the settings of';
  return `the app needs ${finding.service}${variable}, which verification cannot reach here; pass --env-file FILE with ${how} one on 127.0.0.1 to verify against it`;
}

/** The one line a failed build says when a build step itself needs the service (no --env-file reaches a build). */
export function describeBuildServiceNeed(finding: ServiceFinding): string {
  const variable = finding.envVar ? ` (${finding.envVar})` : '';
  return `the build itself needs ${finding.service}${variable}, which no build can reach: read it at run time only (Next.js: pages that query it prerender at build time unless marked dynamic)`;
}

/** When the log is silent: services the code reads, named as what the app may be waiting for. */
export function describeDetectedServices(detected: readonly Service[]): string | undefined {
  if (detected.length === 0) return undefined;
  const list = detected.map((found) => `${found.service} (${serviceSource(found)})`).join(', ');
  return `the app may be waiting for ${list}, which verification cannot reach here; pass --env-file FILE pointing at one on this machine (127.0.0.1)`;
}
