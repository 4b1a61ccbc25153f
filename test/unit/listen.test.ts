/** "Listens on every interface": /proc/net/tcp parsing and the verdict (the engine part is e2e). */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { containerSockets, decodeAddress, judgeListen, parseProcNetTcp } from '../../src/verify/listen.js';

// Shaped like a real /proc/net/tcp on a little-endian machine: header, listeners, an established connection.
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 119 1 0000000054fa936d 100 0 0 10 0
   1: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 120 1 0000000054fa936d 100 0 0 10 0
   2: 0100007F:0BB8 0100007F:D2F0 01 00000000:00000000 02:00000062 00000000     0        0 3515831 2 00000000ef405d29 20 4 1 13 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:0DAC 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 121 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000000000000:0BB9 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 122 1 0000000000000000 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:0BBA 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 123 1 0000000000000000 100 0 0 10 0
   3: 000080FE00000000FF57A5FE1B1B02FE:0BBB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 124 1 0000000000000000 100 0 0 10 0
`;

describe('/proc/net/tcp parsing', () => {
  it('keeps listening sockets only, with the address decoded from host byte order', () => {
    assert.deepEqual(parseProcNetTcp(TCP, true), [
      { address: '127.0.0.1', port: 3000 },
      { address: '0.0.0.0', port: 8080 },
    ]);
  });

  it('decodes tcp6: ::1, ::, IPv4-mapped loopback and a link-local address', () => {
    assert.deepEqual(parseProcNetTcp(TCP6, true), [
      { address: '::1', port: 3500 },
      { address: '::', port: 3001 },
      { address: '::ffff:127.0.0.1', port: 3002 },
      { address: 'fe80::fea5:57ff:fe02:1b1b', port: 3003 },
    ]);
  });

  it('reads a big-endian kernel’s words in their own order', () => {
    assert.equal(decodeAddress('7F000001', false), '127.0.0.1');
    assert.equal(decodeAddress('00000000000000000000000000000001', false), '::1');
  });

  it('skips garbage lines instead of inventing sockets', () => {
    assert.deepEqual(parseProcNetTcp('nonsense\n  0: XYZ:0BB8 0 0A\n\n', true), []);
  });
});

describe('listen verdict', () => {
  const base = { hostNetwork: true, answered: true, via: 'http://127.0.0.1:3000' };

  it('fails a loopback-only app even though the host-network probe got an answer, naming the address and the fix', () => {
    const verdict = judgeListen({ ...base, port: 3000, sockets: parseProcNetTcp(TCP, true) });
    assert.equal(verdict.ok, false);
    assert.match(verdict.detail, /127\.0\.0\.1:3000 only/);
    assert.match(verdict.detail, /0\.0\.0\.0/);
  });

  it("names the fix in the app's own language (a Rust app is not shown Fastify's call)", () => {
    const sockets = parseProcNetTcp(TCP, true);
    const rust = judgeListen({ ...base, port: 3000, sockets, language: 'rust' }).detail;
    assert.match(rust, /TcpListener::bind\("0\.0\.0\.0:PORT"\)/);
    assert.doesNotMatch(rust, /Fastify/);
    assert.match(judgeListen({ ...base, port: 3000, sockets, language: 'python' }).detail, /--bind 0\.0\.0\.0/);
  });

  it('fails ::1 and ::ffff:127.0.0.1 too', () => {
    const sockets = parseProcNetTcp(TCP6, true);
    assert.equal(judgeListen({ ...base, port: 3500, sockets }).ok, false);
    assert.equal(judgeListen({ ...base, port: 3002, sockets }).ok, false);
  });

  it('passes 0.0.0.0 and ::, also when a loopback socket shares the port', () => {
    const sockets = [...parseProcNetTcp(TCP, true), { address: '::', port: 3000 }];
    const verdict = judgeListen({ ...base, port: 3000, sockets });
    assert.equal(verdict.ok, true);
    assert.equal(verdict.warning, undefined);
    assert.equal(judgeListen({ ...base, port: 3001, sockets: parseProcNetTcp(TCP6, true) }).ok, true);
  });

  it('on the host network with no readable socket table: passes only as a warning that says why', () => {
    const verdict = judgeListen({ ...base, port: 3000, unreadable: 'the image has no cat' });
    assert.equal(verdict.ok, true);
    assert.equal(verdict.warning, true);
    assert.match(verdict.detail, /not checked: the image has no cat/);
  });

  it('with a published port: an answer is the proof; a loopback socket table still fails (and names why it got none)', () => {
    const bridge = { ...base, hostNetwork: false };
    const proved = judgeListen({ ...bridge, port: 3000, unreadable: 'remote engine' });
    assert.equal(proved.ok, true);
    assert.equal(proved.warning, undefined);
    const refused = judgeListen({ ...bridge, answered: false, port: 3000, sockets: parseProcNetTcp(TCP, true) });
    assert.equal(refused.ok, false);
    assert.doesNotMatch(refused.detail, /shares the host network/);
  });
});

describe('container sockets', () => {
  it('reads them from inside the container when the pid is not this machine’s', async () => {
    const found = await containerSockets(
      { containerPid: async () => 999_999_999, execCat: async (_n, path) => (path.endsWith('6') ? TCP6 : TCP) },
      'c',
      'tini',
    );
    assert.equal(found.sockets?.length, 6);
  });

  it('says why when neither the pid nor a cat in the image can be read', async () => {
    const found = await containerSockets(
      { containerPid: async () => undefined, execCat: async () => undefined },
      'c',
      'server',
    );
    assert.equal(found.sockets, undefined);
    assert.match(found.unreadable ?? '', /no pid.*no cat/);
  });
});
