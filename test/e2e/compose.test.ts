/**
 * The generated compose.yaml, validated by a real Compose (`config` only: it parses, checks the schema
 * and interpolates). Never `up`: that would create a bridge network. Skipped when no Compose is installed
 * (Debian: `apt-get install docker-compose`, v1; or the docker compose plugin).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'mocha';
import { parse } from 'yaml';
import { LANGUAGE_PACKS } from '../../src/languages/index.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { ENGINE, slimDocker } from './helpers.js';
import { tempDir } from '../support/temp-tree.js';

/** `docker compose` (plugin) or `docker-compose` (v1), whichever answers first. */
function findCompose(): string[] | undefined {
  for (const command of [[ENGINE, 'compose'], ['docker-compose']]) {
    const probe = spawnSync(command[0], [...command.slice(1), 'version'], { encoding: 'utf8', timeout: 30_000 });
    if (probe.status === 0) return command;
  }
  return undefined;
}

const compose = findCompose();
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(saved: Record<string, unknown>, dockerfile: string): string {
  const dir = tempDir('slim-docker-compose-');
  dirs.push(dir);
  writeFileSync(join(dir, '.yo-rc.json'), JSON.stringify({ 'generator-slim-docker': saved }));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

/** No PORT in the environment, so an unescaped `$PORT` would draw Compose's "variable is not set" warning. */
const withoutPort = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'PORT'));

/** Runs `compose config` on the generated file; returns its stderr (warnings such as unset variables). */
function config(dir: string): string {
  const [command, ...args] = compose!;
  const run = spawnSync(
    command,
    [...args, '--file', join(dir, 'compose.yaml'), '--project-directory', dir, 'config', '--quiet'],
    {
      encoding: 'utf8',
      timeout: 60_000,
      env: withoutPort,
    },
  );
  assert.equal(run.status, 0, `${compose!.join(' ')} config failed:\n${run.stdout}\n${run.stderr}`);
  return run.stderr;
}

// Never skipped: .ci/run installs Debian's docker-compose; a machine without it fails here, plainly.
describe('compose.yaml passes a real `compose config`', () => {
  it('a Compose binary is installed (docker compose plugin or docker-compose)', () => {
    assert.ok(compose, 'install one: apt-get install docker-compose');
  });
  for (const pack of LANGUAGE_PACKS) {
    it(`${pack.id}: the bin writes a compose.yaml that Compose accepts`, async () => {
      const saved = {
        appName: `e2e-${pack.id}`,
        language: pack.id,
        framework: pack.defaultFramework,
        entrypoint: (pack as unknown as { sampleEntrypoint?: string }).sampleEntrypoint,
        runtimeVersion: pack.defaultVersion,
        port: 5005,
        base: pack.defaultBase,
        sampleApp: false,
        buildkit: true,
      };
      const files = await renderAll(plan(saved as never, { folderName: 'x', empty: false, detected: [] } as never));
      const dir = project(saved, files.find((file) => file.kind === 'dockerfile')!.contents);
      const bin = slimDocker(['compose', '--yes'], dir, 60_000);
      assert.equal(bin.status, 0, bin.output);
      assert.doesNotMatch(config(dir), /WARN|warning/i);
      const service = (
        parse(readFileSync(join(dir, 'compose.yaml'), 'utf8')) as { services: Record<string, { ports: string[] }> }
      ).services[saved.appName];
      assert.deepEqual(service.ports, ['127.0.0.1:5005:5005']);
    });
  }

  it('a $ in a shell-form healthcheck reaches Compose escaped (no "variable is not set")', () => {
    const dir = project(
      { appName: 'dollar', port: 5005 },
      'FROM scratch\nEXPOSE 5005\nHEALTHCHECK CMD wget -q -O- http://127.0.0.1:$PORT/ || exit 1\nCMD ["/app"]\n',
    );
    const bin = slimDocker(['compose', '--yes'], dir, 60_000);
    assert.equal(bin.status, 0, bin.output);
    assert.doesNotMatch(config(dir), /variable is not set|WARN/i);
  });
});
