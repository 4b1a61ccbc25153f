/**
 * One run of the app generator through yeoman-test in a folder that is kept between runs (so a test
 * can run the generator several times in one place), returning what was asked and everything logged.
 */
import { fileURLToPath } from 'node:url';
import helpers, { result } from 'yeoman-test';
import AppGenerator from '../../generators/app/index.js';

const resolved = fileURLToPath(new URL('../../generators/app/index.ts', import.meta.url));

export async function runApp(
  dir: string,
  options: Record<string, unknown>,
  answers?: Record<string, unknown>,
  setup?: (dir: string) => void,
): Promise<{ asked: string[]; log: string }> {
  const lines: string[] = [];
  setup?.(dir);
  // cd, not inDir: inDir empties the folder, and these tests run the generator again in the same one.
  const context = helpers
    .run(AppGenerator as never, { resolved, namespace: 'slim-docker:app' })
    .cd(dir)
    // yeoman-test sets force by default; these runs choose it themselves.
    .withOptions({ skipVerify: true, force: false, ...options } as never);
  if (answers) context.withAnswers(answers);
  // Every generator logs through the environment's adapter.
  context.onEnvironment((env) => {
    const adapter = (env as unknown as { adapter: { log: (m: string) => void } }).adapter;
    const original = adapter.log;
    adapter.log = Object.assign((message: string) => {
      lines.push(String(message));
      return original(message);
    }, original);
  });
  await context;
  return { asked: result.askedQuestions.map((q: { name: string }) => q.name), log: lines.join('\n') };
}
