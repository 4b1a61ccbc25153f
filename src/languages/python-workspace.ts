/**
 * uv workspaces: one uv.lock at the workspace root pins every member's dependencies. At the root the
 * app is found in a member folder; in a member folder the locked versions are out of the build
 * context's reach, so the user is sent to the root (one line) rather than given an unpinned install.
 */
import { basename } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { ProjectFiles } from '../detect/files.js';

/** [tool.uv.workspace] members/exclude of a parsed pyproject.toml, or undefined when it is not a workspace root. */
export function workspaceOf(pyproject: Record<string, any>): { members: string[]; exclude: string[] } | undefined {
  const workspace = pyproject.tool?.uv?.workspace;
  if (!workspace || typeof workspace !== 'object') return undefined;
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []);
  return { members: strings(workspace.members), exclude: strings(workspace.exclude) };
}

/** A workspace member glob ("packages/*", "backend") as a regex over folder paths. */
const globRegex = (glob: string) =>
  new RegExp(
    `^${glob
      .replace(/\/$/, '')
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*?/g, '[^/]+')
      .replace(/\?/g, '[^/]')}$`,
  );

/** The member folders of a workspace root (globs expanded one or two levels), each holding a pyproject.toml. */
export async function memberFolders(
  files: ProjectFiles,
  workspace: { members: string[]; exclude: string[] },
): Promise<string[]> {
  const found: string[] = [];
  for (const glob of workspace.members) {
    const parts = glob.replace(/\/$/, '').split('/');
    let folders = [''];
    for (const part of parts) {
      const next: string[] = [];
      for (const folder of folders) {
        if (!/[*?[]/.test(part)) next.push(folder ? `${folder}/${part}` : part);
        else
          for (const entry of await files.list(folder))
            if (entry.endsWith('/') && globRegex(part).test(entry.slice(0, -1)))
              next.push(folder ? `${folder}/${entry.slice(0, -1)}` : entry.slice(0, -1));
      }
      folders = next;
    }
    for (const folder of folders)
      if (
        !found.includes(folder) &&
        !workspace.exclude.some((ex) => globRegex(ex).test(folder)) &&
        (await files.exists(`${folder}/pyproject.toml`))
      )
        found.push(folder);
  }
  return found;
}

/**
 * The uv workspace this folder is a member of, looking up to three folders up (stopping at a
 * repository root): its location relative to here ("..") and this folder's path inside it.
 */
export async function enclosingWorkspace(files: ProjectFiles): Promise<{ root: string; member: string } | undefined> {
  let up = '';
  let member = '';
  let dir = files.root;
  for (let level = 1; level <= 3; level++) {
    if (await files.exists(`${up}.git`)) return undefined; // the repository root: nothing above belongs
    member = member ? `${basename(dir)}/${member}` : basename(dir);
    dir = dir.replace(/\/[^/]+\/?$/, '') || '/';
    up = `${up}../`;
    const text = await files.read(`${up}pyproject.toml`);
    if (text === undefined) continue;
    let workspace;
    try {
      workspace = workspaceOf(parseToml(text) as Record<string, any>);
    } catch {
      return undefined;
    }
    if (!workspace) continue;
    const inside = workspace.members.some((glob) => globRegex(glob).test(member));
    if (inside && (await files.exists(`${up}uv.lock`))) return { root: up.replace(/\/$/, ''), member };
  }
  return undefined;
}
