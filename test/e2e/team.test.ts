/**
 * A team starter end to end: a .slim-docker.json in a parent folder with a registry mirror (pointed
 * at a locally tagged stand-in), labels, a uid, a lock, and an overridden Dockerfile template,
 * generated through the bin and verified with the real engine.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import { engine, freePort, leftovers, slimDocker } from './helpers.js';
import { tempDir } from '../support/temp-tree.js';

const MIRROR = 'mirror.slim-docker.test/library';

describe('team config + template override, verified for real', () => {
  let team: string;
  let project: string;
  let output: string;
  let status: number;
  let report: { ok: boolean; uid: number; baseImage: string; checks: { name: string; ok: boolean; detail: string }[] };

  before(async () => {
    // The "mirror" is a local tag of the stand-in: no registry is reachable here.
    engine(['tag', 'python:3.13-slim', `${MIRROR}/python:3.13-slim`]);
    team = tempDir('slim-team-');
    project = join(team, 'services', 'billing');
    mkdirSync(project, { recursive: true });
    const templates = join(team, 'templates');
    const ejected = slimDocker(['eject-templates', templates], team);
    assert.equal(ejected.status, 0, ejected.output);
    // The team's override: its own policy line, on top of the built-in template.
    const dockerfile = join(templates, 'python', 'Dockerfile.ejs');
    // In the final stage: the template's last WORKDIR (the earlier one is the compiled-dependencies stage).
    const text = readFileSync(dockerfile, 'utf8');
    const at = text.lastIndexOf('WORKDIR /app\n') + 'WORKDIR /app\n'.length;
    writeFileSync(
      dockerfile,
      `${text.slice(0, at)}\n# Team policy: every service says who owns it.\nENV TEAM_OWNER=payments\n${text.slice(at)}`,
    );
    writeFileSync(
      join(team, '.slim-docker.json'),
      JSON.stringify({
        registry: MIRROR,
        uid: 20001,
        labels: { 'org.opencontainers.image.vendor': 'Example Corp' },
        locked: { base: 'slim', runtimeVersion: '3.13' },
        defaults: { framework: 'flask' },
        templates: './templates',
      }),
    );
    const port = await freePort();
    // Found in a parent folder, not named with --config: used only once trusted (issue 13); the trust
    // is recorded in a state folder of the test's own, not the user's.
    ({ status, output } = slimDocker(
      ['--yes', '--trust-config', '--sample-app', '--port', String(port), '--keep-image', '--report', 'report.json'],
      project,
      600_000,
      { XDG_CONFIG_HOME: tempDir('slim-team-xdg-') },
    ));
    report = JSON.parse(readFileSync(join(project, 'report.json'), 'utf8'));
  });

  after(() => {
    engine(['rmi', `${MIRROR}/python:3.13-slim`]);
    try {
      engine(['rmi', 'billing:verified']);
    } catch {
      // not kept (verification failed): nothing to remove
    }
  });

  it('builds FROM the mirror, with the override and the team settings, and verifies', () => {
    assert.equal(status, 0, output);
    assert.match(output, /Team config: .*\.slim-docker\.json \(locked: base, runtimeVersion\)/);
    const dockerfile = readFileSync(join(project, 'Dockerfile'), 'utf8');
    assert.match(
      dockerfile,
      new RegExp(`^FROM ${MIRROR.replace(/\./g, '\\.')}/python:\\$\\{PYTHON_VERSION\\}-slim$`, 'm'),
    );
    assert.match(dockerfile, /ENV TEAM_OWNER=payments/);
    assert.ok(report.ok, JSON.stringify(report.checks, null, 1));
    assert.equal(report.baseImage, `${MIRROR}/python:3.13-slim`);
    assert.equal(report.uid, 20001);
  });

  it('the kept image carries the team label and the policy', () => {
    const labels = JSON.parse(engine(['image', 'inspect', '--format', '{{json .Config.Labels}}', 'billing:verified']));
    assert.equal(labels['org.opencontainers.image.vendor'], 'Example Corp');
    assert.match(
      engine(['image', 'inspect', '--format', '{{json .Config.Env}}', 'billing:verified']),
      /TEAM_OWNER=payments/,
    );
    assert.deepEqual(leftovers('billing'), []);
  });

  it('a flag against the lock is refused, naming the field, with nothing written', () => {
    const other = join(team, 'services', 'other');
    mkdirSync(other);
    const run = slimDocker(
      ['--yes', '--trust-config', '--sample-app', '--base', 'full', '--skip-verify'],
      other,
      60_000,
      { XDG_CONFIG_HOME: tempDir('slim-team-xdg-') },
    );
    assert.equal(run.status, 2, run.output);
    assert.match(run.output, /--base: "full" conflicts with the team's locked base "slim"/);
    assert.deepEqual(readdirSync(other), []);
  });
});
