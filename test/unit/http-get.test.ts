/**
 * The verifier's one GET against a server that accepts the connection and closes it at once, which is
 * what docker-proxy does on the default bridge while the app in the container is not listening yet.
 * Node's fetch can then stay pending with nothing keeping the process alive: with an unref'd timeout
 * (AbortSignal.timeout) the process exited 0 in the middle of verification, with no verdict and no
 * report. Run in a child process of its own, where nothing else keeps the event loop going.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'mocha';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HTTP = fileURLToPath(new URL('../../src/verify/http.ts', import.meta.url));

describe('verify/http get(): a connection closed at once', () => {
  let server: Server;
  let port: number;

  before(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => server.close());

  it('returns "no answer" in bounded time; the process does not end with the request pending', async () => {
    const script =
      `const { get } = await import(${JSON.stringify(HTTP)});` +
      `for (let i = 0; i < 3; i++) console.log('result', JSON.stringify((await get('http://127.0.0.1:${port}/', 500)) ?? null));` +
      `console.log('done');`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      // From the repository (other suites chdir into temp folders): `--import tsx` resolves from the cwd.
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('close', (exit) => {
        clearTimeout(deadline);
        resolve(exit);
      });
    });
    assert.equal(code, 0, output);
    assert.equal(output, 'result null\nresult null\nresult null\ndone\n');
  });
});
