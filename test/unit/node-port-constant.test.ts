/** A port held in a constant (trial: gabrielhalus/headless-cms's `const port = 4000; serve({ fetch, port: port })`). */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { portFromSource } from '../../src/languages/node-source.js';

const port = (text: string) => portFromSource([{ path: 'src/index.ts', text }])?.port;

describe('node: a port constant the server is given', () => {
  it('reads the constant passed to serve() or listen(), by name, shorthand or `: number`', () => {
    assert.equal(port('const port = 4000;\n\nserve({\n  fetch: app.fetch,\n  port: port,\n});\n'), 4000);
    assert.equal(port('const port = 8787\nserve({ fetch: app.fetch, port })\n'), 8787);
    assert.equal(port("const port = 3000;\nserver.listen(port, '0.0.0.0', () => {});\n"), 3000);
    assert.equal(port('const HTTP_PORT: number = 5050;\napp.listen(HTTP_PORT);\n'), 5050);
  });
  it('ignores constants no server is given, and names read from elsewhere', () => {
    assert.equal(port('const retries = 4000;\napp.listen(port);\n'), undefined);
    assert.equal(port('const { port } = config;\nserve({ fetch, port });\n'), undefined);
    assert.equal(port('const port = 4000;\nconsole.log(port);\n'), undefined);
  });
  it('an env var with a default still comes first', () => {
    const found = portFromSource([
      { path: 'a.js', text: 'const port = 4000;\napp.listen(port);\n' },
      { path: 'b.js', text: 'const p = process.env.PORT || 5000;\n' },
    ]);
    assert.deepEqual([found?.port, found?.env], [5000, 'PORT']);
  });
});
