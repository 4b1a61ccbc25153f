import { strict as assert } from 'node:assert';
import { envVarsRead, servicesFrom } from '../../src/detect/services.js';
import { describeServiceNeed, serviceFromLog } from '../../src/verify/services.js';

describe('services an app needs', () => {
  describe('from the container log', () => {
    const cases: [string, string, string | undefined][] = [
      [
        'psycopg2.OperationalError: connection to server at "localhost" (127.0.0.1), port 5432 failed: Connection refused',
        'PostgreSQL',
        undefined,
      ],
      [
        'psycopg2.OperationalError: could not translate host name "db" to address: Name or service not known',
        'PostgreSQL',
        undefined,
      ],
      ["ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 5432)", 'PostgreSQL', undefined],
      ['Error: connect ECONNREFUSED 127.0.0.1:5432', 'PostgreSQL', undefined],
      ['2026/11/30 06:00:00 dial tcp 127.0.0.1:5432: connect: connection refused', 'PostgreSQL', undefined],
      ['MongooseServerSelectionError: connect ECONNREFUSED 127.0.0.1:27017', 'MongoDB', undefined],
      [
        'redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.',
        'Redis',
        undefined,
      ],
      [
        'redis.exceptions.ConnectionError: Error -2 connecting to redis:6379. Name or service not known.',
        'Redis',
        undefined,
      ],
      ['[ioredis] Unhandled error event: Error: connect ECONNREFUSED 127.0.0.1:6379', 'Redis', undefined],
      ["KeyError: 'DATABASE_URL'", 'a database', 'DATABASE_URL'],
      ['django.core.exceptions.ImproperlyConfigured: Set the REDIS_URL environment variable', 'Redis', 'REDIS_URL'],
      [
        'pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings\nPOSTGRES_SERVER\n  Field required [type=missing, input_value={}, input_type=dict]',
        'a database',
        'POSTGRES_SERVER',
      ],
    ];
    for (const [log, service, envVar] of cases)
      it(`${service} from ${JSON.stringify(log.slice(0, 60))}`, () => {
        const found = serviceFromLog(`[INFO] Starting\n${log}\n`);
        assert.equal(found?.service, service);
        assert.equal(found?.envVar, envVar);
      });

    it('names a Compose secret file the app cannot open', () => {
      const found = serviceFromLog('2026/11/30 open /run/secrets/db-password: no such file or directory');
      assert.equal(found?.service, 'the secret file /run/secrets/db-password');
      assert.match(describeServiceNeed(found!), /mounts and verification does not provide/);
    });
    it('takes the variable from the code when the log only says the service is unreachable', () => {
      const found = serviceFromLog('Error: connect ECONNREFUSED 127.0.0.1:27017', [
        { service: 'MongoDB', envVar: 'MONGO_URI' },
      ]);
      assert.deepEqual(found && { service: found.service, envVar: found.envVar }, {
        service: 'MongoDB',
        envVar: 'MONGO_URI',
      });
    });

    it('names nothing for an app that fails on its own', () => {
      for (const log of [
        '[2026-11-30] Listening at: http://0.0.0.0:8000 (7)',
        "ModuleNotFoundError: No module named 'cgi'",
        'Error: connect ECONNREFUSED 127.0.0.1:8080', // a port of no known service
        "KeyError: 'name'", // a dict key, not a variable
        'SECRET_KEY is not set', // a variable, but no service
      ])
        assert.equal(serviceFromLog(log), undefined, log);
    });

    it('says the service, the variable and that verification cannot reach it, in one line', () => {
      const line = describeServiceNeed({ service: 'PostgreSQL', envVar: 'DATABASE_URL', line: '' });
      assert.doesNotMatch(line, /\n/);
      assert.match(line, /needs PostgreSQL \(DATABASE_URL\), which verification cannot reach here/);
      assert.match(line, /--env-file/);
    });
  });

  describe('from the source and dependencies (one table for every language)', () => {
    const found = (sources: string[], drivers: string[], prismaSchema?: string) =>
      servicesFrom({ drivers, variables: envVarsRead(sources), prismaSchema });

    it('pairs a driver with the variable the code reads, URL first', () => {
      const sources = [
        'DB_HOST = os.environ.get("DB_HOST")\nurl = os.environ["DATABASE_URL"]\ncache = os.getenv("REDIS_URL")',
      ];
      assert.deepEqual(found(sources, ['flask', 'psycopg2', 'redis']), [
        { service: 'PostgreSQL', envVar: 'DATABASE_URL' },
        { service: 'Redis', envVar: 'REDIS_URL' },
      ]);
    });
    it('reads Node environment reads, destructuring included, one variable per service', () => {
      assert.deepEqual(found(['mongoose.connect(process.env.MONGO_URI)'], ['express', 'mongoose']), [
        { service: 'MongoDB', envVar: 'MONGO_URI' },
      ]);
      const node =
        'new Pool({ connectionString: process.env.DATABASE_URL });\nconst { REDIS_HOST, PGHOST } = process.env;';
      assert.deepEqual(found([node], ['pg', 'redis']), [
        { service: 'PostgreSQL', envVar: 'DATABASE_URL' },
        { service: 'Redis', envVar: 'REDIS_HOST' },
      ]);
    });
    it('reads Go environment reads and matches drivers by import path, subpackages included', () => {
      assert.deepEqual(found(['dsn := os.Getenv("DATABASE_URL")'], ['github.com/jackc/pgx/v5/stdlib']), [
        { service: 'PostgreSQL', envVar: 'DATABASE_URL' },
      ]);
      assert.deepEqual(
        found(['addr := getEnv("REDIS_ADDR", "localhost:6379")'], ['github.com/redis/go-redis/v9', 'net/http']),
        [{ service: 'Redis', envVar: 'REDIS_ADDR' }],
      );
      assert.deepEqual(found(['uri := os.Getenv("MONGO_URL")'], ['go.mongodb.org/mongo-driver/v2/mongo']), [
        { service: 'MongoDB', envVar: 'MONGO_URL' },
      ]);
    });
    it("takes Prisma's datasource: its provider and the variable env() names", () => {
      const prisma = 'datasource db {\n  provider = "mysql"\n  url      = env("DB_URL")\n}\n';
      assert.deepEqual(found([], ['@prisma/client'], prisma), [{ service: 'MySQL', envVar: 'DB_URL' }]);
      assert.deepEqual(found([], ['express'], prisma), []);
    });
    it('names no service without its driver, nor a driver whose variable the code never reads', () => {
      assert.deepEqual(found(['os.environ["DATABASE_URL"]'], ['flask']), []);
      assert.deepEqual(found(['print("hi")'], ['psycopg2']), []);
      // Go: the driver imported but the address hard-coded names no variable (never an empty one).
      assert.deepEqual(found(['db, _ := sql.Open("postgres", "host=db")'], ['github.com/lib/pq']), []);
      // A driver name inside a longer path is not the driver.
      assert.deepEqual(found(['os.Getenv("DATABASE_URL")'], ['github.com/lib/pqx']), []);
    });
  });
});
