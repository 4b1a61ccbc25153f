/**
 * Team templates are remembered (issue 22 item 10): `--templates DIR` is saved in .yo-rc.json (as a
 * path relative to the project), and a re-run uses it. Templates are code (EJS runs JavaScript as the
 * user), and a .yo-rc.json comes with the repository, so trust works as for a found team config:
 * naming the folder with --templates is consent, recorded in the user's own trust store with the
 * SHA-256 of every file; a re-run uses the saved folder as it is only while those hashes match (and
 * renders exactly those bytes). Otherwise it asks (trust / built-in templates this time / abort), and
 * under --yes, or without a terminal, refuses with one line naming --templates (exit 2).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  recordTemplatesTrust,
  templatesFingerprint,
  templatesTrust,
  trustStorePath,
  visible,
} from '../config-trust.js';
import { CancelledError, InputError } from '../errors.js';
import type { Prompter } from './prompter.js';
import type { Session } from './session.js';
import { YO_RC } from './yo-rc.js';

const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** Which templates folder this run renders with: --templates (recorded as trusted), else the saved one once trusted. */
export async function decideTemplates(session: Session, prompter: Prompter | undefined): Promise<void> {
  const { settings, io } = session;
  if (settings.templates !== undefined) {
    const dir = resolve(io.root, settings.templates);
    if (isFolder(dir)) recordTemplatesTrust(dir, templatesFingerprint(dir), process.env);
    return;
  }
  if (session.savedTemplates === undefined) return;
  const trusted = await trustedSavedTemplates(io.root, session.savedTemplates, prompter, io.log);
  if (!trusted) return;
  settings.templates = session.savedTemplates;
  session.templateHashes = trusted.hashes;
}

/**
 * The templates folder .yo-rc.json saves, as the user trusts it (its files' hashes, which the render
 * view checks), or undefined when they chose the built-in templates this time. Used by every command
 * that renders (the app and its parts, compose, ci).
 */
export async function trustedSavedTemplates(
  root: string,
  saved: string,
  prompter: Prompter | undefined,
  log: (line: string) => void,
): Promise<{ dir: string; hashes: Record<string, string> } | undefined> {
  const field = `${YO_RC} "templates"`;
  const shown = visible(saved);
  const dir = resolve(root, saved);
  if (!isFolder(dir))
    throw new InputError(
      field,
      `${shown} is not a folder here; rerun with --templates DIR, or remove "templates" from ${YO_RC} to use the built-in templates`,
    );
  const now = templatesFingerprint(dir);
  const trust = templatesTrust(dir, now, process.env);
  if (trust.state === 'trusted') {
    log(`Templates: ${shown} (saved in ${YO_RC}; trusted on ${trust.trustedAt?.slice(0, 10)})`);
    return { dir, hashes: now };
  }
  const since =
    trust.state === 'changed'
      ? `changed since you trusted it (${trust.changed!.map(visible).join(', ')})`
      : 'not trusted by you yet';
  if (!prompter)
    throw new InputError(
      field,
      `${shown} is ${since}; templates are code (EJS runs JavaScript as you): review it, then rerun with --templates ${shown} to use it`,
    );
  const store = trustStorePath(process.env);
  const choice = await prompter.select(
    'savedTemplates',
    `${YO_RC} saves the templates folder ${shown}, ${since}; templates are code (EJS runs JavaScript as you). Use it?`,
    [
      { name: `Trust it (its files' SHA-256 are recorded in ${store}; a change asks again)`, value: 'trust' },
      { name: 'Ignore it: use the built-in templates this time', value: 'ignore' },
      { name: 'Abort: write nothing', value: 'abort' },
    ],
    'abort',
  );
  if (choice === 'abort') throw new CancelledError('aborted at the saved templates folder; nothing was written');
  if (choice === 'ignore') {
    log(`  the built-in templates this time (${shown} stays saved)`);
    return undefined;
  }
  recordTemplatesTrust(dir, now, process.env);
  log(`  trusted; recorded in ${store}`);
  return { dir, hashes: now };
}
