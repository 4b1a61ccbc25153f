/**
 * Services an app reads from its environment (a database URL, a Redis host), found in its source and
 * dependencies. One table for every language: each pack gives the drivers it depends on (PyPI and npm
 * names, Go import paths) and its source texts. Only a hint: many apps fall back to SQLite when
 * DATABASE_URL is unset, so these name the service when the app fails to answer; they never fail
 * verification by themselves.
 */
import type { Service } from '../model.js';

/** Environment reads in Python, Node and Go source: the variable's name is group 1. */
const ENV_READS = [
  /os\.environ\[\s*["']([A-Z][A-Z0-9_]+)["']/g,
  /os\.(?:environ\.get|getenv)\(\s*["']([A-Z][A-Z0-9_]+)["']/g,
  /\b(?:env(?:\.\w+)?|config)\(\s*["']([A-Z][A-Z0-9_]+)["']/g, // django-environ, python-decouple, Go env helpers
  /process\.env\.([A-Z][A-Z0-9_]+)/g,
  /process\.env\[\s*["']([A-Z][A-Z0-9_]+)["']/g,
  /os\.(?:Getenv|LookupEnv)\(\s*"([A-Z][A-Z0-9_]+)"/g,
  /\b(?:[gG]et[eE]nv|env)\w*\(\s*"([A-Z][A-Z0-9_]+)"/g, // Go: getEnv("X", "default"), envOr("X", …)
];

/** `const { DATABASE_URL, PORT = 3000 } = process.env`: every name destructured. */
const DESTRUCTURED = /\{([^}]*)\}\s*=\s*process\.env\b/g;

/** The environment variables a set of source texts reads, in the order they first appear. */
export function envVarsRead(texts: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of texts) {
    const found: [number, string][] = [];
    for (const pattern of ENV_READS) for (const match of text.matchAll(pattern)) found.push([match.index, match[1]]);
    for (const match of text.matchAll(DESTRUCTURED))
      for (const name of match[1].matchAll(/([A-Z][A-Z0-9_]*)\s*(?:[=:,]|$)/g)) found.push([match.index, name[1]]);
    for (const [, name] of found.sort((a, b) => a[0] - b[0])) names.add(name);
  }
  return [...names];
}

/**
 * Each service: the drivers that reach it and the variables that usually carry its address. Go drivers
 * are import paths, matched with any subpackage (pgx/v5/stdlib).
 */
const SERVICES: readonly { service: string; drivers: RegExp; variables: RegExp }[] = [
  {
    service: 'PostgreSQL',
    drivers:
      /^(psycopg2?(-binary)?|psycopg|asyncpg|pg|postgres|pg-promise|@neondatabase\/serverless|@vercel\/postgres|github\.com\/lib\/pq|github\.com\/jackc\/pgx(\/v\d+)?|gorm\.io\/driver\/postgres)(\/[\w/.-]+)?$/,
    variables:
      /^(DATABASE_URL|SQLALCHEMY_DATABASE_URI|POSTGRES\w*|PG\w*|DB_\w+|\w*_DSN|\w*_?(DB|DATABASE|POSTGRES|PG)_(URL|URI|HOST|CONNECTION\w*))$/,
  },
  {
    service: 'MySQL',
    drivers: /^(pymysql|mysqlclient|mysql2?|github\.com\/go-sql-driver\/mysql|gorm\.io\/driver\/mysql)(\/[\w/.-]+)?$/,
    variables: /^(DATABASE_URL|MYSQL\w*|DB_\w+|\w*_DSN|\w*_?(DB|DATABASE|MYSQL)_(URL|URI|HOST))$/,
  },
  {
    service: 'MongoDB',
    drivers: /^(pymongo|motor|mongoengine|mongoose|mongodb|go\.mongodb\.org\/mongo-driver(\/v\d+)?)(\/[\w/.-]+)?$/,
    variables: /^(MONGO\w*|\w*_MONGO\w*|DATABASE_URL|DB_URI|\w*_?(DB|DATABASE)_(URL|URI))$/,
  },
  {
    service: 'Redis',
    drivers:
      /^(redis|ioredis|@redis\/client|celery|rq|github\.com\/(go-redis|redis)\/redis(\/v\d+)?|github\.com\/redis\/go-redis(\/v\d+)?|github\.com\/gomodule\/redigo)(\/[\w/.-]+)?$/,
    variables: /^(REDIS\w*|\w*_REDIS\w*|CACHE_URL|CELERY_BROKER_URL|BROKER_URL)$/,
  },
  {
    service: 'RabbitMQ',
    drivers:
      /^(pika|aio-pika|amqplib|kombu|github\.com\/rabbitmq\/amqp091-go|github\.com\/streadway\/amqp)(\/[\w/.-]+)?$/,
    variables: /^(AMQP_\w+|RABBITMQ_\w+|BROKER_URL)$/,
  },
];

/** Prisma's datasource provider → service. */
const PRISMA_PROVIDERS: Record<string, string> = {
  postgresql: 'PostgreSQL',
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  mongodb: 'MongoDB',
  sqlserver: 'SQL Server',
  cockroachdb: 'CockroachDB',
};

export interface ServiceEvidence {
  /** What the project depends on: normalised PyPI or npm names, or the import paths of Go source. */
  drivers: readonly string[];
  /** The environment variables its code reads (envVarsRead). */
  variables: readonly string[];
  /** prisma/schema.prisma, when the project has one: its datasource names the service and the variable. */
  prismaSchema?: string;
  /** Services a config file's settings name (python-paste.ts: sqlalchemy.url in production.ini), kept after the ones read from the environment. */
  configured?: readonly Service[];
}

/**
 * The services the project needs, each once with the variable to set: a driver AND a variable the code
 * reads for it (a driver alone says nothing about which variable to set), or a setting that names it. The URL-like variable wins
 * (DATABASE_URL over DB_HOST), then the first read.
 */
export function servicesFrom({ drivers, variables, prismaSchema, configured = [] }: ServiceEvidence): Service[] {
  const found: Service[] = [];
  const prisma = prismaSchema && drivers.some((name) => /^(@prisma\/client|prisma)$/.test(name));
  if (prisma) {
    const datasource = /datasource\s+\w+\s*\{([^}]*)\}/.exec(prismaSchema)?.[1] ?? '';
    const provider = /provider\s*=\s*"(\w+)"/.exec(datasource)?.[1];
    const envVar = /url\s*=\s*env\(\s*"(\w+)"\s*\)/.exec(datasource)?.[1];
    if (provider && envVar && PRISMA_PROVIDERS[provider]) found.push({ service: PRISMA_PROVIDERS[provider], envVar });
  }
  for (const { service, drivers: known, variables: names } of SERVICES) {
    if (found.some((entry) => entry.service === service)) continue;
    if (!drivers.some((name) => known.test(name))) continue;
    const read = variables.filter((name) => names.test(name)).sort((a, b) => rank(a) - rank(b));
    if (read.length) found.push({ service, envVar: read[0] });
  }
  for (const entry of configured) if (!found.some((known) => known.service === entry.service)) found.push(entry);
  return found;
}

const rank = (name: string) => (/_(URL|URI|DSN)$/.test(name) ? 0 : /HOST|SERVER|ADDR/.test(name) ? 1 : 2);
