/**
 * README and --help say the same (issue 22 item 11): the frameworks each language takes (the README's
 * framework row against the packs, which --help prints), and what --skip-install skips (the packs'
 * sample post-write commands, named in both).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import { commandNamed, renderHelp } from '../../src/input/commands.js';
import { LANGUAGE_PACKS } from '../../src/languages/index.js';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const row = (start: string) => {
  const line = README.split('\n').find((candidate) => candidate.startsWith(start));
  assert.ok(line, `README has a row starting ${start}`);
  return line;
};
const ticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
const help = renderHelp(commandNamed('app'), 'slim-docker', 1000).replace(/\s+/g, ' ');

describe('README and --help agree', () => {
  it('on the frameworks of every language', () => {
    const frameworks = row('| framework |').split('|')[3];
    for (const pack of LANGUAGE_PACKS) {
      // "python: `flask` (default), `fastapi`, …; node: …": the part after "<id>:" up to the next language.
      const others = LANGUAGE_PACKS.filter((other) => other.id !== pack.id).map((other) => `${other.id}:`);
      const start = frameworks.indexOf(`${pack.id}:`);
      assert.ok(start >= 0, `README names ${pack.id}'s frameworks`);
      const rest = frameworks.slice(start + pack.id.length + 1);
      const end = Math.min(
        ...others.map((other) => rest.indexOf(` ${other}`)).filter((index) => index >= 0),
        rest.length,
      );
      const readme = ticked(rest.slice(0, end)).filter((word) => !word.includes(' ') && !word.includes('.'));
      assert.deepEqual(new Set(readme), new Set(pack.frameworks), `${pack.id}: README ${readme.join(', ')}`);
      assert.ok(help.includes(`${pack.id}: ${pack.frameworks.join(', ')}`), `--help lists ${pack.id}'s frameworks`);
    }
  });

  it('on what --skip-install skips', () => {
    const readme = ticked(row('| `--skip-install` |').split('|')[2]);
    const commands = LANGUAGE_PACKS.flatMap((pack) => (pack.sampleInstall ? [pack.sampleInstall.command] : []));
    assert.deepEqual(
      new Set(readme.map((command) => command.split(' ')[0])),
      new Set(commands.map((command) => command[0])),
      'README names exactly the samples that have a post-write command',
    );
    for (const command of commands) {
      assert.ok(
        readme.some((text) => text.startsWith(command.slice(0, 2).join(' '))),
        `README names ${command.join(' ')}`,
      );
      assert.ok(help.includes(command.join(' ')), `--help names ${command.join(' ')}`);
    }
  });
});
