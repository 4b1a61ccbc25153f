/**
 * A rebuild that fails only after the verifier's own edit (the cold build passed) is the verifier's
 * problem: said so, never a NOT verified that blames the app, and the cause shown is the build's own
 * (Maven's `[ERROR] Failed to execute goal …`), not a line of the Dockerfile's probe stage.
 */
import assert from 'node:assert/strict';
import { after as afterAll, before, describe, it } from 'mocha';
import { parseDockerfile } from '../../src/dockerfile-check.js';
import { languagePack } from '../../src/languages/index.js';
import { dependencyLayersCheck } from '../../src/verify/checks/dependency-layers.js';
import { explain } from '../../src/verify/diagnose.js';
import { EngineError, type Engine } from '../../src/verify/engines/index.js';
import { Steps } from '../../src/verify/progress.js';
import type { Build, VerifyRun } from '../../src/verify/run.js';
import type { Target } from '../../src/verify/target.js';
import { tempDir, tempTree } from '../support/temp-tree.js';

/** What BuildKit prints when `mvn package` stops on spring-javaformat's check (shape of a real log). */
const MAVEN_FORMAT_FAILURE = [
  "#9 [build 3/8] RUN mkdir -p /probe  && printf '%s\\n' 'public class HealthCheck {'     '  public static void main(String[] a) throws Exception {'     '    var url = new java.net.URI(\"http://127.0.0.1:\" + System.getenv(a[0]) + a[1]).toURL();'",
  '#9 CACHED',
  '#12 [build 6/8] RUN mvn -B -ntp -DskipTests package  && cp target/demo-0.0.1.jar /tmp/app.jar',
  '#12 1.204 [INFO] Scanning for projects...',
  '#12 9.871 [INFO] --- spring-javaformat:0.0.47:validate (default) @ demo ---',
  '#12 10.52 [ERROR] Failed to execute goal io.spring.javaformat:spring-javaformat-maven-plugin:0.0.47:validate (default) on project demo: Formatting violations found in the following files:',
  '#12 10.52 [ERROR]  * /src/src/main/java/com/example/demo/DemoApplication.java',
  '#12 10.52 [ERROR] ',
  '#12 10.52 [ERROR] Run `spring-javaformat:apply` to fix.',
  '#12 10.52 [ERROR] -> [Help 1]',
  '#12 ERROR: process "/bin/sh -c mvn -B -ntp -DskipTests package" did not complete successfully: exit code: 1',
  '------',
  ' > [build 6/8] RUN mvn -B -ntp -DskipTests package  && cp target/demo-0.0.1.jar /tmp/app.jar:',
  '------',
  'Dockerfile:58',
  '--------------------',
  '  57 |     RUN mkdir -p /probe \\',
  "  58 | >>>  && printf '%s\\n' 'public class HealthCheck {' \\",
  "  59 | >>>     '  public static void main(String[] a) throws Exception {' \\",
  '--------------------',
  'ERROR: failed to solve: process "/bin/sh -c mvn -B -ntp -DskipTests package" did not complete successfully: exit code: 1',
].join('\n');

describe('a rebuild that fails only after our own edit', () => {
  let saved: string | undefined;
  before(() => {
    saved = process.env.XDG_STATE_HOME;
    process.env.XDG_STATE_HOME = tempDir('slim-state-');
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.XDG_STATE_HOME;
    else process.env.XDG_STATE_HOME = saved;
  });

  it("the cause is Maven's `[ERROR] Failed to execute goal …`, never a line of the Dockerfile's text", () => {
    const { causes } = explain(MAVEN_FORMAT_FAILURE);
    assert.match(causes[0], /^\[ERROR\] Failed to execute goal io\.spring\.javaformat:.*Formatting violations found/);
    assert.ok(!causes.some((line) => /printf|HealthCheck|throws Exception/.test(line)), causes.join('\n'));
  });

  it('is said to be our edit, not the app; the checks after it use the cold image', async () => {
    const dir = tempTree('slim-own-edit-', {
      'app.py': 'print("hi")\n',
      'requirements.txt': 'flask\n',
      Dockerfile: 'FROM python:3.13-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n',
    });
    const dockerfileText =
      'FROM python:3.13-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n';
    const parsed = parseDockerfile(dockerfileText, 'Dockerfile');
    const lines: string[] = [];
    const steps = new Steps((line) => lines.push(line), undefined);
    const build: Build = async (context) => {
      if (context !== dir) throw new EngineError('the build failed (exit code 1)', MAVEN_FORMAT_FAILURE);
      return { seconds: 1 } as Awaited<ReturnType<Build>>;
    };
    const target = {
      dir,
      pack: languagePack('python'),
      editCandidates: ['app.py'],
      entryDir: '',
    } as Target;
    const run = {
      target,
      engine: { probe: async () => ({}) } as unknown as Engine,
      steps,
      log: steps.log,
      report: {},
      runId: 'r1',
      tags: { cold: 'x:cold', edited: 'x:edited', depsCold: 'x:dc', depsEdited: 'x:de' },
      scratch: tempDir(),
      context: {
        walk: { included: ['app.py', 'requirements.txt', 'Dockerfile'], excluded: [], skipped: [] },
        build,
        dockerfile: { path: 'Dockerfile', text: dockerfileText, parsed },
      },
      cold: { image: { layers: ['a', 'b'] } },
    } as unknown as VerifyRun;
    await dependencyLayersCheck(run);
    assert.equal(steps.checks.length, 1);
    const [check] = steps.checks;
    assert.equal(check.ok, true, 'never a NOT verified that blames the app');
    assert.equal(check.warning, true);
    assert.match(
      check.detail,
      /the rebuild after the verifier's own edit \(app\.py\) failed — this is not a verdict on your app/,
    );
    assert.match(check.detail, /why: \[ERROR\] Failed to execute goal io\.spring\.javaformat/);
    assert.equal(run.edit?.rebuildFailed, true);
    assert.equal(run.edit?.expectBody, undefined);
  });

  it('an interrupt during the rebuild is still an interrupt (rethrown, not blamed on the edit)', async () => {
    const controller = new AbortController();
    controller.abort();
    const dir = tempTree('slim-own-edit-', { 'app.py': 'x = 1\n' });
    const steps = new Steps(() => undefined, undefined);
    const run = {
      target: { dir, pack: languagePack('python'), editCandidates: ['app.py'], entryDir: '' } as Target,
      engine: { probe: async () => ({}) } as unknown as Engine,
      steps,
      log: steps.log,
      report: {},
      runId: 'r2',
      tags: { cold: 'x:cold', edited: 'x:edited', depsCold: 'x:dc', depsEdited: 'x:de' },
      scratch: tempDir(),
      signal: controller.signal,
      context: {
        walk: { included: ['app.py'], excluded: [], skipped: [] },
        build: async () => {
          throw new EngineError('the build was stopped', 'killed');
        },
        dockerfile: { path: 'Dockerfile', text: 'FROM x\n', parsed: parseDockerfile('FROM x\n', 'Dockerfile') },
      },
      cold: { image: { layers: ['a'] } },
    } as unknown as VerifyRun;
    await assert.rejects(dependencyLayersCheck(run), /the build was stopped/);
    assert.equal(steps.checks.length, 0);
  });
});
