/** Detection of the project shapes people have: included requirement files, app factories, odd manifests. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { tempTree } from '../support/temp-tree.js';

const folder = (files: Record<string, string>) => tempTree('detect-', files);

describe('detection of real project shapes', () => {
  it('requirements that include other files mount every file pip opens', async () => {
    const dir = folder({
      'requirements.txt': '-r requirements/prod.txt\n',
      'requirements/prod.txt': '-r base.txt\ngunicorn\n',
      'requirements/base.txt': 'flask==3.1.3\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    });
    const facts = await detect(dir);
    assert.deepEqual(facts.detected[0].dependencyFiles, [
      'requirements.txt',
      'requirements/prod.txt',
      'requirements/base.txt',
    ]);
    assert.equal(facts.detected[0].framework, 'flask');
    assert.deepEqual(facts.detected[0].extraPackages, []);
    for (const buildkit of [true, false]) {
      const { answers } = await resolveAnswers({ flags: { buildkit }, saved: {}, facts, yes: true });
      const text = (await renderAll(plan(answers, facts))).find((f) => f.destination === 'Dockerfile')!.contents;
      if (buildkit)
        assert.match(text, /--mount=type=bind,source=requirements\/base\.txt,target=\/app\/requirements\/base\.txt/);
      else assert.match(text, /COPY requirements\/base\.txt requirements\//);
    }
  });
  it('the Flask tutorial factory create_app(test_config=None) is found', async () => {
    const facts = await detect(
      folder({
        'requirements.txt': 'flask\n',
        'flaskr/__init__.py':
          'from flask import Flask\n\ndef create_app(test_config=None):\n    app = Flask(__name__)\n    return app\n',
      }),
    );
    assert.deepEqual(facts.detected[0].entrypoints, ['flaskr:create_app()']);
  });
  it('odd package.json values give problems, not crashes', async () => {
    for (const text of [
      'null',
      '[]',
      '{"engines":{"node":20},"dependencies":{"express":"5"}}',
      '{"scripts":{"start":5},"main":7,"dependencies":null}',
    ]) {
      const facts = await detect(folder({ 'package.json': text, 'package-lock.json': '{}', 'index.js': '' }));
      assert.ok(Array.isArray(facts.detected[0].problems));
    }
    const py = await detect(
      folder({
        'pyproject.toml': '[project]\nname="x"\ndependencies=[1, "flask"]\n',
        'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      }),
    );
    assert.equal(py.detected[0].framework, 'flask');
  });
});
