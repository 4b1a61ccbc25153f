/** Go detection of real-app facts: the module graph (cgo), the port's env var, SQLite state, services. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { ProjectFiles } from '../../src/detect/files.js';
import { detect } from '../../src/detect/index.js';
import { detectGo, portOf, sqliteStatePaths } from '../../src/languages/go-detect.js';
import { cgoModulesIn, goModRequires, goSumModules, vendoredModules } from '../../src/languages/go-modules.js';
import { cgoProblem, go } from '../../src/languages/go.js';
import type { Answers } from '../../src/model.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { tempTree } from '../support/temp-tree.js';

const project = (files: Record<string, string>) => new ProjectFiles(tempTree('slim-go-facts-', files));
const server = (body = '') =>
  `package main\n\nimport "net/http"\n\nfunc main() {\n${body}\n\thttp.ListenAndServe(":8080", nil)\n}\n`;

describe('go module graph', () => {
  it('reads require lines and blocks, with // indirect', () => {
    const requires = goModRequires(
      'module m\n\ngo 1.24\n\nrequire github.com/a/b v1.0.0\n\nrequire (\n\tgithub.com/c/d v0.1.0 // indirect\n\t// github.com/commented/out v1.0.0\n\tgithub.com/e/f/v2 v2.3.0\n)\n',
    );
    assert.deepEqual(
      requires.map((module) => [module.path, module.evidence]),
      [
        ['github.com/c/d', 'go.mod, indirect'],
        ['github.com/e/f/v2', 'go.mod'],
        ['github.com/a/b', 'go.mod'],
      ],
    );
  });
  it('counts go.sum code hashes, not /go.mod-only graph reads', () => {
    const sum = goSumModules(
      'github.com/x/code v1.0.0 h1:abc=\ngithub.com/x/code v1.0.0/go.mod h1:def=\ngithub.com/y/graphonly v1.0.0/go.mod h1:ghi=\n',
    );
    assert.deepEqual(
      sum.map((module) => module.path),
      ['github.com/x/code'],
    );
  });
  it('counts vendored modules with packages listed', () => {
    const vendored = vendoredModules(
      '# github.com/mattn/go-sqlite3 v1.14.28\n## explicit; go 1.19\ngithub.com/mattn/go-sqlite3\n# github.com/unused/mod v1.0.0\n## explicit\n',
    );
    assert.deepEqual(
      vendored.map((module) => module.path),
      ['github.com/mattn/go-sqlite3'],
    );
  });
  it('finds cgo modules with their major-version suffix, best evidence first', () => {
    const found = cgoModulesIn([
      [],
      goModRequires('module m\n\nrequire github.com/confluentinc/confluent-kafka-go/v2 v2.4.0 // indirect\n'),
      goSumModules('github.com/confluentinc/confluent-kafka-go/v2 v2.4.0 h1:x=\n'),
    ]);
    assert.deepEqual(
      found.map(({ found }) => `${found.path} (${found.evidence})`),
      ['github.com/confluentinc/confluent-kafka-go/v2 (go.mod, indirect)'],
    );
  });
});

describe('go detection: real-app facts', () => {
  it('cgo through an indirect dependency (gorm sqlite → go-sqlite3), not the project code', async () => {
    const facts = (await detectGo(
      project({
        'go.mod':
          'module m\n\ngo 1.24\n\nrequire gorm.io/driver/sqlite v1.5.0\n\nrequire github.com/mattn/go-sqlite3 v1.14.22 // indirect\n',
        'go.sum': '',
        'main.go': server('\tdb, _ := gorm.Open(sqlite.Open("gorm.db"), &gorm.Config{})\n\t_ = db'),
      }),
    ))!;
    assert.deepEqual(facts.extra.cgo, { reasons: ['github.com/mattn/go-sqlite3 (go.mod, indirect)'], cxx: false });
    assert.deepEqual(facts.statePaths, ['gorm.db']);
    assert.deepEqual(facts.problems, []);
  });
  it('no cgo for a pure-Go SQLite (modernc.org/sqlite)', async () => {
    const facts = (await detectGo(
      project({
        'go.mod': 'module m\n\ngo 1.24\n\nrequire modernc.org/sqlite v1.30.0\n',
        'go.sum': '',
        'main.go': server(),
      }),
    ))!;
    assert.equal(facts.extra.cgo, undefined);
  });
  it('the project’s own import "C", with C++ sources, needs the C++ runtime', async () => {
    const facts = (await detectGo(
      project({
        'go.mod': 'module m\n\ngo 1.24\n',
        'main.go': server().replace('import "net/http"', 'import "net/http"\n\n// #include "calc.h"\nimport "C"'),
        'calc.cc': 'int add(int a, int b) { return a + b; }\n',
      }),
    ))!;
    assert.deepEqual(facts.extra.cgo, { reasons: ['import "C" in main.go'], cxx: true });
  });
  it('a cgo app is refused on scratch (no glibc), built on distroless base-debian13 or trixie slim', async () => {
    const facts = (await detectGo(
      project({
        'go.mod': 'module m\n\ngo 1.24\n\nrequire github.com/mattn/go-sqlite3 v1.14.28\n',
        'go.sum': '',
        'main.go': server(),
      }),
    ))!;
    const answers = { base: 'scratch', port: 8080, sampleApp: false, framework: 'net/http' } as Answers;
    assert.throws(() => go.templateData(answers, facts), /--base: scratch cannot run this app: it needs cgo/);
    assert.equal(
      go.templateData({ ...answers, base: 'distroless' }, facts).runtimeImage,
      'gcr.io/distroless/base-debian13:nonroot',
    );
    assert.equal(go.templateData({ ...answers, base: 'slim' }, facts).runtimeImage, 'debian:trixie-slim');
    assert.equal(go.templateData({ ...answers, base: 'distroless' }, facts).builderSuffix, '-trixie');
  });
  it('the port from env-var helpers and fallbacks, with the variable the app reads', () => {
    assert.deepEqual(portOf('addr := ":" + getEnv("X_PORT", "80")'), { port: 80, env: 'X_PORT', address: false });
    assert.deepEqual(portOf('srv := envOr("LISTEN_ADDR", ":9090")'), { port: 9090, env: 'LISTEN_ADDR', address: true });
    // traefik/whoami: flag.StringVar(&port, "port", getEnv("WHOAMI_PORT_NUMBER", "80"), …)
    assert.deepEqual(portOf('flag.StringVar(&port, "port", getEnv("WHOAMI_PORT_NUMBER", "80"), "p")'), {
      port: 80,
      env: 'WHOAMI_PORT_NUMBER',
      address: false,
    });
    assert.deepEqual(portOf('port := os.Getenv("PORT")\nif port == "" {\n\tport = "3000"\n}'), {
      port: 3000,
      env: 'PORT',
      address: false,
    });
    assert.deepEqual(portOf('viper.SetEnvPrefix("app")\nviper.AutomaticEnv()\nviper.SetDefault("server.port", 7070)'), {
      port: 7070,
      env: 'APP_SERVER_PORT',
    });
    assert.deepEqual(portOf('addr := flag.String("addr", ":8088", "listen address")'), { port: 8088 });
    assert.equal(portOf('name := getEnv("APP_NAME", "demo")'), undefined);
  });
  it('port 80 read from an env var: moved to 8080 through that var, with a note', async () => {
    const facts = (await detectGo(
      project({
        'go.mod': 'module m\n\ngo 1.24\n',
        'main.go': server('\taddr := getEnv("X_PORT", "80")\n\t_ = addr'),
      }),
    ))!;
    assert.equal(facts.port, 8080);
    assert.equal(facts.portEnv, 'X_PORT');
    assert.match(facts.notes!.join('\n'), /port 80 unless X_PORT .* the image sets X_PORT to 8080/);
    const data = go.templateData(
      { base: 'distroless', port: 8080, sampleApp: false, framework: 'net/http' } as Answers,
      facts,
    );
    assert.equal(data.portEnv, 'X_PORT');
    assert.equal(data.portValue, '8080');
  });
  it('relative SQLite paths are state; memory and absolute ones are not', () => {
    assert.deepEqual(sqliteStatePaths('sql.Open("sqlite3", "./data/app.db?_fk=1")'), ['data/app.db']);
    assert.deepEqual(sqliteStatePaths('sql.Open("sqlite3", "file::memory:?cache=shared")'), []);
    assert.deepEqual(sqliteStatePaths('sql.Open("sqlite3", "/var/lib/app/app.db")'), []);
  });
  it('names external services and the variable their address comes from', async () => {
    const facts = (await detectGo(
      project({
        'go.mod': 'module m\n\ngo 1.24\n',
        'main.go': server(
          '\t_ = os.Getenv("DATABASE_URL")\n\t_ = redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})',
        ).replace(
          'import "net/http"',
          'import (\n\t"net/http"\n\t_ "github.com/jackc/pgx/v5/stdlib"\n\t"github.com/redis/go-redis/v9"\n)',
        ),
      }),
    ))!;
    assert.deepEqual(facts.services, [
      { service: 'PostgreSQL', envVar: 'DATABASE_URL' },
      { service: 'Redis', envVar: 'REDIS_ADDR' },
    ]);
  });
  it('the toolchain line raises the minimum; an existing Dockerfile’s golang tag is the version used', async () => {
    const facts = (await detectGo(
      project({
        'go.mod': 'module m\n\ngo 1.22\n\ntoolchain go1.25.1\n',
        'main.go': server(),
        Dockerfile: 'FROM golang:1.26-alpine AS build\n',
      }),
    ))!;
    assert.deepEqual(facts.allowedVersions, { versions: ['1.25', '1.26', '1.27'], source: 'go.mod' });
    assert.equal(facts.runtimeVersion, '1.26');
    assert.equal(facts.versionSource, 'Dockerfile FROM golang:1.26; go.mod asks go ≥1.22, toolchain go1.25');
  });
  it('a package folder inside a module says where to run', async () => {
    const root = tempTree('slim-go-sub-', {
      'go.mod': 'module m\n\ngo 1.24\n',
      'services/api/main.go': server(),
    });
    const facts = (await detectGo(new ProjectFiles(`${root}/services/api`)))!;
    assert.match(
      facts.problems[0],
      /go\.mod is in .*, above this folder: .* run slim-docker there with --entrypoint \.\/services\/api/,
    );
  });
  it('the verifier reads cgo modules with a major-version suffix in a binary’s build info', () => {
    const info = '\tCGO_ENABLED=0\n\ndep\tgithub.com/confluentinc/confluent-kafka-go/v2\tv2.4.0\th1:x=\n';
    assert.match(cgoProblem(Buffer.from(info))!, /confluent-kafka-go needs cgo/);
  });
});

describe('go Dockerfile from real-app facts', () => {
  const answers: Answers = {
    appName: 'notes',
    language: 'go',
    framework: 'gin',
    entrypoint: '.',
    runtimeVersion: '1.27',
    port: 8080,
    base: 'distroless',
    sampleApp: false,
    buildkit: true,
  };
  const dockerfileFor = async (files: Record<string, string>, over: Partial<Answers> = {}) => {
    const dir = tempTree('slim-go-render-', files);
    const facts = await detect(dir);
    const rendered = await renderAll(plan({ ...answers, ...over }, facts));
    return rendered.find((file) => file.destination === 'Dockerfile')!.contents;
  };
  it('a SQLite file next to the working directory: /app belongs to the app user, copied before WORKDIR', async () => {
    const text = await dockerfileFor({
      'go.mod': 'module m\n\ngo 1.27\n\nrequire github.com/mattn/go-sqlite3 v1.14.28\n',
      'go.sum': '',
      'main.go': server('\tdb, _ := sql.Open("sqlite3", "notes.db")\n\t_ = db'),
    });
    assert.match(text, /^ && mkdir -p \/out\/state$/m);
    assert.match(text, /^COPY --from=build --chown=65532:65532 \/out\/state \/app\nWORKDIR \/app$/m);
    assert.match(text, /^FROM gcr\.io\/distroless\/base-debian13:nonroot$/m);
    assert.match(text, /CGO_ENABLED=1 go build/);
    assert.match(text, /^ENV GIN_MODE=release$/m);
  });
  it('an address variable (":8080") keeps its form; the probe reads the same variable', async () => {
    const text = await dockerfileFor(
      {
        'go.mod': 'module m\n\ngo 1.27\n',
        'main.go': server('\taddr := envOr("HTTP_ADDR", ":9000")\n\t_ = addr'),
      },
      { framework: 'net/http', port: 9000 },
    );
    assert.match(text, /^ENV HTTP_ADDR=:9000$/m);
    assert.match(text, /port := os\.Getenv\("HTTP_ADDR"\)/);
    assert.doesNotMatch(text, /^ENV PORT=/m);
    assert.doesNotMatch(text, /GIN_MODE/);
  });
});
