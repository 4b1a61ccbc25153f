/** Verification progress: grouped build steps, and a live line only on a terminal outside CI. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { buildProgress, liveAllowed, Steps } from '../../src/verify/progress.js';

const fakeTty = () => {
  const written: string[] = [];
  return {
    stream: { isTTY: true, columns: 80, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream,
    written,
  };
};

describe('verification progress', () => {
  it('groups one build’s steps, in step order, once each, with the cached ones marked', () => {
    const lines: string[] = [];
    const steps = new Steps((line) => lines.push(line), undefined);
    const progress = buildProgress(steps);
    for (const line of [
      '#1 [internal] load build definition from Dockerfile',
      '#6 [stage-0 3/3] COPY . .',
      '#4 [stage-0 1/3] FROM python:3.13-slim',
      '#5 [stage-0 2/3] RUN pip install -r requirements.txt',
      '#5 CACHED',
      '#5 [stage-0 2/3] RUN pip install -r requirements.txt',
      '#6 DONE 0.1s',
    ])
      progress.onLine(line);
    progress.flush();
    assert.deepEqual(lines, [
      '    [stage-0 1/3] FROM python:3.13-slim',
      '    [stage-0 2/3] RUN pip install -r requirements.txt  (cached)',
      '    [stage-0 3/3] COPY . .',
    ]);
  });
  it('no live line (and no control characters) without a terminal or under CI=true', async () => {
    assert.equal(liveAllowed({ isTTY: true } as NodeJS.WriteStream, { CI: 'true' }), false);
    assert.equal(liveAllowed({ isTTY: false } as unknown as NodeJS.WriteStream, {}), false);
    assert.equal(liveAllowed({ isTTY: true } as NodeJS.WriteStream, { TERM: 'xterm' }), true);
    const lines: string[] = [];
    await new Steps((line) => lines.push(line), undefined).run('cold build', async () => 1);
    assert.equal(lines[0], '▸ cold build…');
    assert.match(lines[1], /^ {2}done in \d+\.\d s$/);
    assert.ok(!lines.join('').includes('\r'));
  });
  it('on a terminal: a live line with the elapsed seconds and the step in flight, replaced by the result', async () => {
    const { stream, written } = fakeTty();
    const lines: string[] = [];
    const steps = new Steps((line) => lines.push(line), stream);
    await steps.run('cold build', async () => {
      steps.status('[stage-0 2/3] RUN pip install');
      steps.log('a line in between');
    });
    assert.ok(
      written.some((text) => /\r\x1b\[2K▸ cold build… 0 s {2}\[stage-0 2\/3\] RUN pip install/.test(text)),
      written.join('|'),
    );
    // While the live line stands, finished lines go to its stream, in order (never through the
    // logger, which may be async — Yeoman's adapter queues it): cleared row, the line, the live line again.
    assert.deepEqual(lines, []);
    const all = written.join('');
    const between = all.indexOf('\r\x1b[2Ka line in between\n');
    assert.ok(between > 0, all);
    assert.match(all.slice(between), /a line in between\n\r\x1b\[2K▸ cold build… 0 s/);
    assert.match(all, /\r\x1b\[2K▸ cold build… done in \d+\.\d s\n$/);
  });
});
