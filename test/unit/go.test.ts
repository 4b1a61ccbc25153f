import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { ProjectFiles } from '../../src/detect/files.js';
import { execArgs, isExecForm, parseDockerfile, type ParsedInstruction } from '../../src/dockerfile-check.js';
import { goString } from '../../src/escape.js';
import { detectGo, go } from '../../src/languages/go.js';
import { lintDockerfile } from '../../src/lint.js';
import { languagePack } from '../../src/languages/index.js';
import { parseBase } from '../../src/input/fields.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import type { Answers } from '../../src/model.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { findDependencyStep, truncateAt } from '../../src/verify/cache-proof.js';
import { contextFilter } from '../../src/verify/context.js';
import { finalBaseImage } from '../../src/verify/index.js';
import type { Target } from '../../src/verify/target.js';
import { tempTree } from '../support/temp-tree.js';

const defaults: Answers = {
  appName: 'demo',
  language: 'go',
  framework: 'net/http',
  entrypoint: '.',
  runtimeVersion: '1.24',
  port: 8080,
  base: 'distroless',
  sampleApp: true,
  buildkit: true,
};
const render = async (over: Partial<Answers> = {}) => {
  const files = await renderAll(plan({ ...defaults, ...over }, { folderName: 'demo', empty: true, detected: [] }));
  return Object.fromEntries(files.map((file) => [file.destination, file.contents]));
};
const indexOf = (ins: ParsedInstruction[], test: (i: ParsedInstruction) => boolean, what: string) => {
  const index = ins.findIndex(test);
  assert.ok(index >= 0, `${what} present`);
  return index;
};

const RUNTIME: Record<string, { from: string; uid: number }> = {
  distroless: { from: 'gcr.io/distroless/static-debian12:nonroot', uid: 65532 },
  scratch: { from: 'scratch', uid: 10001 },
  alpine: { from: 'alpine:3.24', uid: 10001 },
  slim: { from: 'debian:trixie-slim', uid: 10001 },
};

describe('go pack', () => {
  it('is registered, with its own bases and a distroless default', () => {
    assert.equal(languagePack('go'), go);
    assert.deepEqual(
      go.bases.map((b) => b.id),
      ['distroless', 'scratch', 'alpine', 'slim'],
    );
    assert.equal(go.defaultBase, 'distroless');
    assert.ok(go.versions.includes(go.defaultVersion));
    assert.ok(go.versions.every((v) => /^1\.\d+$/.test(v)));
    for (const base of go.bases) assert.equal(go.baseImage('1.24', base.id), RUNTIME[base.id].from);
  });
  it('validates --base against its own list', () => {
    assert.equal(parseBase('--base', 'scratch', 'go'), 'scratch');
    assert.throws(() => parseBase('--base', 'full', 'go'), /distroless, scratch, alpine, slim/);
  });
  it('resolves go defaults', async () => {
    const { answers } = await resolveAnswers({
      flags: { language: 'go' },
      saved: {},
      facts: { folderName: 'api', empty: true, detected: [] },
      yes: true,
    });
    assert.deepEqual(answers, {
      appName: 'api',
      language: 'go',
      framework: 'net/http',
      entrypoint: '.',
      runtimeVersion: go.defaultVersion,
      port: 8080,
      releaseCommand: '',
      command: [],
      base: 'distroless',
      sampleApp: true,
      buildkit: true,
    });
  });
});

describe('go Dockerfile', () => {
  for (const base of Object.keys(RUNTIME)) {
    for (const buildkit of [true, false]) {
      for (const sampleApp of [true, false]) {
        it(`${base} runtime, buildkit ${buildkit}, sample ${sampleApp}: two stages, modules before code, static, non-root, exec form`, async () => {
          const files = await render({ base, buildkit, sampleApp, port: 8123 });
          const text = files.Dockerfile;
          const parsed = parseDockerfile(text);
          const ins = parsed.instructions;
          const { from: runtimeFrom, uid } = RUNTIME[base];
          assert.doesNotMatch(text, /^# *syntax=/m, 'a syntax line would pull a frontend image');
          assert.equal(parsed.stages, 2, 'multi-stage');
          assert.deepEqual(lintDockerfile(parsed), [], 'no in-process lint findings');
          assert.equal(ins[0].keyword, 'ARG');
          assert.equal(ins[0].args, 'GO_VERSION=1.24');
          const froms = ins.filter((i) => i.keyword === 'FROM');
          assert.equal(froms[0].args, 'golang:${GO_VERSION} AS build');
          assert.equal(froms[1].args, runtimeFrom);

          // Build stage: go.mod (and go.sum if any) → go mod download → code → static build.
          const modCopy = indexOf(
            ins,
            (i) => i.keyword === 'COPY' && i.args === 'go.mod go.sum* ./',
            'COPY go.mod go.sum*',
          );
          const download = indexOf(
            ins,
            (i) => i.keyword === 'RUN' && /\bgo mod download\b/.test(i.args),
            'go mod download',
          );
          const code = indexOf(ins, (i) => i.keyword === 'COPY' && i.args === '. .', 'COPY . .');
          const build = indexOf(
            ins,
            (i) => i.keyword === 'RUN' && /-o \/out\/app /.test(i.args),
            'go build of the app',
          );
          assert.ok(modCopy < download && download < code && code < build, 'go.mod → download → code → build');
          for (const index of [modCopy, download, code, build]) assert.equal(ins[index].stage, 0, 'in the build stage');
          assert.match(ins[build].args, /CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o \/out\/app \.$/);
          if (buildkit) {
            assert.match(ins[download].args, /^--mount=type=cache,target=\/go\/pkg\/mod go mod download$/);
            assert.match(
              ins[build].args,
              /--mount=type=cache,target=\/go\/pkg\/mod --mount=type=cache,target=\/root\/\.cache\/go-build /,
            );
            assert.match(text, /Needs BuildKit/);
          } else {
            assert.doesNotMatch(text, /--mount/);
            assert.equal(ins[download].args, 'go mod download');
          }

          // The cache proof finds the download in the build stage and cuts right after it.
          const step = findDependencyStep(parsed, go.verification.dependencyStep)!;
          assert.equal(step.line, ins[download].line);
          assert.equal(step.finalStage, false);
          const cut = truncateAt(text, parsed, step);
          assert.match(
            cut
              .split('\n')
              .filter((line) => line.trim() && !line.startsWith('#'))
              .pop()!,
            /go mod download$/,
          );
          assert.doesNotMatch(cut, /COPY \. \./);
          const target = { parsed, dockerfileText: text } as unknown as Target;
          assert.equal(finalBaseImage(target), runtimeFrom);

          // Runtime stage: only the binary (plus certs/passwd where the base lacks them), non-root, exec form.
          const finalIns = ins.filter((i) => i.stage === 1);
          assert.ok(
            !finalIns.some((i) => i.keyword === 'COPY' && !i.args.startsWith('--from=build ')),
            'only copies from the build stage',
          );
          const binCopy = indexOf(
            finalIns,
            (i) => i.keyword === 'COPY' && i.args === '--from=build /out/app /usr/local/bin/app',
            'binary copy',
          );
          const user = finalIns.filter((i) => i.keyword === 'USER');
          assert.equal(user.length, 1);
          assert.equal(user[0].args, `${uid}:${uid}`, 'numeric non-root uid:gid');
          assert.ok(finalIns.indexOf(user[0]) > binCopy, 'USER after the copies');
          assert.deepEqual(execArgs(parsed, 'ENTRYPOINT'), ['/usr/local/bin/app']);
          assert.ok(!ins.some((i) => i.keyword === 'CMD'), 'no CMD: the ENTRYPOINT is the whole command');
          const health = finalIns.find((i) => i.keyword === 'HEALTHCHECK')!.args;
          const healthCmd = health.replace(/^.*?CMD /, '');
          assert.ok(isExecForm(healthCmd), 'exec-form healthcheck');
          if (sampleApp) {
            assert.deepEqual(JSON.parse(healthCmd), ['/usr/local/bin/app', '-healthcheck'], 'the sample checks itself');
            assert.doesNotMatch(text, /\/out\/healthcheck/);
          } else {
            // An existing app has no -healthcheck flag: a probe built in the build stage checks it.
            assert.deepEqual(JSON.parse(healthCmd), ['/usr/local/bin/healthcheck']);
            const probe = indexOf(
              ins,
              (i) => i.keyword === 'RUN' && /-o \/out\/healthcheck \.$/.test(i.args),
              'probe build',
            );
            assert.equal(ins[probe].stage, 0);
            assert.ok(probe < modCopy, 'the probe is cached independently of go.mod and the code');
            assert.match(ins[probe].args, /port := os\.Getenv\("PORT"\)/);
            assert.match(ins[probe].args, /net\.DialTimeout\("tcp", "127\.0\.0\.1:"\+port/);
            assert.doesNotMatch(ins[probe].args, /net\/http/, 'no net/http: a small probe');
            assert.match(ins[probe].args, /CGO_ENABLED=0 go -C \/probe build/);
            const probeCopy = indexOf(
              finalIns,
              (i) => i.args === '--from=build /out/healthcheck /usr/local/bin/healthcheck',
              'probe copy',
            );
            assert.ok(
              probeCopy < binCopy,
              'the probe layer comes before the app binary, so a code edit leaves it cached',
            );
          }
          assert.ok(finalIns.some((i) => i.keyword === 'EXPOSE' && i.args === '8123'));
          assert.ok(finalIns.some((i) => i.keyword === 'ENV' && i.args === 'PORT=8123'));
          const workdir = finalIns.filter((i) => i.keyword === 'WORKDIR');
          assert.deepEqual(
            workdir.map((i) => i.args),
            ['/app'],
            "an empty workdir, not / (whose bin, etc... are not the project's)",
          );

          const userSetup = finalIns.findIndex((i) => i.keyword === 'RUN');
          if (base === 'scratch') {
            const passwd = indexOf(
              ins,
              (i) => i.keyword === 'RUN' && /\/out\/etc\/passwd/.test(i.args),
              'passwd written',
            );
            assert.equal(ins[passwd].stage, 0);
            assert.ok(passwd < modCopy, 'passwd step is before the modules, so it is cached with them');
            assert.match(
              ins[passwd].args,
              /'app:x:10001:10001:app:\/nonexistent:\/sbin\/nologin' > \/out\/etc\/passwd/,
            );
            assert.ok(finalIns.some((i) => i.args === '--from=build /out/etc/passwd /out/etc/group /etc/'));
            assert.ok(
              finalIns.some((i) => i.args === '--from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/'),
            );
            assert.equal(userSetup, -1, 'scratch cannot RUN');
          } else if (base === 'distroless') {
            assert.equal(userSetup, -1, 'distroless cannot RUN; its nonroot user exists');
          } else {
            assert.ok(userSetup >= 0 && userSetup < binCopy, 'user created before the binary is copied');
            assert.match(
              finalIns[userSetup].args,
              base === 'alpine'
                ? /adduser -S -D -H -u 10001 -G app -s \/sbin\/nologin app/
                : /useradd --system --uid 10001 --gid app --no-create-home --shell \/usr\/sbin\/nologin app/,
            );
            if (base === 'slim')
              assert.ok(
                finalIns.some((i) => i.args === '--from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/'),
              );
          }

          assert.deepEqual(
            Object.keys(files).sort(),
            sampleApp ? ['.dockerignore', 'Dockerfile', 'go.mod', 'main.go'] : ['.dockerignore', 'Dockerfile'],
          );
        });
      }
    }
  }
});

describe('go sample app', () => {
  it('main.go: stdlib only, greeting literal on /, health route, graceful SIGTERM shutdown, -healthcheck', async () => {
    const files = await render({ appName: 'shop.api', port: 9090 });
    const main = files['main.go'];
    assert.ok(main.includes(`fmt.Fprintln(w, "Hello from shop.api!")`), 'greeting as a Go string literal');
    assert.ok(main.includes(go.sample.greeting('shop.api')));
    assert.equal(
      main.split(go.sample.greeting('shop.api')).length,
      2,
      'the greeting appears once, so the verification edit hits it',
    );
    assert.match(main, /^package main$/m);
    const imports = /import \(\n([^)]*)\)/
      .exec(main)![1]
      .split('\n')
      .map((l) => l.trim().replace(/"/g, ''))
      .filter(Boolean);
    assert.ok(
      imports.every((path) => !path.includes('.')),
      `standard library only: ${imports.join(', ')}`,
    );
    assert.match(main, /const healthPath = "\/health"/);
    assert.match(main, /mux\.HandleFunc\("GET \/\{\$\}"/);
    assert.match(main, /mux\.HandleFunc\("GET "\+healthPath/);
    assert.match(main, /signal\.NotifyContext\(context\.Background\(\), syscall\.SIGTERM, syscall\.SIGINT\)/);
    assert.match(main, /server\.Shutdown\(shutdownCtx\)/);
    assert.match(main, /flag\.Bool\("healthcheck"/);
    assert.match(main, /"http:\/\/127\.0\.0\.1:" \+ port \+ healthPath/);
    assert.match(main, /port = "9090"/);
    assert.match(main, /os\.Getenv\("PORT"\)/);
    assert.doesNotMatch(main, /^ +\S/m, 'gofmt indents with tabs');
  });
  it('go.mod: module from the app name, go directive = the oldest supported version (any chosen one builds it)', async () => {
    assert.equal(
      (await render({ appName: 'shop.api', runtimeVersion: '1.24' }))['go.mod'],
      'module shop.api\n\ngo 1.24\n',
    );
    // A re-run with another version must not be ruled out by the sample's own go.mod.
    assert.equal(
      (await render({ runtimeVersion: go.defaultVersion }))['go.mod'],
      `module demo\n\ngo ${go.versions[0]}\n`,
    );
  });
  it('goString writes valid Go string literals', () => {
    assert.equal(goString('Hello from a!'), '"Hello from a!"');
    assert.equal(goString('say "hi" \\ now'), '"say \\"hi\\" \\\\ now"');
    assert.equal(goString('tab\there\n'), '"tab\\u0009here\\u000a"');
    assert.equal(goString('é ✓'), '"é ✓"');
    assert.equal(goString('\ud800'), '"\\uFFFD"', 'a lone surrogate is not valid in Go source');
  });
});

describe('go .dockerignore', () => {
  it('keeps secrets and build output out, and never what the build needs', async () => {
    const filter = contextFilter((await render())['.dockerignore'].split('\n'));
    for (const out of [
      '.env',
      '.env.local',
      '.git',
      'bin',
      'bin/app',
      'coverage.out',
      'cpu.prof',
      'app.test',
      '.idea',
      '.vscode',
      'debug.log',
      'Dockerfile',
      '.dockerignore',
      'compose.yaml',
      '.yo-rc.json',
      'key.pem',
    ]) {
      assert.ok(filter.ignores(out), `${out} is ignored`);
    }
    for (const kept of [
      'go.mod',
      'go.sum',
      'main.go',
      'internal/app/app.go',
      'cmd/server/main.go',
      'vendor/modules.txt',
      'templates/index.html',
      '.env.example',
      'app',
    ]) {
      assert.ok(!filter.ignores(kept), `${kept} is kept`);
    }
  });
});

describe('go entry point', () => {
  it('accepts . and ./cmd/NAME, refuses paths that leave the module', () => {
    for (const ok of ['.', './cmd/server', './cmd/my-api', './internal/app_v2'])
      assert.equal(go.checkEntrypoint(ok), undefined, ok);
    for (const bad of ['', 'cmd/server', './', '../x', './cmd/../..', './a b', '/abs', './x;rm'])
      assert.ok(go.checkEntrypoint(bad), bad);
    assert.deepEqual(go.entryFiles('.'), ['main.go']);
    assert.deepEqual(go.entryFiles('./cmd/server'), ['cmd/server/main.go']);
  });
  it('builds the chosen main package', async () => {
    const text = (await render({ entrypoint: './cmd/server', sampleApp: false })).Dockerfile;
    assert.match(text, /go build -trimpath -ldflags="-s -w" -o \/out\/app \.\/cmd\/server\n/);
  });
});

describe('go detection', () => {
  const project = (files: Record<string, string>) => new ProjectFiles(tempTree('slim-go-detect-', files));
  const main = (port: string) =>
    `package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe("${port}", nil)\n}\n`;

  it('is not a Go project without go.mod', async () => {
    assert.equal(await detectGo(project({ 'main.go': main(':8080') })), undefined);
  });
  it('reads go.mod, go.sum, the main package at the root and its port', async () => {
    const facts = (await detectGo(
      project({
        'go.mod': 'module example.com/api\n\ngo 1.25.3\n\nrequire github.com/x/y v1.0.0\n',
        'go.sum': '',
        'main.go': main(':9000'),
        'util.go': 'package main\n',
        'main_test.go': 'package main\n',
      }),
    ))!;
    assert.deepEqual(facts.problems, []);
    assert.deepEqual(facts.entrypoints, ['.']);
    assert.deepEqual(facts.dependencyFiles, ['go.mod', 'go.sum']);
    assert.equal(facts.runtimeVersion, '1.25');
    assert.equal(facts.versionSource, 'go.mod');
    assert.equal(facts.port, 9000);
    assert.equal(facts.framework, 'net/http');
  });
  it('finds cmd/NAME main packages, the server first; an old go line gets the current release, said honestly', async () => {
    const facts = (await detectGo(
      project({
        'go.mod': 'module m\n\ngo 1.21\n',
        'cmd/tool/main.go': 'package main\n\nfunc main() {}\n',
        'cmd/server/main.go': main('0.0.0.0:7000'),
        'internal/x/x.go': 'package x\n',
      }),
    ))!;
    assert.deepEqual(facts.entrypoints, ['./cmd/server']);
    assert.equal(facts.port, 7000);
    assert.equal(facts.runtimeVersion, go.defaultVersion);
    assert.equal(facts.versionSource, 'go.mod asks go ≥1.21');
    assert.deepEqual(facts.allowedVersions, { versions: [...go.versions], source: 'go.mod' });
    assert.deepEqual(facts.problems, []);
    assert.match(facts.notes!.join('\n'), /several commands .* runs \.\/cmd\/server/);
  });
  it('offers every server when two main packages serve (the choice is asked, or --entrypoint)', async () => {
    const facts = (await detectGo(
      project({ 'go.mod': 'module m\n\ngo 1.24\n', 'cmd/a/main.go': main(':1'), 'cmd/b/main.go': main(':2') }),
    ))!;
    assert.deepEqual(facts.entrypoints, ['./cmd/a', './cmd/b']);
    assert.equal(facts.notes, undefined);
  });
  it('names what blocks a build: no main package, requirements without go.sum, a too-new go line', async () => {
    const facts = (await detectGo(
      project({
        'go.mod': 'module m\n\ngo 1.99\n\nrequire (\n\tgithub.com/x/y v1.0.0\n)\n',
        'lib.go': 'package lib\n\nimport "C"\n',
      }),
    ))!;
    const problems = facts.problems.join('\n');
    assert.match(problems, /no main package/);
    assert.match(problems, /no go\.sum: run `go mod tidy`/);
    assert.match(problems, /go\.mod asks for go ≥1\.99, newer than the supported/);
    assert.equal(facts.runtimeVersion, undefined);
  });
});
