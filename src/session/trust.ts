/**
 * Consent before a team config changes anything. What a config changes is shown before anything is
 * written (a redirected registry, labels, the uid, the CA certificate, replaced templates — the
 * .dockerignore rules among them). A config found by the search (not named with --config) that changes
 * more than default and locked answers is used only once trusted: recorded trust for exactly these
 * bytes, --trust-config, or "trust" at the prompt. Under --yes (or without a terminal) an untrusted
 * one is refused with one line (exit 2): its templates are JavaScript and would run as the user.
 */
import {
  fingerprintOf,
  templateFiles,
  trustState,
  trustStorePath,
  recordTrust,
  shownCommand,
  visible,
} from '../config-trust.js';
import { CancelledError, InputError } from '../errors.js';
import type { TeamConfig } from '../team-config.js';
import type { Prompter } from './prompter.js';
import { dirname, join, relative } from 'node:path';
import { existsSync, statSync } from 'node:fs';

/** The team settings a command uses: the app and its parts all of them; compose and ci only templates. */
export type TeamSetting = 'templates' | 'releaseCommand' | 'registry' | 'labels' | 'uid' | 'caCertificate';
export const ALL_TEAM_SETTINGS: readonly TeamSetting[] = [
  'templates',
  'releaseCommand',
  'registry',
  'labels',
  'uid',
  'caCertificate',
];

/**
 * The release commands a config sets as answers (`defaults` or `locked`): a shell command run before
 * the server on every start of the container, so, like templates, it needs the config to be trusted.
 */
export function teamReleaseCommands(team: TeamConfig): string[] {
  return [team.locked.releaseCommand, team.defaults.releaseCommand].filter(
    (value): value is string => typeof value === 'string' && value.trim() !== '' && value.trim() !== 'none',
  );
}

export interface TrustOptions {
  projectDir: string;
  yes: boolean;
  /** --trust-config: trust a found config as it is now (and record it). */
  trustConfig: boolean;
  /** --templates DIR: the config's own templates are not used, so they need no trust. */
  templatesFlag: boolean;
  uses: readonly TeamSetting[];
  prompter: Prompter | undefined;
  log: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

/** The settings of this config that this run would use. */
function settingsUsed(team: TeamConfig, options: Pick<TrustOptions, 'uses' | 'templatesFlag'>): TeamSetting[] {
  const set: Record<TeamSetting, boolean> = {
    templates: team.templates !== undefined && !options.templatesFlag,
    releaseCommand: teamReleaseCommands(team).length > 0,
    registry: team.registry !== '',
    labels: Object.keys(team.labels).length > 0,
    uid: team.uid !== undefined,
    caCertificate: team.caCertificate !== undefined,
  };
  return options.uses.filter((setting) => set[setting]);
}

const MAX_LISTED = 6;

/** One line per thing the config changes, for the user to read before anything is written. */
export function teamEffects(team: TeamConfig, options: Pick<TrustOptions, 'uses' | 'templatesFlag'>): string[] {
  const lines: string[] = [];
  for (const setting of settingsUsed(team, options)) {
    if (setting === 'registry')
      lines.push(`  registry: every base image comes from ${team.registry} instead of Docker Hub`);
    if (setting === 'labels')
      lines.push(
        `  labels: ${Object.entries(team.labels)
          .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
          .join(', ')}`,
      );
    if (setting === 'releaseCommand')
      for (const command of new Set(teamReleaseCommands(team)))
        lines.push(
          `  release command: ${shownCommand(command)} runs (a shell command) before the server on every start`,
        );
    if (setting === 'uid') lines.push(`  uid: the app runs as uid ${team.uid}`);
    if (setting === 'caCertificate')
      lines.push(`  CA certificate: ${team.caCertificate} is trusted inside the image, at build and run time`);
    if (setting === 'templates') {
      const files =
        existsSync(team.templates!) && statSync(team.templates!).isDirectory() ? templateFiles(team.templates!) : [];
      // Every name made visible (an escape sequence in a file name cannot rewrite this line); the count is
      // exact, and a file changed since the trust is always named by decideTrust.
      const shown =
        files.slice(0, MAX_LISTED).map(visible).join(', ') +
        (files.length > MAX_LISTED ? ` (+${files.length - MAX_LISTED} more)` : '');
      const dockerignore = files.some((file) => /dockerignore/.test(file))
        ? '; the .dockerignore rules among them'
        : '';
      lines.push(
        `  templates: ${visible(team.templates!)} replaces ${files.length} built-in template file(s)${files.length ? `: ${shown}` : ''}${dockerignore}. Templates are code (EJS runs JavaScript as you)`,
      );
    }
  }
  return lines;
}

/**
 * The config this run may use: the config itself (named with --config, changes only answers, or
 * trusted), or undefined when the user chose to ignore it. Throws InputError under --yes for an
 * untrusted found config, CancelledError when the user aborts.
 */
export async function decideTrust(team: TeamConfig, options: TrustOptions): Promise<TeamConfig | undefined> {
  const used = settingsUsed(team, options);
  if (!team.discovered || used.length === 0) return team;
  const caPath = team.caCertificate ? join(options.projectDir, team.caCertificate) : undefined;
  const now = fingerprintOf(team.path, used.includes('templates') ? team.templates : undefined, caPath);
  const { state, entry, changed } = trustState(team.path, now, options.env);
  // What is trusted is what renders: the view refuses a template whose bytes differ from these.
  if (used.includes('templates'))
    team.templateHashes = Object.fromEntries(
      Object.entries(now.files).filter(([name]) => name.startsWith('templates/')),
    );
  const store = trustStorePath(options.env);
  if (state === 'trusted') {
    options.log(`  trusted on ${entry!.trustedAt.slice(0, 10)} (${store})`);
    return team;
  }
  const what = used
    .map((setting) =>
      setting === 'templates'
        ? 'templates (code that runs as you)'
        : setting === 'releaseCommand'
          ? 'a release command (a shell command)'
          : setting,
    )
    .join(', ');
  const where = visible(relative(options.projectDir, dirname(team.path)) || '.');
  // Every changed file is named (made visible), however many the folder holds.
  const since =
    state === 'changed' ? `changed since you trusted it (${changed!.map(visible).join(', ')})` : 'not trusted yet';
  if (options.trustConfig) {
    recordTrust(team.path, now, options.env);
    options.log(`  trusted with --trust-config; recorded in ${store}`);
    return team;
  }
  if (!options.prompter) {
    throw new InputError(
      visible(team.path),
      `was found (in ${where}), not given with --config, and is ${since}: it sets ${what}; review it, then rerun with --trust-config, or name it with --config FILE`,
    );
  }
  const choice = await options.prompter.select(
    'trustConfig',
    `Use this team config? It was found (in ${where}), not given with --config, and is ${since}; it sets ${what}`,
    [
      { name: `Trust it (its SHA-256 and its files' are recorded in ${store}; a change asks again)`, value: 'trust' },
      { name: 'Ignore it: generate without the team config this time', value: 'ignore' },
      { name: 'Abort: write nothing', value: 'abort' },
    ],
    'abort',
  );
  if (choice === 'trust') {
    recordTrust(team.path, now, options.env);
    options.log(`  trusted; recorded in ${store}`);
    return team;
  }
  if (choice === 'ignore') {
    options.log(`  ignored for this run: ${visible(team.path)}`);
    return undefined;
  }
  throw new CancelledError('aborted at the team config; nothing was written');
}
