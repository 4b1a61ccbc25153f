/**
 * Under `yo slim-docker`, unknown flags are refused as the bin refuses them (issue 22 item 5): yo hands
 * the generator every flag it parsed (`--prot 80` as an option "prot"), so the generator checks them
 * against the same table, before the first question: one line, exit 2.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import helpers from 'yeoman-test';
import AppGenerator from '../../generators/app/index.js';
import EjectGenerator from '../../generators/eject-templates/index.js';
import { commandNamed } from '../../src/input/commands.js';
import { checkYoOptions } from '../../src/input/yo-options.js';
import { tempDir } from '../support/temp-tree.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const resolved = join(ROOT, 'generators/app/index.ts');

describe('yo slim-docker checks every flag as the bin does', () => {
  it('the same check: an option no command takes is named; known ones, --no-X and Yeoman/yo switches pass', () => {
    const app = commandNamed('app');
    assert.throws(
      () => checkYoOptions(app, { prot: 80, langauge: 'go' }),
      /^InputError: --prot: is not an option of yo slim-docker \(did you mean --port\?\); see yo slim-docker --help$/,
    );
    assert.throws(() => checkYoOptions(commandNamed('compose'), { language: 'go' }), /yo slim-docker:compose --help/);
    checkYoOptions(app, {
      port: 80,
      'app-name': 'x',
      appName: 'x',
      buildkit: false,
      'no-release-command': true,
      skipInstall: true,
      'skip-cache': true,
      insight: false,
      env: {},
      resolved: 'x',
      namespace: 'slim-docker:app',
    });
  });

  it('under yeoman-test: refused before the first question', async () => {
    const context = helpers
      .run(AppGenerator as never, { resolved, namespace: 'slim-docker:app' })
      .inDir(tempDir('slim-yo-opts-'))
      .withOptions({ skipVerify: true, prot: '80' } as never)
      .withAnswers({});
    await assert.rejects(context, /--prot: is not an option of yo slim-docker/);
    assert.deepEqual(context.askedQuestions, []);
  });

  it('yo slim-docker:eject-templates without DIR: the one line the bin prints (not a raw Yeoman error)', async () => {
    const context = helpers
      .run(EjectGenerator as never, {
        resolved: join(ROOT, 'generators/eject-templates/index.ts'),
        namespace: 'slim-docker:eject-templates',
      })
      .inDir(tempDir('slim-yo-eject-'));
    await assert.rejects(
      context,
      /^InputError: DIR: missing; usage: yo slim-docker:eject-templates DIR \(folder to write the templates into\)$/,
    );
  });
});
