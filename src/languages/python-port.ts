/**
 * Where a Python app expects to listen: an env var with a default in its code
 * (`int(os.environ.get("APP_PORT", 5000))`), a literal port, a Procfile's web command, an existing
 * Dockerfile's EXPOSE. Pure: texts in, findings out.
 */

export interface PortFinding {
  port?: number;
  /** The env var the code reads its port from. */
  portEnv?: string;
  /** Where it was found, e.g. "app.py" or "Dockerfile EXPOSE". */
  source?: string;
}

const valid = (port: number) => port >= 1 && port <= 65535;

/** `os.environ.get("PORT", 8080)`, `os.getenv('PORT', '8080')`, `environ.get("X_PORT", default=80)`, `os.environ["PORT"]`. */
const ENV_DEFAULT =
  /\b(?:environ\.get|getenv|env\.int|env)\(\s*["']((?=[A-Z])[A-Z0-9_]*PORT[A-Z0-9_]*)["']\s*(?:,\s*(?:default\s*=\s*)?["']?(\d{1,5})["']?)?/;
const ENV_INDEX = /\benviron\[\s*["']((?=[A-Z])[A-Z0-9_]*PORT[A-Z0-9_]*)["']\s*\]/;
/** A literal port next to the word port, or a host:port (the detector's older rule). */
const LITERAL = /\b(?:port\s*=\s*|PORT\s*=\s*|--port[ =]|:)(\d{4,5})\b/;

/** `app.listen(8888)` in a file importing tornado (elsewhere `sock.listen(1024)` is a backlog). */
const TORNADO = /^\s*(?:from|import)\s+tornado\b/m;
const TORNADO_LISTEN = /\.listen\(\s*(\d{2,5})\s*[,)]/;

/** Ports of the services an app talks to (DB_PORT, REDIS_PORT, smtp port=587 …), never its own. */
const SERVICE =
  /(?:^|[^a-z])(db|database|redis|postgres(?:ql)?|pg|psycopg2?|mysql|maria(?:db)?|mongo(?:db)?|smtp|mail|email|amqp|rabbit(?:mq)?|broker|celery|cache|memcached?|elastic(?:search)?|es|kafka|sql|ldap|statsd|sentry|proxy|metrics)(?![a-z])/i;

/** The port and env var one source file says the app listens on. */
export function portInCode(text: string): PortFinding {
  const lines = (text.match(/.*(?:port|PORT).*/g) ?? []).filter((line) => !SERVICE.test(line));
  for (const line of lines) {
    const env = ENV_DEFAULT.exec(line) ?? ENV_INDEX.exec(line);
    if (env) return { portEnv: env[1], port: env[2] && valid(Number(env[2])) ? Number(env[2]) : undefined };
  }
  // Tornado's docs listen on a bare literal (`app.listen(8888)`), a line without the word port.
  const literal =
    LITERAL.exec(lines.join('\n'))?.[1] ?? (TORNADO.test(text) ? TORNADO_LISTEN.exec(text)?.[1] : undefined);
  return literal && valid(Number(literal)) ? { port: Number(literal) } : {};
}

/** A Procfile's web process: the server's app reference and the port it binds ($PORT or a number). */
export function procfileWeb(text: string): { entrypoint?: string; port?: number; portEnv?: string } {
  const web = /^web:\s*(.+)$/m.exec(text)?.[1];
  if (!web) return {};
  const words = web
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/^["']|["']$/g, ''));
  const server = words.findIndex((word) => /(^|\/)(gunicorn|uvicorn|hypercorn|waitress-serve)$/.test(word));
  const entrypoint =
    server === -1
      ? undefined
      : words.slice(server + 1).find((word) => /^[A-Za-z_][\w.]*:[A-Za-z_]\w*(\(\))?$/.test(word));
  const bind = /(?:--bind[ =]|-b\s+|--port[ =])(?:[\w.]*:)?(\$\{?(\w+)\}?|\d{1,5})/.exec(web);
  if (!bind) return { entrypoint };
  return bind[2] ? { entrypoint, portEnv: bind[2] } : { entrypoint, port: Number(bind[1]) };
}

/** The note for a port only root may bind. */
export function privilegedPortNote(port: number | undefined): string | undefined {
  if (port === undefined || port >= 1024) return undefined;
  return (
    `the app listens on port ${port}, below 1024, as a non-root user: Docker's default network allows that, ` +
    `but Kubernetes and --network host do not; prefer --port 8080 and map ${port} outside (-p ${port}:8080)`
  );
}
