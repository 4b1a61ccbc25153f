/**
 * Go end to end with the real engine (never mocked, never skipped): generate a net/http sample into an
 * empty folder through the bin, verify for real, and assert on the report and on the engine's state.
 * The builder is golang:1.24: the version Debian trixie ships, so the stand-in image carries it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'mocha';
import { check, engine, freePort, projectWithSecrets, slimDocker, treeHash, type Report } from './helpers.js';

/** The Go version of the golang stand-in image (scripts/stand-in-images.sh). */
const GO_VERSION = '1.24';




/**
 * Verification containers and images of these Go runs (helpers' leftovers() counts every run's, which
 * is wrong while another suite verifies at the same time on the same engine).
 */
function goLeftovers(): string[] {
  const mine = (format: string, args: string[]) =>
    engine([...args, '--filter', 'label=org.slim-docker.verify', '--format', format]).split('\n').filter((line) => /slim-docker-verify\/(slim-)?e2e-go-/.test(line));
  return [...mine('{{.ID}} {{.Image}}', ['ps', '--all']), ...mine('{{.ID}} {{.Repository}}', ['images'])];
}

const CASES = [
  // No --base: the Go pack's default, distroless static :nonroot (uid 65532).
  { base: undefined, name: 'distroless', uid: 65532, baseImage: 'gcr.io/distroless/static-debian12:nonroot' },
  { base: 'scratch', name: 'scratch', uid: 10001, baseImage: 'scratch' },
  { base: 'slim', name: 'slim', uid: 10001, baseImage: 'debian:trixie-slim' },
] as const;

before(() => {
  // The engine must answer: an e2e run without one is a failure, not a skip.
  assert.match(engine(['version', '--format', '{{.Server.Version}}']), /^\d+\./);
});

for (const c of CASES) {
  describe(`go/net-http, ${c.name} runtime${c.base ? '' : ' (default)'}, through the bin`, () => {
    let dir: string;
    let report: Report;
    let port: number;
    let status: number;
    let output: string;

    before(async () => {
      dir = projectWithSecrets('slim-e2e-go-', { 'bin/app': 'a stale local build\n', 'coverage.out': 'mode: set\n' });
      port = await freePort();
      const baseFlag = c.base ? ['--base', c.base] : [];
      ({ status, output } = slimDocker(
        ['--yes', '--language', 'go', '--runtime-version', GO_VERSION, '--sample-app', ...baseFlag, '--port', String(port), '--app-name', `e2e-go-${c.name}`, '--report', 'report.json'],
        dir,
      ));
      report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    });

    it('writes the Go files and exits 0 with a passing verification table', () => {
      assert.equal(status, 0, output);
      assert.match(output, /Verification: verified \(\d+\/\d+ checks passed\)/);
      assert.equal(report.ok, true);
      assert.ok(report.checks.every((k) => k.ok), JSON.stringify(report.checks, null, 1));
      assert.equal(readFileSync(join(dir, 'go.mod'), 'utf8'), `module e2e-go-${c.name}\n\ngo ${GO_VERSION}\n`);
      assert.match(readFileSync(join(dir, 'Dockerfile'), 'utf8'), new RegExp(`^FROM ${c.baseImage.replace(/[.:/]/g, '\\$&')}$`, 'm'));
    });

    it('runs as a non-root numeric uid, asked of the image', () => {
      assert.equal(report.uid, c.uid);
      assert.equal(report.user, `${c.uid}:${c.uid}`);
    });

    it('exposes the chosen port', () => {
      assert.deepEqual(report.exposedPorts, [`${port}/tcp`]);
    });

    it('serves the edited greeting after the rebuild (the edit reached the binary)', () => {
      assert.match(report.httpBody, new RegExp(`Hello from e2e-go-${c.name} \\(edited by slim-docker verify\\)`));
    });

    it('reuses the build stage up to go mod download byte for byte after a code edit', () => {
      const deps = check(report, 'dependency layers reused');
      assert.ok(deps.ok, deps.detail);
      assert.match(deps.detail, /layers up to the dependency install identical; 1 rebuilt/);
      // Times are reported, not asserted (speed belongs in `npm run bench`); the layer digests are the proof.
      assert.ok(report.rebuildSeconds > 0 && report.coldBuildSeconds > 0);
    });

    it('stops promptly on SIGTERM (graceful Shutdown) and reaches healthy through -healthcheck', () => {
      assert.ok(report.stopSeconds < 3, `stop took ${report.stopSeconds} s`);
      assert.ok(check(report, 'healthcheck').ok);
    });

    it('keeps .env, .git, bin and coverage output out of the build context', () => {
      const secrets = check(report, 'secrets kept out');
      assert.ok(secrets.ok);
      for (const name of ['.env', '.git', 'bin']) assert.match(secrets.detail, new RegExp(name.replace('.', '\\.')));
    });

    it('is small: the runtime base plus one static binary', () => {
      assert.equal(report.baseImage, c.baseImage);
      if (c.baseImage === 'scratch') assert.equal(report.baseImageBytes, 0);
      else assert.ok(report.baseImageBytes > 1e6, `base ${report.baseImageBytes}`);
      const added = report.imageBytes - report.baseImageBytes;
      assert.ok(added > 1e6 && added < 20e6, `the binary (+ certs) adds ${added} bytes`);
    });

    it('leaves no verification containers or images behind', () => {
      assert.ok(check(report, 'cleanup').ok);
      assert.deepEqual(goLeftovers(), []);
    });

    if (!c.base) {
      it('`slim-docker verify DIR` proves the same folder again without changing a file', () => {
        const beforeHash = treeHash(dir);
        const again = slimDocker(['verify', dir, '--report', join(tmpdir(), `again-go-${c.name}.json`)], tmpdir());
        assert.equal(again.status, 0, again.output);
        assert.deepEqual(treeHash(dir), beforeHash);
        assert.deepEqual(goLeftovers(), []);
      });
    }
  });
}

describe('an existing Go project (cmd/server layout, no sample) through the bin', () => {
  let dir: string;
  let report: Report;
  let port: number;
  let status: number;
  let output: string;

  before(async () => {
    dir = projectWithSecrets('slim-e2e-go-', { 'bin/app': 'a stale local build\n', 'coverage.out': 'mode: set\n' });
    port = await freePort();
    mkdirSync(join(dir, 'cmd/server'), { recursive: true });
    mkdirSync(join(dir, 'internal/greet'), { recursive: true });
    writeFileSync(join(dir, 'go.mod'), 'module example.com/shop\n\ngo 1.23\n');
    writeFileSync(join(dir, 'internal/greet/greet.go'), 'package greet\n\nfunc Text() string { return "shop says hi" }\n');
    // No health route and no -healthcheck flag: the generated probe must do.
    writeFileSync(
      join(dir, 'cmd/server/main.go'),
      `package main

import (
\t"context"
\t"fmt"
\t"net/http"
\t"os"
\t"os/signal"
\t"syscall"

\t"example.com/shop/internal/greet"
)

func main() {
\tport := os.Getenv("PORT")
\tif port == "" {
\t\tport = "${port}"
\t}
\tsrv := &http.Server{Addr: ":" + port, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, greet.Text()) })}
\tgo srv.ListenAndServe()
\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
\tdefer stop()
\t<-ctx.Done()
\tsrv.Shutdown(context.Background())
}
`,
    );
    ({ status, output } = slimDocker(['--yes', '--runtime-version', GO_VERSION, '--report', 'report.json'], dir));
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
  });

  it('detects Go, the cmd/server main package and its port, and verifies', () => {
    assert.equal(status, 0, output);
    assert.equal(report.ok, true, JSON.stringify(report.checks, null, 1));
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /-o \/out\/app \.\/cmd\/server\n/);
    assert.match(dockerfile, /^FROM gcr\.io\/distroless\/static-debian12:nonroot$/m);
    assert.deepEqual(report.exposedPorts, [`${port}/tcp`]);
    assert.equal(report.uid, 65532);
    assert.match(report.httpBody, /shop says hi/);
  });

  it('reaches healthy through the built-in probe, stops promptly, reuses the module layers', () => {
    assert.match(readFileSync(join(dir, 'Dockerfile'), 'utf8'), /CMD \["\/usr\/local\/bin\/healthcheck"\]/);
    assert.ok(check(report, 'healthcheck').ok);
    assert.ok(report.stopSeconds < 3, `stop took ${report.stopSeconds} s`);
    assert.match(check(report, 'dependency layers reused').detail, /identical; 1 rebuilt/);
    assert.ok(check(report, 'secrets kept out').ok);
    assert.deepEqual(goLeftovers(), []);
  });
});
