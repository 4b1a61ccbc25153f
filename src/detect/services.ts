/**
 * Services an app reads from its environment (a database URL, a Redis host), found in its source and
 * dependencies. Only a hint: many apps fall back to SQLite when DATABASE_URL is unset, so these name
 * the service when the app fails to answer; they never fail verification by themselves.
 */
import type { Service } from '../model.js';

/** Environment reads in Python, Node and Go source: the variable's name is group 1. */
const ENV_READS = [
  /os\.environ\[\s*["']([A-Z][A-Z0-9_]+)["']/g,
  /os\.(?:environ\.get|getenv)\(\s*["']([A-Z][A-Z0-9_]+)["']/g,
  /\b(?:env(?:\.\w+)?|config)\(\s*["']([A-Z][A-Z0-9_]+)["']/g, // django-environ, python-decouple
  /process\.env\.([A-Z][A-Z0-9_]+)/g,
  /process\.env\[\s*["']([A-Z][A-Z0-9_]+)["']/g,
  /os\.(?:Getenv|LookupEnv)\(\s*"([A-Z][A-Z0-9_]+)"/g,
  /\bget[Ee]nv\w*\(\s*"([A-Z][A-Z0-9_]+)"/g,
];

/** Each service: the drivers that reach it (normalised dependency names, Go module paths) and its variables. */
const SERVICES: readonly { service: string; drivers: RegExp; variables: RegExp }[] = [
  {
    service: 'PostgreSQL',
    drivers:
      /^(psycopg2?(-binary)?|psycopg|asyncpg|pg|postgres|pg-promise|github\.com\/lib\/pq|github\.com\/jackc\/pgx(\/v\d)?|gorm\.io\/driver\/postgres)$/,
    variables: /^(DATABASE_URL|POSTGRES_\w+|PG\w+|DB_\w+|SQLALCHEMY_DATABASE_URI)$/,
  },
  {
    service: 'MySQL',
    drivers: /^(pymysql|mysqlclient|mysql2?|github\.com\/go-sql-driver\/mysql|gorm\.io\/driver\/mysql)$/,
    variables: /^(DATABASE_URL|MYSQL_\w+|DB_\w+)$/,
  },
  {
    service: 'Redis',
    drivers: /^(redis|ioredis|celery|rq|github\.com\/(go-redis|redis)\/redis(\/v\d)?)$/,
    variables: /^(REDIS_\w+|CELERY_BROKER_URL|BROKER_URL)$/,
  },
  {
    service: 'MongoDB',
    drivers: /^(pymongo|motor|mongoengine|mongoose|mongodb|go\.mongodb\.org\/mongo-driver)$/,
    variables: /^(MONGO\w*|DATABASE_URL|DB_URI)$/,
  },
  {
    service: 'RabbitMQ',
    drivers: /^(pika|aio-pika|amqplib|kombu)$/,
    variables: /^(AMQP_\w+|RABBITMQ_\w+|BROKER_URL)$/,
  },
];

/** The services whose driver the project depends on, each with the variable its code reads for it. */
export function servicesFrom(sources: readonly string[], dependencies: readonly string[]): Service[] {
  const variables = new Set<string>();
  for (const text of sources)
    for (const pattern of ENV_READS) for (const match of text.matchAll(pattern)) variables.add(match[1]);
  const found: Service[] = [];
  for (const { service, drivers, variables: names } of SERVICES) {
    if (!dependencies.some((dependency) => drivers.test(dependency))) continue;
    // The URL-like variable first (DATABASE_URL over DB_HOST): it is the one to set.
    const read = [...variables].filter((name) => names.test(name)).sort((a, b) => rank(a) - rank(b));
    if (read.length) found.push({ service, envVar: read[0] });
  }
  return found;
}

const rank = (name: string) => (/_(URL|URI|DSN)$/.test(name) ? 0 : /HOST|SERVER|ADDR/.test(name) ? 1 : 2);
