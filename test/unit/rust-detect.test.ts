/** Rust detection of the Cargo shapes the examples do not cover, and the pack's cache-proof edit. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { rust, rustString } from '../../src/languages/rust.js';
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
