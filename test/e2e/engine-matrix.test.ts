/**
 * The engine matrix: the examples suite itself (every assertion it makes: exit code and output, files
 * written, goldens, the report against the example's expectations, the image from inside, nothing left,
 * a second run that changes nothing) on one example per language, on each engine beside the primary one
 * (the whole corpus runs on the primary: Debian's Docker 20.10 on its default bridge). Real engines,
 * never skipped: an engine that is missing fails with the script that sets it up.
 *
 * SLIM_DOCKER_MATRIX=name,name runs only some rows (e.g. `podman`); SLIM_DOCKER_MATRIX_EXAMPLES overrides
 * the examples.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { MATRIX_EXAMPLES } from '../support/examples.js';
import { ROOT } from './helpers.js';

/** One example per language: the new-folder samples, the cheapest complete app of each. */
const EXAMPLES = process.env.SLIM_DOCKER_MATRIX_EXAMPLES?.split(',') ?? [...MATRIX_EXAMPLES];
/** The examples that build in seconds: Python, Node.js, Go. */
const INTERPRETED_AND_GO = ['python-flask-sample', 'node-express-sample', 'go-sample'];

interface Row {
  name: string;
  what: string;
  env: NodeJS.ProcessEnv;
  /**
   * The row's examples when not all of EXAMPLES. Host networking is an option with a smaller e2e of its
   * own (the interpreted and Go samples, and the loopback trap only that network shows): its Rust and
   * Java builds are the same daemon's builds as the primary suite's, where the whole corpus runs.
   */
  examples?: string[];
  /** What must be there first, and the script that sets it up. */
  needs: { ok: () => boolean; setup: string };
}

const has = (command: string, args: string[]) =>
  spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 }).status === 0;

export const MATRIX: Row[] = [
  {
    name: 'host-network',
    what: "Docker 20.10 (Debian's client, BuildKit built in), --network host",
    env: { SLIM_DOCKER_ENGINE: '/usr/bin/docker', SLIM_DOCKER_NETWORK: 'host' },
    // A loopback-bound app answers the probe on the host network: the listen check must fail it there.
    examples: [...INTERPRETED_AND_GO, 'fastify-ts-localhost'],
    needs: { ok: () => has('/usr/bin/docker', ['info']), setup: 'scripts/engine-up.sh' },
  },
  {
    name: 'podman',
    what: 'Podman (rootful), its default network',
    env: { SLIM_DOCKER_ENGINE: 'podman', SLIM_DOCKER_NETWORK: '' },
    needs: { ok: () => has('podman', ['info']), setup: 'scripts/podman-up.sh' },
  },
  {
    name: 'buildx',
    what: 'Docker 28.x CLI with the buildx plugin (BuildKit through the daemon), default bridge',
    // The daemon's own builder (the docker driver), whatever builder is current for this user.
    env: { SLIM_DOCKER_ENGINE: '/usr/local/bin/docker', SLIM_DOCKER_NETWORK: '', BUILDX_BUILDER: 'default' },
    // Every language, Rust and Java included; last, so that its cold compiles overlap the end of the
    // primary suite rather than its busiest part.
    needs: { ok: () => has('/usr/local/bin/docker', ['buildx', 'version']), setup: 'scripts/buildkit-up.sh' },
  },
];

const only = process.env.SLIM_DOCKER_MATRIX?.split(',').filter(Boolean);

describe('engine matrix: the examples suite on every engine beside the primary', () => {
  for (const row of MATRIX.filter((r) => !only || only.includes(r.name))) {
    const examples = process.env.SLIM_DOCKER_MATRIX_EXAMPLES ? EXAMPLES : (row.examples ?? EXAMPLES);
    it(`${row.what}: the examples suite passes (${examples.join(', ')})`, function () {
      // A row is a whole examples run (minutes per compiled language): mocha's 15-minute net is too
      // tight for it; the spawn's own limit below bounds it.
      this.timeout(65 * 60_000);
      assert.ok(row.needs.ok(), `${row.name}: the engine does not answer; run \`bash ${row.needs.setup}\` first`);
      const mocha = join(ROOT, 'node_modules/.bin/mocha');
      assert.ok(existsSync(mocha), 'mocha is installed (npm ci)');
      const result = spawnSync(mocha, ['test/e2e/examples.test.ts', '--extension', 'ts'], {
        cwd: ROOT,
        env: { ...process.env, ...row.env, SLIM_DOCKER_EXAMPLES: examples.join(',') },
        encoding: 'utf8',
        timeout: 60 * 60_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      const output = `${result.stdout}\n${result.stderr}`;
      const totals = /mocha: (\d+) passed, (\d+) failed/.exec(output);
      assert.ok(
        totals,
        `${row.name}: the examples suite printed no totals (status ${result.status}):\n${output.slice(-6000)}`,
      );
      assert.equal(Number(totals[2]), 0, `${row.name}: failures:\n${output.slice(-12000)}`);
      assert.equal(result.status, 0, output.slice(-6000));
      // Every example ran (no filter typo): each one's describe block is in the output.
      for (const example of examples)
        assert.match(output, new RegExp(`example ${example}:`), `${example} ran on ${row.name}`);
    });
  }
});
