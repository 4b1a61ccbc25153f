/**
 * After the files are written: the sample's post-write command, the summary, verification and the
 * next steps. The verifier, the engine and execa are imported only here, when a run gets this far
 * and needs them (a `--skip-verify` run never loads them).
 */
import { secretFlags } from '../detect/credentials.js';
import { VerificationError } from '../errors.js';
import { QUESTIONS } from '../input/questions.js';
import { languagePack } from '../languages/index.js';
import { factsFor, type RunSettings } from '../model.js';
import { buildSecretsOf } from './plan-changes.js';
import type { Session } from './session.js';

/** Starts the engine probe without waiting: it decides the "verify now?" default and must not delay the first question. */
export function probeEngine(settings: RunSettings): Promise<string | undefined> {
  if (settings.verify === 'never') return Promise.resolve(undefined);
  return import('../verify/engines/index.js').then(
    async ({ openEngine }) =>
      (await openEngine(settings.engine, settings.network)).engine.probe(false, 10).then(
        () => undefined,
        (error: Error) => error.message,
      ),
    (error: Error) => error.message,
  );
}

/** One line of what was generated and where each answer came from (human labels, not keys). */
export function summary(session: Session): string[] {
  const { answers, sources } = session.outcome!;
  const label = (key: string) => QUESTIONS.find((question) => question.key === key)?.label.toLowerCase() ?? key;
  const origin: Record<string, string> = {
    flag: 'flags',
    saved: '.yo-rc.json',
    detected: 'detected',
    locked: 'locked by the team',
    'team default': 'team defaults',
  };
  const shown = Object.entries(sources).filter(([key, source]) => key !== 'sampleApp' && origin[source] !== undefined);
  const groups = new Map<string, string[]>();
  for (const [key, source] of shown) groups.set(origin[source], [...(groups.get(origin[source]) ?? []), label(key)]);
  const everyAnswer = Object.keys(sources).length - 1;
  const from = [...groups]
    .map(([where, keys]) => (keys.length === everyAnswer ? `all from ${where}` : `${where}: ${keys.join(', ')}`))
    .join('; ');
  const asked = Object.values(sources).includes('prompt');
  // A script that starts its own server (python app.py) has no framework of ours: name the script instead.
  const { scriptServer: script, scriptServerKind: kind } =
    (factsFor(answers, session.facts)?.extra as { scriptServer?: string; scriptServerKind?: string } | undefined) ?? {};
  const what = script && !answers.sampleApp ? `script ${script}${kind ? ` (${kind})` : ''}` : answers.framework;
  const lines = [
    `\nslim-docker: ${languagePack(answers.language).label} ${what} ${answers.runtimeVersion}, port ${answers.port}, ${answers.base} base${answers.buildkit ? '' : ', no BuildKit'}${answers.sampleApp ? ', sample app' : ''}`,
    ...(from ? [`  (${from})`] : asked ? [] : ['  (all defaults)']),
  ];
  for (const extra of factsFor(answers, session.facts)?.extraPackages ?? []) {
    lines.push(
      `  Your dependencies lack the production server: the Dockerfile installs ${extra} explicitly (your files are not edited).`,
    );
  }
  const secrets = buildSecretsOf(session);
  for (const secret of secrets) {
    lines.push(
      `  ${secret.why}: ${secret.file} stays out of the build context${answers.buildkit ? ' and is given to the install step as a build secret' : ''}.`,
    );
    for (const found of secret.move ?? [])
      lines.push(
        `  ! ${found.file}:${found.line} (${found.text}) is copied into the image with the credential: move that option into ${secret.file} (slim-docker never edits your files).`,
      );
    if (!answers.buildkit)
      lines.push(
        `  ! --no-buildkit: the legacy builder has no build secrets, so the install cannot read ${secret.file}; build with BuildKit to use it.`,
      );
  }
  if (secrets.length && answers.buildkit)
    lines.push(`  Build it with: docker build ${secretFlags(secrets)} -t ${answers.appName} .`);
  const keptOut = session.secretsKeptOut ?? [];
  if (keptOut.length) {
    const shown = keptOut.slice(0, 5).join(', ') + (keptOut.length > 5 ? ` and ${keptOut.length - 5} more` : '');
    // Two short lines, not one that wraps into column 0 at 80 columns.
    lines.push(
      `  ! secret-shaped files, kept out of the build context by .dockerignore: ${shown}`,
      '    (never COPY them in; use a build secret or a runtime --env-file)',
    );
  }
  return lines;
}

/** Builds and proves the Dockerfile on disk; a failed check is a VerificationError (exit 1). */
export async function verifyProject(
  dir: string,
  settings: RunSettings,
  log: (line: string) => void,
  overrides: { port?: number } = {},
): Promise<void> {
  const [{ resolveTarget }, { runVerification }] = await Promise.all([
    import('../verify/target.js'),
    import('../verify/index.js'),
  ]);
  const target = await resolveTarget(dir, 'Dockerfile', overrides.port);
  const report = await runVerification(target, settings, log);
  if (!report.ok) {
    const failed = report.checks.filter((check) => !check.ok).map((check) => check.name);
    throw new VerificationError(`verification failed: ${failed.join(', ')}`);
  }
}
