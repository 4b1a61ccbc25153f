/** Django's ALLOWED_HOSTS read from the environment: which variable, and how its value is split. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { hostsValue, hostsVariableIn } from '../../src/languages/python-hosts.js';

describe('ALLOWED_HOSTS from the environment', () => {
  it('names the variable and the separator of the usual forms', () => {
    const cases: [string, string, string][] = [
      ['ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")', 'DJANGO_ALLOWED_HOSTS', ','],
      ["ALLOWED_HOSTS = os.getenv('ALLOWED_HOSTS', '').split()", 'ALLOWED_HOSTS', ' '],
      ['ALLOWED_HOSTS = os.environ["HOSTS"].split(" ")', 'HOSTS', ' '],
      ['ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])', 'DJANGO_ALLOWED_HOSTS', ','],
      ['ALLOWED_HOSTS = config("ALLOWED_HOSTS", cast=Csv())', 'ALLOWED_HOSTS', ','],
      [
        'ALLOWED_HOSTS = [\n    host.strip()\n    for host in os.environ.get("SITE_HOSTS", "").split(";")\n]',
        'SITE_HOSTS',
        ';',
      ],
    ];
    for (const [text, name, separator] of cases)
      assert.deepEqual(hostsVariableIn(`import os\n${text}\n`), { name, separator }, text);
  });

  it('a fixed list, or a variable read elsewhere in the settings, is no hosts variable', () => {
    assert.equal(hostsVariableIn('ALLOWED_HOSTS = ["*"]\n'), undefined);
    assert.equal(
      hostsVariableIn('SECRET_KEY = os.environ.get("SECRET_KEY")\nALLOWED_HOSTS = ["localhost"]\n'),
      undefined,
    );
  });

  it('verification sets the names a person and the probe ask as, split as the settings split', () => {
    assert.equal(hostsValue({ name: 'X', separator: ',' }), 'localhost,127.0.0.1');
    assert.equal(hostsValue({ name: 'X', separator: ' ' }), 'localhost 127.0.0.1');
  });
});
