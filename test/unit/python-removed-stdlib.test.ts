/**
 * Pins of releases that import a standard-library module a newer Python removed (issue 21: a Pyramid
 * app pinning WebOb 1.8.6 and pyramid 1.10.4 built on 3.13 and crashed on `No module named 'cgi'`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { pinLimits } from '../../src/languages/python-pin-limits.js';
import { projectPins } from '../../src/languages/python-pins.js';
import {
  OLD_STDLIB_IMPORTS,
  REMOVED_IN,
  removedImports,
  removedStdlibLimits,
} from '../../src/languages/python-removed-stdlib.js';
import { chooseVersion } from '../../src/languages/python-versions.js';
import { tempTree } from '../support/temp-tree.js';

const SUPPORTED = ['3.10', '3.11', '3.12', '3.13', '3.14'];
const pins = (requirements: string) => projectPins({ requirementTexts: [requirements] });
async function choose(requirements: string, supported = SUPPORTED) {
  const { limits } = await pinLimits(pins(requirements), 'requirements.txt', supported, undefined);
  return chooseVersion({ supported, defaultVersion: '3.13', limits, preferences: [] });
}

describe('pins of releases importing removed stdlib modules', () => {
  it('every module in the table has the Python that removed it', () => {
    for (const { fixed } of Object.values(OLD_STDLIB_IMPORTS))
      for (const [, module] of fixed) assert.ok(REMOVED_IN[module], `${module} has no removal version`);
    assert.equal(REMOVED_IN.cgi, '3.13');
    assert.equal(REMOVED_IN.imp, '3.12');
    assert.equal(REMOVED_IN.distutils, '3.12');
  });

  it('a release before the fix imports the module; the fixed release and later do not', () => {
    assert.deepEqual(removedImports('webob', '1.8.6'), ['cgi']);
    assert.deepEqual(removedImports('webob', '1.8.8'), ['cgi']);
    assert.deepEqual(removedImports('webob', '1.8.9'), []);
    assert.deepEqual(removedImports('webob', '1.8.10'), [], '1.8.10 is newer than 1.8.9, not older than 1.8.2');
    assert.deepEqual(removedImports('pyramid', '1.10.4'), ['imp']);
    assert.deepEqual(removedImports('pyramid', '2.0.2'), []);
    // bottle 0.12.x: imp before 0.12.18 (removed first, so it comes first), cgi in every 0.12.
    assert.deepEqual(removedImports('bottle', '0.12.13'), ['imp', 'cgi']);
    assert.deepEqual(removedImports('bottle', '0.12.25'), ['cgi']);
    assert.deepEqual(removedImports('bottle', '0.13.5'), []);
    assert.deepEqual(removedImports('aiohttp', '3.8.1'), ['cgi']);
    assert.deepEqual(removedImports('waitress', '1.1.0'), ['asyncore']);
    assert.deepEqual(removedImports('waitress', '1.4.3'), []);
    assert.deepEqual(removedImports('eventlet', '0.33.3'), ['distutils']);
    assert.deepEqual(removedImports('flask', '0.10'), [], 'not in the table');
  });

  it('the limit names the pin and the module, up to the Python before the removal', () => {
    assert.deepEqual(removedStdlibLimits(pins('WebOb==1.8.6\n'), 'requirements.txt'), [
      {
        what: 'WebOb 1.8.6 pinned in requirements.txt imports cgi, gone from Python 3.13',
        range: ['3.0', '3.12'],
      },
    ]);
    // Ranges are left alone (pip installs a fixed release); so are releases the table does not cover.
    assert.deepEqual(removedStdlibLimits(pins('webob>=1.8\nbottle<0.14\nflask==0.12.5\n'), 'requirements.txt'), []);
  });

  it('WebOb 1.8.6 alone → 3.12, the newest Python that still has cgi', async () => {
    const choice = await choose('WebOb==1.8.6\n');
    assert.equal(choice.runtimeVersion, '3.12');
    assert.equal(choice.versionSource, 'WebOb 1.8.6 pinned in requirements.txt imports cgi, gone from Python 3.13');
    assert.deepEqual(choice.allowedVersions?.versions, ['3.10', '3.11', '3.12']);
  });

  it('the trial pyramid app (pyramid 1.10.4 imports imp, WebOb 1.8.6 cgi) → 3.11', async () => {
    const requirements = 'pyramid==1.10.4\nWebOb==1.8.6\nwaitress==1.4.3\nzope.interface==5.1.0\n';
    const choice = await choose(requirements);
    assert.equal(choice.runtimeVersion, '3.11');
    assert.equal(choice.versionSource, 'Pyramid 1.10.4 pinned in requirements.txt imports imp, gone from Python 3.12');
    // A machine whose Pythons all removed imp: the pin is named as the problem.
    const none = await choose(requirements, ['3.12', '3.13']);
    assert.equal(none.runtimeVersion, undefined);
    assert.match(
      none.problems[0],
      /^Pyramid 1\.10\.4 pinned in requirements\.txt imports imp, gone from Python 3\.12 supports Python 3\.0–3\.11/,
    );
  });

  it('detection picks it too, and the same project with fixed pins keeps the default', async () => {
    const app =
      "from waitress import serve\nfrom pyramid.config import Configurator\n\nif __name__ == '__main__':\n    with Configurator() as config:\n        app = config.make_wsgi_app()\n    serve(app, host='0.0.0.0', port=6543)\n";
    const old = (
      await detect(
        tempTree('py-stdlib-', {
          'requirements.txt': 'pyramid==1.10.4\nWebOb==1.8.6\nwaitress==1.4.3\n',
          'main.py': app,
        }),
      )
    ).detected[0];
    assert.deepEqual(old.problems, []);
    assert.equal(old.runtimeVersion, '3.11');
    const fixed = (
      await detect(
        tempTree('py-stdlib-', {
          'requirements.txt': 'pyramid==2.0.2\nWebOb==1.8.9\nwaitress==3.0.2\n',
          'main.py': app,
        }),
      )
    ).detected[0];
    assert.equal(fixed.runtimeVersion, undefined, 'nothing ruled out: the default');
  });
});
