/** A project's .cargo/config(.toml): copied with the manifests, and a crates.io mirror named in a note. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { tempTree } from '../support/temp-tree.js';

const BASE = {
  'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n',
  'Cargo.lock': 'version = 4\n\n[[package]]\nname = "svc"\nversion = "0.1.0"\n',
  'src/main.rs': 'fn main() { let _ = std::env::var("PORT"); }\n',
};
const MIRROR =
  '[source.crates-io]\nreplace-with = \'rsproxy-sparse\'\n[source.rsproxy-sparse]\nregistry = "sparse+https://rsproxy.cn/index/"\n';

async function render(files: Record<string, string>) {
  const facts = await detect(tempTree('rust-cargo-config-', files));
  const { answers } = await resolveAnswers({ flags: {}, saved: {}, facts, yes: true });
  const dockerfile = (await renderAll(plan(answers, facts))).find((f) => f.destination === 'Dockerfile')!.contents;
  return { notes: facts.detected[0].notes ?? [], dockerfile };
}

describe('rust .cargo/config', () => {
  it('the legacy .cargo/config with a mirror: copied before the dependency build, the mirror named in a note', async () => {
    const { notes, dockerfile } = await render({ ...BASE, '.cargo/config': MIRROR });
    const copy = dockerfile.indexOf('\nCOPY .cargo/config .cargo/\n');
    assert.ok(copy > 0, 'copied');
    assert.ok(copy < dockerfile.indexOf('cargo build --release'), 'before the stub build');
    assert.ok(
      notes.some((note) =>
        /^\.cargo\/config replaces crates\.io with 'rsproxy-sparse' \(sparse\+https:\/\/rsproxy\.cn\/index\/\)/.test(
          note,
        ),
      ),
    );
  });

  it('config.toml wins over config; no mirror, no note; none, no COPY', async () => {
    const both = await render({ ...BASE, '.cargo/config': MIRROR, '.cargo/config.toml': '[net]\nretry = 3\n' });
    assert.match(both.dockerfile, /^COPY \.cargo\/config\.toml \.cargo\/$/m);
    assert.ok(!both.notes.some((note) => /crates\.io/.test(note)));
    const none = await render(BASE);
    assert.doesNotMatch(none.dockerfile, /\.cargo/);
  });
});
