import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { join as shellJoin } from 'shlex';
import { discoverTeamConfig, visible } from '../config-trust.js';
import { detect } from '../detect/index.js';
import { InputError } from '../errors.js';
import { normalisedNote, parseAppName, parseBoolean, parseLanguage, parsePath } from '../input/fields.js';
import { readFlags } from '../input/flags.js';
import { checkFlags } from '../input/resolve.js';
import { resolveRunSettings } from '../input/run-settings.js';
import { readSaved } from '../input/saved.js';
import { lookupReleases } from '../languages/pypi-lookup.js';
import type { FileKind } from '../languages/types.js';
import type { RunSettings } from '../model.js';
import { PRESETS_KEY, presetChanges } from '../presets/record.js';
import type { TeamConfig } from '../team-config.js';
import { hashOf } from './changes.js';
import { exposedPort } from './dockerfile-facts.js';
import { acquireLock, refuseHomeOrRoot } from './files.js';
import type { ProjectIO, Session } from './session.js';
import { ALL_TEAM_SETTINGS, teamEffects } from './trust.js';
import { FILES_KEY, YO_RC, readRecord, readYoRc } from './yo-rc.js';

/** Everything known before the first question: every flag checked, run settings, team config, detection. */
export async function openSession(
  io: ProjectIO,
  options: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  kinds: readonly FileKind[],
): Promise<Session> {
  const flags = readFlags(options);
  const settings = resolveRunSettings(flags, env);
  checkFlags(flags, !settings.yes);
  // `--language Node`, `--app-name MyApp`: read as node, myapp, and said so (before any question).
  for (const [key, field, parse] of [
    ['language', '--language', parseLanguage],
    ['appName', '--app-name', parseAppName],
  ] as const) {
    const note = flags[key] === undefined ? undefined : normalisedNote(field, flags[key], parse(field, flags[key]));
    if (note) io.log(note);
  }
  if (flags.trustConfig !== undefined) parseBoolean('--trust-config', flags.trustConfig);
  // Nothing of the folder is read before it is known to be a project folder and this run holds it.
  refuseHomeOrRoot(io.root, settings.force);
  const release = acquireLock(io.root, io.log);
  try {
    return await openLocked(io, flags, settings, kinds, release);
  } catch (error) {
    release();
    throw error;
  }
}

async function openLocked(
  io: ProjectIO,
  flags: Record<string, unknown>,
  settings: RunSettings,
  kinds: readonly FileKind[],
  release: () => void,
): Promise<Session> {
  const team = await loadTeam(io, settings.config, flags.preset);
  if (settings.templates && !existsSync(resolve(io.root, settings.templates))) {
    throw new InputError(
      '--templates',
      `${resolve(io.root, settings.templates)} does not exist; eject the built-in templates with \`slim-docker eject-templates DIR\``,
    );
  }
  if (team) {
    io.log(
      `Team config: ${visible(team.path)}${Object.keys(team.locked).length ? ` (locked: ${Object.keys(team.locked).join(', ')})` : ''}`,
    );
    if (team.presets?.length)
      io.log(
        `  presets: ${team.presets.map((p) => `${p.name}@${p.version} (${p.via === 'flag' ? '--preset' : 'extends'})`).join(', ')}`,
      );
    // What it changes is shown before anything is written (and before it is trusted).
    for (const line of teamEffects(team, { uses: ALL_TEAM_SETTINGS, templatesFlag: settings.templates !== undefined }))
      io.log(line);
  }
  const { yoRc, entry } = readYoRc(io);
  // A templates folder saved by an earlier --templates: used once trusted (decided with the questions).
  const savedTemplates =
    settings.templates === undefined && entry.templates !== undefined
      ? parsePath(`${YO_RC} "templates"`, entry.templates)
      : undefined;
  // A preset whose installed version differs from the one saved says what changed, before any write.
  for (const line of presetChanges(entry[PRESETS_KEY], team)) io.log(line);
  const saved = readSaved(entry);
  const record = readRecord(entry[FILES_KEY]);
  const pypi = settings.pypi;
  const facts = await detect(io.root, undefined, {
    pypiLookup: pypi ? (pins) => lookupReleases(pins, pypi) : undefined,
  });
  for (const found of facts.detected) {
    // A language taken for tooling (detect/servable.ts) gets the one line below, not its problems.
    if (facts.language && found.language !== facts.language) continue;
    const details = [
      found.framework,
      found.entrypoints.length && `entry ${found.entrypoints.join(' | ')}`,
      (found.port || found.portEnv) && `port ${found.port ?? '?'}${found.portEnv ? ` ($${found.portEnv})` : ''}`,
      found.runtimeVersion &&
        `version ${found.runtimeVersion}${found.versionSource ? ` (${found.versionSource})` : ''}`,
      found.packageManager && `installs with ${found.packageManager}`,
      found.statePaths?.length && `writes ${found.statePaths.join(', ')} at run time`,
      found.releaseCommands?.length && `release step ${found.releaseCommands.join(' | ')}`,
    ];
    io.log(
      `Detected ${found.language} (${found.evidence.join(', ') || 'source files'}): ${details.filter(Boolean).join(', ')}`,
    );
    if (found.startCommand)
      io.log(`  start command from ${found.startCommand.source}: ${shellJoin(found.startCommand.argv)}`);
    for (const problem of found.problems) io.log(`  ! ${problem}`);
    for (const note of found.notes ?? []) io.log(`  note: ${note}`);
    if (facts.languageNote && found.language === facts.language) io.log(`  note: ${facts.languageNote}`);
    // Said before the build, so a verification that cannot reach them is no surprise.
    const [read, set] = [found.services?.filter((s) => s.envVar), found.services?.filter((s) => !s.envVar)];
    if (read?.length)
      io.log(
        `  note: the code reads ${read.map((s) => `${s.envVar} (${s.service})`).join(', ')}; verification runs the image alone, so give it one on 127.0.0.1 with --env-file FILE if the app cannot start without it`,
      );
    if (set?.length)
      io.log(
        `  note: the app's settings name ${set.map((s) => `${s.service} (${s.setting})`).join(', ')}; verification runs the image alone, so pages that use them fail there`,
      );
  }
  const dockerfile = io.read('Dockerfile');
  const theirs =
    dockerfile !== undefined && record.Dockerfile !== hashOf(dockerfile) ? exposedPort(dockerfile) : undefined;
  return {
    io,
    flags,
    settings,
    team,
    facts,
    yoRc,
    savedEntry: entry,
    saved,
    record,
    exposedPort: theirs,
    savedTemplates,
    changes: [],
    kinds,
    release,
  };
}

/**
 * The team config, loaded only when there is one: its JSON-Schema validator (ajv) is the slowest
 * import of a run, and most projects have no team config. A found config in a folder other users can
 * write is passed over, and said so.
 */
async function loadTeam(
  io: ProjectIO,
  explicit: string | undefined,
  presets: unknown,
): Promise<TeamConfig | undefined> {
  let found: string | undefined;
  if (explicit === undefined) {
    const discovery = discoverTeamConfig(io.root);
    for (const { path, why } of discovery.ignored) io.log(`Ignored team config ${visible(path)}: ${why}`);
    found = discovery.path;
    if (!found && presets === undefined) return undefined;
  }
  const { loadTeamConfig, readTeamConfig } = await import('../team-config.js');
  const local = found ? readTeamConfig(found, io.root, true) : loadTeamConfig(io.root, explicit);
  // Presets (`"extends"`, --preset): npm packages merged under the local config (src/presets/).
  if (presets === undefined && !local?.extends) return local;
  return (await import('../presets/index.js')).withPresets(io.root, local, presets);
}
