/** Rust detection of the Cargo shapes the examples do not cover, and the pack's cache-proof edit. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { rust, rustString } from '../../src/languages/rust.js';
import { lockedPackages, systemLibrariesIn, type RustExtra } from '../../src/languages/rust-detect.js';
import { tempTree } from '../support/temp-tree.js';

const rustFacts = async (files: Record<string, string>) => (await rustProject(files)).found;
const rustProject = async (files: Record<string, string>) => {
  const facts = await detect(tempTree('rust-detect-', files));
  const found = facts.detected.find((f) => f.language === 'rust');
  assert.ok(found, 'detected as rust');
  return { facts, found };
};

const ROCKET_MAIN =
  '#[macro_use] extern crate rocket;\n#[get("/")]\nfn index() -> &\'static str { "hi" }\n#[launch]\nfn rocket() -> _ { rocket::build().mount("/", routes![index]) }\n';

describe('rust detection', () => {
  it('a project without Cargo.lock is refused with the command that makes one', async () => {
    const facts = await rustFacts({
      'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n[dependencies]\naxum = "0.8"\n',
      'src/main.rs': 'fn main() {}\n',
    });
    assert.equal(facts.problems.length, 1);
    assert.match(facts.problems[0], /no Cargo\.lock: run `cargo generate-lockfile`/);
  });

  it('a workspace member without its own Cargo.lock is sent to the workspace root, whose lock pins it', async () => {
    const root = tempTree('rust-member-', {
      'Cargo.toml': '[workspace]\nmembers = ["*"]\n',
      'Cargo.lock': 'version = 3\n',
      'api/Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\n[dependencies]\naxum = "0.8"\n',
      'api/src/main.rs': 'fn main() {}\n',
    });
    const found = (await detect(join(root, 'api'))).detected.find((f) => f.language === 'rust');
    assert.deepEqual(found?.problems, [
      `this package is a member of the Cargo workspace in ${root}, whose Cargo.lock pins it: run slim-docker there`,
    ]);
  });

  it('rocket: its own port (8000) and variable (ROCKET_PORT); the Dockerfile binds it to 0.0.0.0', async () => {
    const { facts: all, found: facts } = await rustProject({
      'Cargo.toml': '[package]\nname = "site"\nversion = "0.1.0"\n[dependencies]\nrocket = "0.5"\n',
      'Cargo.lock': '# lock\n',
      'src/main.rs': ROCKET_MAIN,
    });
    assert.equal(facts.framework, 'rocket');
    assert.equal(facts.port, 8000);
    assert.equal(facts.portEnv, 'ROCKET_PORT');
    assert.deepEqual(facts.entrypoints, ['site']);
    const { answers } = await resolveAnswers({ flags: {}, saved: {}, facts: all, yes: true });
    const text = (await renderAll(plan(answers, all))).find((f) => f.destination === 'Dockerfile')!.contents;
    assert.match(text, /^ENV PORT=8000 ROCKET_PORT=8000$/m);
    assert.match(text, /^ENV ROCKET_ADDRESS=0\.0\.0\.0$/m);
  });

  it('rust-version is a minimum: the newest supported version at or above it, all of those allowed', async () => {
    const facts = await rustFacts({
      'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\nrust-version = "1.93"\n',
      'Cargo.lock': '# lock\n',
      'src/main.rs': 'fn main() {}\n',
    });
    assert.equal(facts.runtimeVersion, '1.95');
    assert.deepEqual(facts.allowedVersions, { versions: ['1.93', '1.94', '1.95'], source: 'Cargo.toml rust-version' });
  });

  it('a toolchain pinned outside the supported versions is a problem naming them', async () => {
    const facts = await rustFacts({
      'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n',
      'Cargo.lock': '# lock\n',
      'rust-toolchain': '1.70.0\n',
      'src/main.rs': 'fn main() {}\n',
    });
    assert.match(facts.problems.join('\n'), /rust-toolchain pins Rust 1\.70, not one of the supported 1\.85/);
  });

  it('src/bin targets, [[bin]] paths and a declared build script are all stubbed; the server bin ranks first', async () => {
    const facts = await rustFacts({
      'Cargo.toml':
        '[package]\nname = "tool"\nversion = "0.1.0"\nbuild = "build.rs"\n[[bin]]\nname = "migrate"\npath = "tools/migrate.rs"\n[dependencies]\nactix-web = "4"\n',
      'Cargo.lock': '# lock\n',
      'build.rs': 'fn main() {}\n',
      'src/main.rs': 'fn main() { println!("cli"); }\n',
      'src/bin/web.rs':
        'use actix_web::{App, HttpServer};\n#[actix_web::main]\nasync fn main() -> std::io::Result<()> { HttpServer::new(|| App::new()).bind(("0.0.0.0", 9000))?.run().await }\n',
      'tools/migrate.rs': 'fn main() {}\n',
    });
    assert.equal(facts.entrypoints[0], 'web');
    assert.equal(facts.port, 9000);
    assert.deepEqual([...facts.entrypoints].sort(), ['migrate', 'tool', 'web']);
    assert.deepEqual([...(facts.extra as { stubBins: string[] }).stubBins].sort(), [
      'build.rs',
      'src/bin/web.rs',
      'src/main.rs',
      'tools/migrate.rs',
    ]);
  });

  it('an undeclared build.rs is stubbed too (its build-dependencies belong in the dependency layer)', async () => {
    const facts = await rustFacts({
      'Cargo.toml': '[package]\nname = "grpc"\nversion = "0.1.0"\n[build-dependencies]\nprost-build = "0.13"\n',
      'Cargo.lock': '# lock\n',
      'build.rs': 'fn main() { prost_build::compile_protos(&["a.proto"], &["."]).unwrap(); }\n',
      'src/main.rs': 'fn main() {}\n',
    });
    assert.deepEqual((facts.extra as { stubBins: string[] }).stubBins, ['src/main.rs', 'build.rs']);
  });

  it('a server bound to 127.0.0.1 gets a note (unreachable from outside the container)', async () => {
    const facts = await rustFacts({
      'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n[dependencies]\naxum = "0.8"\n',
      'Cargo.lock': '# lock\n',
      'src/main.rs': 'async fn main() { let l = tokio::net::TcpListener::bind("127.0.0.1:3000").await; }\n',
    });
    assert.equal(facts.port, 3000);
    assert.match(facts.notes?.[0] ?? '', /binds 127\.0\.0\.1/);
  });
});

/** A Cargo.lock holding these packages (what detection reads of it: the names). */
const lockOf = (...names: string[]) =>
  `version = 4\n${names.map((name) => `\n[[package]]\nname = "${name}"\nversion = "1.0.0"\n`).join('')}`;

const SERVER = 'fn main() { let _ = std::env::var("PORT"); }\n';

/** The Dockerfile for a project, with these flags (rendered as the bin would, nothing written). */
async function dockerfileFor(files: Record<string, string>, flags: Record<string, unknown>) {
  const { facts } = await rustProject(files);
  const { answers } = await resolveAnswers({ flags, saved: {}, facts, yes: true });
  return (await renderAll(plan(answers, facts))).find((f) => f.destination === 'Dockerfile')!.contents;
}

describe('rust static musl build (--base static)', () => {
  it('system C libraries: listed unless their source build is in the lock or a bundled feature is named', () => {
    const plain = '[dependencies]\nrusqlite = "0.32"\n';
    const bundled = '[dependencies]\nrusqlite = { version = "0.32", features = ["bundled"] }\n';
    assert.deepEqual(systemLibrariesIn(lockedPackages(lockOf('openssl-sys', 'native-tls')), [plain]), [
      'openssl-sys (links the system OpenSSL)',
    ]);
    assert.deepEqual(systemLibrariesIn(lockedPackages(lockOf('openssl-sys', 'openssl-src')), [plain]), []);
    assert.deepEqual(systemLibrariesIn(lockedPackages(lockOf('libsqlite3-sys')), [plain]), [
      'libsqlite3-sys (links the system SQLite)',
    ]);
    assert.deepEqual(systemLibrariesIn(lockedPackages(lockOf('libsqlite3-sys')), [plain, bundled]), []);
    assert.deepEqual(systemLibrariesIn(lockedPackages(lockOf('pq-sys', 'mysqlclient-sys')), []), [
      'pq-sys (links the system libpq (PostgreSQL))',
      'mysqlclient-sys (links the system libmysqlclient)',
    ]);
    assert.deepEqual(systemLibrariesIn(lockedPackages('not toml ['), []), [], 'an unreadable lock names nothing');
  });

  it('detection reads them from Cargo.lock and a workspace member manifest, with whether C is compiled', async () => {
    const facts = await rustFacts({
      'Cargo.toml': '[workspace]\nmembers = ["db"]\n',
      'db/Cargo.toml':
        '[package]\nname = "db"\nversion = "0.1.0"\n[dependencies]\nlibsqlite3-sys = { version = "0.30", features = ["bundled"] }\n',
      'db/src/main.rs': SERVER,
      'Cargo.lock': lockOf('cc', 'libsqlite3-sys', 'openssl-sys'),
    });
    const extra = facts.extra as RustExtra;
    assert.deepEqual(extra.systemLibraries, ['openssl-sys (links the system OpenSSL)']);
    assert.equal(extra.compilesC, true);
  });

  it('refuses --base static for a crate linking a system library (one line naming it); distroless still builds', async () => {
    const files = {
      'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n[dependencies]\npq-sys = "0.6"\n',
      'Cargo.lock': lockOf('pq-sys', 'svc'),
      'src/main.rs': SERVER,
    };
    await assert.rejects(
      dockerfileFor(files, { base: 'static' }),
      (error: Error & { field?: string }) =>
        /static cannot build this app: Cargo\.lock has pq-sys \(links the system libpq \(PostgreSQL\)\), which the musl target cannot link/.test(
          error.message,
        ) && !error.message.includes('\n'),
    );
    assert.match(await dockerfileFor(files, {}), /^FROM gcr\.io\/distroless\/cc-debian12:nonroot$/m);
  });

  it('builds for the musl target (probe too), adds musl-tools only when C is compiled, the target again after a toolchain pin', async () => {
    const base = { 'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n', 'src/main.rs': SERVER };
    const pure = await dockerfileFor({ ...base, 'Cargo.lock': lockOf('svc', 'itoa') }, { base: 'static' });
    assert.match(pure, /^RUN rustup target add x86_64-unknown-linux-musl$/m);
    assert.match(pure, /rustc .*--target x86_64-unknown-linux-musl -o \/out\/healthcheck/);
    assert.match(pure, /cargo clean --release --target x86_64-unknown-linux-musl -p svc$/m);
    assert.match(pure, /cp target\/x86_64-unknown-linux-musl\/release\/svc \/out\/app$/m);
    assert.match(pure, /^FROM gcr\.io\/distroless\/static-debian12:nonroot$/m);
    assert.match(pure, /^USER 65532:65532$/m);
    assert.doesNotMatch(pure, /musl-tools/);
    const withC = await dockerfileFor({ ...base, 'Cargo.lock': lockOf('svc', 'cc', 'ring') }, { base: 'static' });
    assert.match(withC, /apt-get install -y --no-install-recommends musl-tools/);
    const pinned = await dockerfileFor(
      { ...base, 'Cargo.lock': lockOf('svc'), 'rust-toolchain.toml': '[toolchain]\nchannel = "1.95"\n' },
      { base: 'static' },
    );
    assert.equal(pinned.match(/^RUN rustup target add x86_64-unknown-linux-musl$/gm)?.length, 2);
    const glibc = await dockerfileFor({ ...base, 'Cargo.lock': lockOf('svc', 'cc') }, {});
    assert.doesNotMatch(glibc, /musl|--target/);
  });
});

describe('rust pack', () => {
  it('the cache-proof edit adds a kept static holding the marker (a comment would not change the binary)', () => {
    const edited = rust.verification.editSource('fn main() {}\n', 'edited by slim-docker verify 1234');
    assert.match(
      edited,
      /#\[used\]\n#\[unsafe\(no_mangle\)\]\npub static SLIM_DOCKER_VERIFY_EDIT: \[u8; 33\] = \*b"edited by slim-docker verify 1234";/,
    );
  });
  it('the dependency step is the stub build (it cleans), never the real build after COPY . .', () => {
    const step = rust.verification.dependencyStep;
    assert.ok(step.test('cargo build --release --locked --bin api \\\n && cargo clean --release -p api'));
    assert.ok(
      !step.test('cargo build --release --locked --bin api \\\n && mkdir -p /out && cp target/release/api /out/app'),
    );
    assert.ok(step.test('cargo chef cook --release --recipe-path recipe.json'), "a cargo-chef user's dependency step");
  });
  it('rustString escapes quotes, backslashes and controls', () => {
    assert.equal(rustString('a"b\\c\n\u0001'), '"a\\"b\\\\c\\n\\u{1}"');
  });
});
