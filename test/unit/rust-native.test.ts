/** Debian packages for -sys crates (OpenSSL): the table's choice and the Dockerfile each base gets. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { nativePackages } from '../../src/languages/rust-native.js';
import { tempTree } from '../support/temp-tree.js';

const lockOf = (...names: string[]) =>
  `version = 4\n${names.map((name) => `\n[[package]]\nname = "${name}"\nversion = "1.0.0"\n`).join('')}`;
const SERVER = 'fn main() { let _ = std::env::var("PORT"); }\n';
const project = (...locked: string[]) => ({
  'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n[dependencies]\nopenssl = "0.10"\n',
  'Cargo.lock': lockOf('svc', ...locked),
  'src/main.rs': SERVER,
});

async function render(files: Record<string, string>, flags: Record<string, unknown>) {
  const facts = await detect(tempTree('rust-native-', files));
  const { answers } = await resolveAnswers({ flags, saved: {}, facts, yes: true });
  const dockerfile = (await renderAll(plan(answers, facts))).find((f) => f.destination === 'Dockerfile')!.contents;
  return { facts, dockerfile };
}

/** The runtime stage, and the build stage before it. */
const runtimeStage = (dockerfile: string) => dockerfile.slice(dockerfile.indexOf('# ---- Runtime stage'));
const buildStage = (dockerfile: string) => dockerfile.slice(0, dockerfile.indexOf('# ---- Runtime stage'));

describe('rust native packages (-sys crates in Cargo.lock)', () => {
  it('openssl-sys: pkg-config and libssl-dev to build, libssl3 in slim; vendored (openssl-src): perl and make only', () => {
    const system = nativePackages(new Set(['openssl', 'openssl-sys', 'native-tls']));
    assert.deepEqual([system.build, system.slimRuntime], [['pkg-config', 'libssl-dev'], ['libssl3']]);
    const vendored = nativePackages(new Set(['openssl', 'openssl-sys', 'openssl-src', 'cc']));
    assert.deepEqual([vendored.build, vendored.slimRuntime], [['perl', 'make'], []]);
    const none = nativePackages(new Set(['ring', 'cc', 'rustls']));
    assert.deepEqual([none.build, none.slimRuntime, none.reasons], [[], [], []]);
  });

  it('openssl-sys on distroless (the default): glibc build with the packages, cc runtime, a note saying why', async () => {
    const { facts, dockerfile } = await render(project('openssl', 'openssl-sys'), {});
    const build = buildStage(dockerfile);
    assert.match(
      build,
      /^RUN apt-get update \\\n && apt-get install -y --no-install-recommends pkg-config libssl-dev \\$/m,
    );
    assert.doesNotMatch(build, /musl|--target/);
    // The packages come before the dependency layer, which compiles openssl-sys.
    assert.ok(build.indexOf('libssl-dev') < build.indexOf('cargo build'));
    assert.match(runtimeStage(dockerfile), /^FROM gcr\.io\/distroless\/cc-debian12:nonroot$/m);
    assert.match(runtimeStage(dockerfile), /carries libssl3/);
    const rust = facts.detected.find((found) => found.language === 'rust')!;
    assert.ok(rust.notes?.some((note) => /openssl-sys .*built for glibc .*libssl3/.test(note)));
  });

  it('openssl-sys on slim: the runtime stage installs libssl3 (Debian slim has none)', async () => {
    const { dockerfile } = await render(project('openssl', 'openssl-sys'), { base: 'slim' });
    assert.match(
      runtimeStage(dockerfile),
      /^FROM debian:bookworm-slim\n[\s\S]*apt-get install -y --no-install-recommends libssl3 \\$/m,
    );
  });

  it('vendored openssl builds static for musl with musl-tools, perl and make in one step; nothing at run time', async () => {
    const { facts, dockerfile } = await render(project('openssl', 'openssl-sys', 'openssl-src', 'cc'), {
      base: 'static',
    });
    assert.match(dockerfile, /^ && apt-get install -y --no-install-recommends musl-tools perl make \\$/m);
    assert.equal(dockerfile.match(/apt-get install/g)?.length, 1);
    assert.match(runtimeStage(dockerfile), /^FROM gcr\.io\/distroless\/static-debian12:nonroot$/m);
    assert.ok(!facts.detected[0].notes?.some((note) => /openssl-sys/.test(note)), 'no system OpenSSL note');
  });

  it('no -sys crate: no apt step in the glibc build (the plain Dockerfile is unchanged)', async () => {
    const { dockerfile } = await render(
      {
        'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n',
        'Cargo.lock': lockOf('svc', 'cc'),
        'src/main.rs': SERVER,
      },
      {},
    );
    assert.doesNotMatch(dockerfile, /apt-get/);
  });
});
