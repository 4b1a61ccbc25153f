/**
 * The facts a real app needs beyond serving: dependencies to compile (a build stage), paths it writes
 * (state) and the command to run before it serves (release). Read after python-detect.ts has found
 * the framework, entry point and dependency files; fills the facts in place.
 */
import { parse as parseToml } from 'smol-toml';
import type { ProjectFiles } from '../detect/files.js';
import type { LanguageFacts } from '../model.js';
import { nativeBuildFor, type NativeBuild } from './python-native.js';
import { releaseCommandsOf } from './python-release.js';
import { statePathsOf, type Source } from './python-state.js';

/** The part of python's facts read and written here (python-detect.ts's PythonExtra has these fields). */
type Facts = LanguageFacts<{ dependencyNames?: string[]; pythonPath?: string; native?: NativeBuild }>;

export async function detectRuntimeFacts(files: ProjectFiles, facts: Facts): Promise<void> {
  const deps = facts.extra.dependencyNames ?? [];
  // Requirement lines as written (source URLs, --no-binary), from whichever file lists them.
  const lines: string[] = [];
  for (const file of facts.dependencyFiles.filter((name) => name.endsWith('.txt')))
    lines.push(...((await files.read(file)) ?? '').split(/\r?\n/));
  try {
    const pyproject = parseToml((await files.read('pyproject.toml')) ?? '') as Record<string, any>;
    const declared = pyproject.project?.dependencies;
    if (Array.isArray(declared)) lines.push(...declared.filter((line): line is string => typeof line === 'string'));
  } catch {
    // python-detect.ts reports a pyproject.toml that does not parse.
  }
  facts.extra.native = nativeBuildFor(deps, lines);
  if (facts.extra.native)
    (facts.notes ??= []).push(
      `compiled dependencies (${facts.extra.native.reasons.join(', ')}): built in a separate stage on slim; the image gets only the runtime libraries they link`,
    );

  const paths = await files.find(
    (rel) => rel.endsWith('.py') && !/(^|\/)(tests?|migrations)\//.test(rel) && !/(^|\/)test_[^/]*\.py$/.test(rel),
    3,
  );
  const sources: Source[] = [];
  for (const rel of paths.slice(0, 100)) sources.push({ rel, text: (await files.read(rel)) ?? '' });
  const options = { framework: facts.framework, dependencyNames: deps, pythonPath: facts.extra.pythonPath };
  const state = statePathsOf(sources, options);
  if (state.length) facts.statePaths = [...new Set([...(facts.statePaths ?? []), ...state])];

  const top = await files.list();
  const flaskApp = facts.entrypoints[0]?.split(':')[0];
  const migrationsRoot = facts.extra.pythonPath ? `${facts.extra.pythonPath}/` : '';
  const hasMigrations =
    (await files.exists('migrations/env.py')) || (await files.exists(`${migrationsRoot}migrations/env.py`));
  const release = releaseCommandsOf(sources, { ...options, topFiles: top, flaskApp, hasMigrations });
  if (release.length) facts.releaseCommands = [...new Set([...(facts.releaseCommands ?? []), ...release])];
}
