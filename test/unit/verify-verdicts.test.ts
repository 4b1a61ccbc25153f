/** The verifier's verdict helpers: root causes from logs, HTTP probing, the Go cgo trap. No engine needed. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'mocha';
import { cgoProblem } from '../../src/languages/go.js';
import { explain, privateLogFolder, saveLog } from '../../src/verify/diagnose.js';
import { get } from '../../src/verify/http.js';
import { transientNetworkCause } from '../../src/verify/transient.js';
import { describeProbes, healthcheckPath, probeHttp, probePaths } from '../../src/verify/probe.js';

describe('root causes out of long logs', () => {
  it('a gunicorn boot failure: the traceback frame and PermissionError, not only the tail', () => {
    const log = [
      '[2026-11-30 10:00:00 +0000] [1] [INFO] Starting gunicorn 23.0.0',
      '[2026-11-30 10:00:00 +0000] [7] [ERROR] Exception in worker process',
      'Traceback (most recent call last):',
      '  File "/usr/local/lib/python3.13/site-packages/gunicorn/arbiter.py", line 608, in spawn_worker',
      '    worker.init_process()',
      '  File "/app/shop/__init__.py", line 12, in create_app',
      '    os.makedirs(app.instance_path)',
      "PermissionError: [Errno 13] Permission denied: '/app/instance'",
      ...Array.from({ length: 40 }, (_, i) => `[INFO] Worker exiting (pid: ${i})`),
      '[2026-11-30 10:00:01 +0000] [1] [ERROR] Reason: Worker failed to boot.',
    ].join('\n');
    const { causes, tail } = explain(log);
    assert.ok(
      causes.some((line) => line.includes("PermissionError: [Errno 13] Permission denied: '/app/instance'")),
      causes.join('\n'),
    );
    assert.ok(
      causes.some((line) => line.includes('File "/app/shop/__init__.py", line 12')),
      'the last frame',
    );
    assert.ok(!tail.join('\n').includes('PermissionError'), 'the tail alone would have hidden it');
  });
  it("a library's crash at import: the app's own deepest frame is named beside the library's", () => {
    const log = [
      'Traceback (most recent call last):',
      '  File "/usr/local/lib/python3.11/site-packages/gunicorn/arbiter.py", line 609, in spawn_worker',
      '  File "/app/app/__init__.py", line 8, in <module>',
      '    from app import forms',
      '  File "/app/app/forms.py", line 5, in <module>',
      '    directory = ldap_client.connect(LDAP_URL)',
      '  File "/usr/local/lib/python3.11/site-packages/ipalib/rpc.py", line 880, in connect',
      '    raise e.lookup',
      "AttributeError: 'ModuleNotFoundError' object has no attribute 'lookup'",
    ].join('\n');
    const { causes } = explain(log);
    assert.ok(causes.includes('File "/app/app/forms.py", line 5, in <module>'), causes.join('\n'));
    assert.ok(causes.some((line) => line.includes('ipalib/rpc.py')));
    assert.match(causes[0], /^AttributeError/);
  });
  it("Yarn's informational codes are never a cause (YN0013 'can't be found in the cache')", () => {
    const log = [
      "#8 2.1 ➤ YN0013: │ express@npm:4.18.2 can't be found in the cache and will be fetched from the remote registry",
      "#8 9.0 ➤ YN0009: │ better-sqlite3@npm:12.1.0 couldn't be built successfully (exit code 1, logs can be found here: /tmp/xfs-1/build.log)",
    ].join('\n');
    const { causes } = explain(log);
    assert.ok(!causes.some((line) => line.includes('YN0013')), causes.join('\n'));
    assert.ok(causes.some((line) => line.includes('YN0009')));
  });
  it('a failed native build: pg_config, even when pip prints pages after it', () => {
    const log = [
      '#9 3.1 Collecting psycopg2==2.9.9',
      '#9 4.2   error: subprocess-exited-with-error',
      '#9 4.2   Error: pg_config executable not found.',
      ...Array.from({ length: 60 }, () => '#9 4.3   note: This error originates from a subprocess'),
      '#9 ERROR: process "/bin/sh -c pip install" did not complete successfully: exit code: 1',
    ].join('\n');
    assert.ok(explain(log).causes.some((line) => line.includes('pg_config executable not found')));
  });
  it("a source build's own reason, not pip's subprocess-exited wrapper", () => {
    const log = [
      '#9 12.1   error: subprocess-exited-with-error',
      '#9 12.1   × Getting requirements to build wheel did not run successfully.',
      '#9 12.1       File "setup.py", line 3, in <module>',
      '#9 12.1           raise Exception("you need a C compiler to build uWSGI")',
      '#9 12.1       Exception: you need a C compiler to build uWSGI',
      '#9 12.2 error: subprocess-exited-with-error',
    ].join('\n');
    assert.equal(explain(log).causes[0], 'Exception: you need a C compiler to build uWSGI');
  });
  it("the Go compiler's first error, not BuildKit's executor-failed line", () => {
    const log = [
      '#14 3.2 http/dial.go:197:17: undefined: html.DialEditTemplate',
      '#14 3.2 http/http.go:100:16: undefined: html.ErrorTemplate',
      '#14 ERROR: executor failed running [/bin/sh -c CGO_ENABLED=0 go build -o /out/app ./cmd/wtfd]: exit code: 1',
    ].join('\n');
    assert.equal(explain(log).causes[0], 'http/dial.go:197:17: undefined: html.DialEditTemplate');
  });
  it('go panics and import errors', () => {
    assert.ok(
      explain('starting\npanic: runtime error: invalid memory address\ngoroutine 1 [running]:').causes[0].startsWith(
        'panic:',
      ),
    );
    assert.ok(
      explain(
        'Traceback (most recent call last):\n  File "/app/app.py", line 1, in <module>\n    import flask_sqlalchemy\nModuleNotFoundError: No module named \'flask_sqlalchemy\'',
      ).causes.includes("ModuleNotFoundError: No module named 'flask_sqlalchemy'"),
    );
  });
});

describe('HTTP verdict', () => {
  let server: Server;
  let base = '';
  const routes: Record<string, [number, string]> = {
    '/ok': [200, 'fine'],
    '/missing': [404, 'nope'],
    '/boom': [500, 'Internal Server Error\nstack'],
    '/to-boom': [301, '/boom'],
    '/to-ok': [302, 'http://127.0.0.1:PORT/ok'],
    '/to-tls': [301, 'https://127.0.0.1/secure'],
    '/always-tls': [301, 'https://127.0.0.1/always-tls'],
    '/loop': [302, '/loop'],
  };
  before(async () => {
    server = createServer((req, res) => {
      // Django's SECURE_SSL_REDIRECT behind SECURE_PROXY_SSL_HEADER: a proxy that says https gets the page.
      if (req.url === '/secure' && req.headers['x-forwarded-proto'] === 'https')
        return void res.writeHead(200).end('secure');
      // Django's ALLOWED_HOSTS: a name the allow-list lacks gets 400 DisallowedHost.
      if (req.url === '/allow-localhost')
        return void res.writeHead(req.headers.host?.startsWith('localhost:') ? 200 : 400).end(req.headers.host);
      if (req.url === '/allow-address')
        return void res.writeHead(req.headers.host?.startsWith('127.0.0.1:') ? 200 : 400).end(req.headers.host);
      if (req.url === '/allow-none') return void res.writeHead(400).end('Bad Request (400)');
      const [status, body] = routes[req.url ?? ''] ?? [404, 'not found'];
      const port = String((server.address() as AddressInfo).port);
      if (status >= 300 && status < 400) res.writeHead(status, { location: body.replace('PORT', port) }).end();
      else res.writeHead(status).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('asks as a person would (Host: localhost:PORT), then as 127.0.0.1:PORT after a 400', async () => {
    const named = await probeHttp({ baseUrl: base, paths: ['/allow-localhost'], timeoutSeconds: 5 });
    assert.equal(named.kind, 'pass');
    if (named.kind === 'pass') assert.match(named.body, /^localhost:\d+$/);
    const address = await probeHttp({ baseUrl: base, paths: ['/allow-address'], timeoutSeconds: 5 });
    assert.equal(address.kind, 'pass');
    const neither = await probeHttp({ baseUrl: base, paths: ['/allow-none'], timeoutSeconds: 5 });
    assert.equal(neither.kind, 'not-found');
    assert.equal(neither.probes[0].status, 400);
  });

  it('passes on the first 2xx path, after asking every path', async () => {
    const verdict = await probeHttp({ baseUrl: base, paths: ['/missing', '/ok', '/'], timeoutSeconds: 5 });
    assert.equal(verdict.kind, 'pass');
    if (verdict.kind === 'pass') assert.equal(verdict.probe.path, '/ok');
    assert.deepEqual(
      verdict.probes.map((probe) => [probe.path, probe.status]),
      [
        ['/missing', 404],
        ['/ok', 200],
        ['/', 404],
      ],
    );
  });
  it('asks every path: a 5xx behind a passing /health still fails', async () => {
    const verdict = await probeHttp({ baseUrl: base, paths: ['/ok', '/missing', '/boom'], timeoutSeconds: 5 });
    assert.equal(verdict.kind, 'server-error');
    if (verdict.kind === 'server-error') assert.equal(verdict.probe.path, '/boom');
  });
  it('follows redirects within the app: / → 301 → a page that errors is an error', async () => {
    const verdict = await probeHttp({ baseUrl: base, paths: ['/to-boom'], timeoutSeconds: 5 });
    assert.equal(verdict.kind, 'server-error');
    assert.equal(describeProbes(verdict.probes), '/to-boom → /boom → 500');
    const ok = await probeHttp({ baseUrl: base, paths: ['/to-ok'], timeoutSeconds: 5 });
    assert.equal(ok.kind, 'pass');
    assert.equal(describeProbes(ok.probes), '/to-ok → /ok → 200');
  });
  it('a redirect to https on the same host is followed as a TLS proxy would ask (X-Forwarded-Proto)', async () => {
    const tls = await probeHttp({ baseUrl: base, paths: ['/to-tls'], timeoutSeconds: 5 });
    assert.equal(tls.kind, 'pass');
    assert.equal(describeProbes(tls.probes), '/to-tls → https:/secure → 200');
  });
  it('an app that redirects to https even behind the proxy, or a loop, stands as its own answer', async () => {
    const always = await probeHttp({ baseUrl: base, paths: ['/always-tls'], timeoutSeconds: 5 });
    assert.equal(always.kind, 'pass');
    assert.equal(describeProbes(always.probes), '/always-tls → https:/always-tls → 301');
    const loop = await probeHttp({ baseUrl: base, paths: ['/loop'], timeoutSeconds: 5 });
    assert.equal(loop.kind, 'pass');
    assert.equal(loop.probes[0].redirects?.length, 5);
  });
  it('404 everywhere is a failure listing the paths tried', async () => {
    const verdict = await probeHttp({ baseUrl: base, paths: ['/health', '/healthz', '/'], timeoutSeconds: 5 });
    assert.equal(verdict.kind, 'not-found');
    assert.deepEqual(
      verdict.probes.map((probe) => probe.status),
      [404, 404, 404],
    );
  });
  it('a 5xx fails at once with its first body line, without waiting for the timeout', async () => {
    const start = Date.now();
    const verdict = await probeHttp({ baseUrl: base, paths: ['/boom', '/ok'], timeoutSeconds: 60 });
    assert.equal(verdict.kind, 'server-error');
    assert.ok(Date.now() - start < 5000);
    if (verdict.kind === 'server-error') assert.equal(verdict.probe.firstLine, 'Internal Server Error');
  });
  it('paths: --http-path alone, else sample, HEALTHCHECK path, routes, then the usual ones', () => {
    assert.deepEqual(probePaths({ httpPath: '/api/items', healthcheck: '/health', routes: ['/x'] }), ['/api/items']);
    assert.deepEqual(probePaths({ healthcheck: '/', routes: ['/healthz', '/items'] }), [
      '/',
      '/healthz',
      '/items',
      '/health',
    ]);
    assert.equal(healthcheckPath(['CMD', 'python', '-c', "c.request('GET', '/health'); sys.exit(0)"]), '/health');
    assert.equal(healthcheckPath(['CMD-SHELL', 'curl -fsS http://localhost:8000/ready || exit 1']), '/ready');
    assert.equal(healthcheckPath(['CMD', '/usr/local/bin/healthcheck']), undefined);
  });
});

describe('Go cgo trap (from the build info every Go binary carries)', () => {
  const binary = (settings: string, deps: string[]) =>
    Buffer.from(
      `\0\0go1.24.4\npath\texample.com/app\nmod\texample.com/app\t(devel)\t\n${deps.map((dep) => `dep\t${dep}\tv1.0.0\th1:abc=\n`).join('')}build\t-trimpath=true\nbuild\t${settings}\n\0`,
    );
  it('names the cgo-only module compiled into a CGO_ENABLED=0 binary', () => {
    assert.match(
      cgoProblem(binary('CGO_ENABLED=0', ['github.com/gin-gonic/gin', 'github.com/mattn/go-sqlite3']))!,
      /github\.com\/mattn\/go-sqlite3 needs cgo/,
    );
  });
  it('is quiet for cgo builds and for binaries without such modules', () => {
    assert.equal(cgoProblem(binary('CGO_ENABLED=1', ['github.com/mattn/go-sqlite3'])), undefined);
    assert.equal(cgoProblem(binary('CGO_ENABLED=0', ['github.com/gin-gonic/gin', 'modernc.org/sqlite'])), undefined);
  });
});

describe('one GET (the probe under every HTTP verdict)', () => {
  let server: Server;
  let base = '';
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/stall-body') {
        // Headers at once, then a body that never ends: the deadline must settle the GET.
        res.writeHead(200);
        res.write('partial');
        return;
      }
      if (req.url === '/reset-mid-body') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        setTimeout(() => req.socket.destroy(), 50);
        return;
      }
      res.writeHead(200).end('whole');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('settles at its deadline when the body stalls, and holds the process open meanwhile', async () => {
    const started = Date.now();
    assert.equal(await get(`${base}/stall-body`, 400), undefined);
    const took = Date.now() - started;
    assert.ok(took >= 350 && took < 5000, `settled after ${took} ms`);
  });

  it('a connection reset mid-body is no answer; a whole body is one', async () => {
    assert.equal(await get(`${base}/reset-mid-body`, 2000), undefined);
    assert.deepEqual(await get(`${base}/`, 2000), { status: 200, body: 'whole', location: undefined });
  });

  it('a connection the port proxy accepts and closes before the app listens: the GET settles, the process waits for it', async () => {
    // docker-proxy accepts on the published port and closes at once while nothing listens in the
    // container. Node 20's fetch never settled on that and held no timer: with nothing else pending the
    // process exited 0 mid-probe, no verdict printed (the defect seen on a busy engine). A child process
    // whose only work is such a GET must print its result.
    const proxy = createNetServer((socket) => socket.end());
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/`;
    try {
      const script = `import { get } from ${JSON.stringify(new URL('../../src/verify/http.ts', import.meta.url).pathname)};
        for (let i = 0; i < 3; i++) console.log('settled', (await get(process.argv[1], 500)) === undefined);`;
      // From the repo root: yeoman-test moves the runner's cwd into temp folders, where `tsx` does not resolve.
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, url], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(status, 0, stderr);
      assert.equal(stdout.match(/settled true/g)?.length, 3, stdout);
    } finally {
      proxy.close();
    }
  });
});

describe('a build that failed on the network for a moment', () => {
  it('names the transient cause (DNS, resets, timeouts) so the build is retried once', () => {
    assert.equal(
      transientNetworkCause(
        "E: Failed to fetch http://deb.debian.org/debian/pool/main/t/tini/tini_0.19.0-3%2bb8_amd64.deb  Temporary failure resolving 'deb.debian.org'",
      ),
      "Temporary failure resolving 'deb.debian.org'",
    );
    assert.match(
      transientNetworkCause(
        'npm error request to https://registry.npmjs.org/x failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org',
      ) ?? '',
      /EAI_AGAIN registry\.npmjs\.org/,
    );
    assert.match(
      transientNetworkCause('curl: (6) Could not resolve host: example.org') ?? '',
      /Could not resolve host/,
    );
  });

  it('leaves every failure of the Dockerfile or the app alone', () => {
    for (const output of [
      'ERROR: Could not find a version that satisfies the requirement flask==99',
      'npm error 404 Not Found - GET https://registry.npmjs.org/nonexistent-pkg',
      'error[E0425]: cannot find value `x` in this scope',
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin',
    ])
      assert.equal(transientNetworkCause(output), undefined, output);
  });
});

describe('full logs of a failed verification', () => {
  it("go to the user's own private folder ($XDG_STATE_HOME/slim-docker/logs, 0700; the file 0600)", async () => {
    const state = mkdtempSync(join(tmpdir(), 'slim-state-'));
    const saved = process.env.XDG_STATE_HOME;
    process.env.XDG_STATE_HOME = state;
    try {
      const dir = await privateLogFolder();
      assert.equal(dir, join(state, 'slim-docker', 'logs'));
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      const path = await saveLog('run1', 'build', 'the log');
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(readFileSync(path, 'utf8'), 'the log');
    } finally {
      if (saved === undefined) delete process.env.XDG_STATE_HOME;
      else process.env.XDG_STATE_HOME = saved;
    }
  });
});
