/**
 * PasteDeploy apps: the standard Pyramid project (its cookiecutter) has no module-level app object.
 * `def main(global_config, **settings)` returns the app and is registered as a `paste.app_factory`
 * entry point; production.ini says `[app:main] use = egg:PKG` (or `use = call:pkg.mod:main`) with the
 * app's settings, and users run `pserve production.ini`.
 *
 * The image runs `gunicorn --paste production.ini` rather than pserve: gunicorn loads the [app:main]
 * through PasteDeploy and its logging sections, but never reads [server:main] (its waitress `listen =
 * localhost:6543` would keep the app unreachable from outside the container), so --bind 0.0.0.0:PORT
 * decides; and as PID 1 it handles SIGTERM with a graceful worker shutdown, like every other WSGI app
 * here. pserve would serve whatever [server:main] names, loopback included.
 */
import type { ProjectFiles } from '../detect/files.js';
import type { Service } from '../model.js';

/** Sections of an ini file: `key = value` with indented continuation lines, comments (# ;) dropped. */
export function iniSections(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw) || !raw.trim()) continue;
    const section = /^\[([^\]]+)\]/.exec(raw)?.[1];
    if (section) {
      current = new Map();
      sections.set(section.trim(), current);
      lastKey = undefined;
    } else if (/^\s/.test(raw) && current && lastKey) {
      current.set(lastKey, `${current.get(lastKey)}\n${raw.trim()}`.trim());
    } else if (current) {
      const match = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
      if (match) current.set((lastKey = match[1].trim()), match[2].trim());
    }
  }
  return sections;
}

/** Which ini the image serves: production first; development.ini (debug toolbar, reloading) last; tests never. */
export function rankIni(name: string): number {
  if (/^prod(uction)?\.ini$/i.test(name)) return 0;
  if (/^dev(elopment)?\.ini$/i.test(name)) return 2;
  return 1;
}

const URL_SERVICES: readonly [RegExp, string][] = [
  [/^postgres(ql)?(\+\w+)?:\/\//i, 'PostgreSQL'],
  [/^mysql(\+\w+)?:\/\//i, 'MySQL'],
  [/^mariadb(\+\w+)?:\/\//i, 'MySQL'],
  [/^mongodb(\+srv)?:\/\//i, 'MongoDB'],
  [/^rediss?:\/\//i, 'Redis'],
  [/^amqps?:\/\//i, 'RabbitMQ'],
];

/**
 * Services the app's settings point at: a URL whose scheme names one (sqlalchemy.url = mysql://…),
 * Elasticsearch hosts. The setting is the evidence; no environment variable is invented for it.
 */
export function iniServices(settings: ReadonlyMap<string, string>, ini: string): Service[] {
  const found: Service[] = [];
  for (const [key, value] of settings) {
    const service = /(^|\.)elasticsearch\.(hosts?|url)$|^elasticsearch$/i.test(key)
      ? 'Elasticsearch'
      : URL_SERVICES.find(([scheme]) => scheme.test(value))?.[1];
    if (service && !found.some((entry) => entry.service === service))
      found.push({ service, setting: `${key} in ${ini}` });
  }
  return found;
}

const normalise = (name: string) => name.toLowerCase().replace(/[_.]+/g, '-');

export interface PasteApp {
  ini: string;
  /** The `use =` of [app:main] (egg:PKG, call:pkg.mod:main). */
  use: string;
  /** The app factory as MODULE:NAME (its file is where verification edits and finds routes). */
  factory: string;
  services: Service[];
  notes: string[];
  problems: string[];
}

/**
 * The PasteDeploy config the image serves, when a top-level .ini has `[app:main] use = egg:…` or
 * `call:…`. `egg:` resolves the distribution's entry points, so the project must be installable (the
 * image then installs it: python-installable.ts). Packages its `pyramid.includes` names that the
 * dependencies lack (pyramid_debugtoolbar, a dev dependency, in development.ini) fail the start: said.
 */
export async function findPasteApp(
  files: ProjectFiles,
  top: readonly string[],
  deps: readonly string[],
  installable: boolean,
): Promise<PasteApp | undefined> {
  const inis = top
    .filter((name) => name.endsWith('.ini') && !/^test/i.test(name))
    .sort((a, b) => rankIni(a) - rankIni(b));
  for (const ini of inis) {
    const app = iniSections((await files.read(ini)) ?? '').get('app:main');
    const use = app?.get('use');
    if (!app || !use || !/^(egg|call):\S/.test(use)) continue;
    const notes = [
      `PasteDeploy app: ${ini} ([app:main] use = ${use}), served by gunicorn --paste ${ini}; its [server:main] is not used (gunicorn binds 0.0.0.0 on the port)`,
    ];
    if (rankIni(ini) === 2)
      notes.push(
        `no production.ini: ${ini} is served, a development configuration; write a production.ini (the cookiecutter's) for production`,
      );
    const missing = (app.get('pyramid.includes') ?? '')
      .split(/\s+/)
      .filter((name) => name && !deps.includes(normalise(name)) && !name.startsWith('.'));
    if (missing.length)
      notes.push(
        `${ini} includes ${missing.join(', ')} (pyramid.includes), which the dependencies the image installs lack (a dev dependency?): the app fails to start unless it is removed from ${ini} or added to the dependencies`,
      );
    const problems =
      use.startsWith('egg:') && !installable
        ? [
            `${ini} loads ${use}, which needs the project installed (its paste.app_factory entry point), but it is not an installable package: add a pyproject.toml [build-system] and [project] (or setup.py), or write use = call:MODULE:main`,
          ]
        : [];
    const factory = use.startsWith('call:') ? use.slice(5) : await eggFactory(files, use.slice(4));
    return { ini, use, factory, services: iniServices(app, ini), notes, problems };
  }
  return undefined;
}

/**
 * The factory `egg:PKG` (`#main` by default) stands for: the paste.app_factory entry point that
 * pyproject.toml ([project.entry-points."paste.app_factory"], Poetry's plugins), setup.py or setup.cfg
 * declares; else PKG:main, the cookiecutter's.
 */
export async function eggFactory(files: ProjectFiles, egg: string): Promise<string> {
  const [dist, name = 'main'] = egg.split('#');
  for (const file of ['pyproject.toml', 'setup.py', 'setup.cfg']) {
    const text = (await files.read(file)) ?? '';
    const block = /paste\.app_factory["'\]]*\s*[=:\]]?([\s\S]{0,400})/.exec(text)?.[1] ?? '';
    const found = new RegExp(String.raw`(?:^|[\s'"\[])${name}\s*=\s*["']?([\w.]+:\w+)`).exec(block)?.[1];
    if (found) return found;
  }
  return `${dist.replace(/-/g, '_')}:${name}`;
}

/** Detection's facts when a PasteDeploy app is found: gunicorn --paste as the start command. */
export async function usePasteApp(
  files: ProjectFiles,
  facts: {
    startCommand?: { argv: string[]; source: string };
    startsItsOwnServer?: boolean;
    entrypoints: string[];
    services?: Service[];
    problems: string[];
  },
  found: { top: readonly string[]; deps: readonly string[]; installable: boolean; notes: string[] },
): Promise<boolean> {
  const paste = await findPasteApp(files, found.top, found.deps, found.installable);
  if (!paste) return false;
  facts.startCommand = {
    argv: ['gunicorn', '--workers', '2', '--access-logfile', '-', '--paste', paste.ini],
    source: paste.ini,
  };
  // The ini names the app: no framework or entry point question, none saved.
  facts.startsItsOwnServer = true;
  facts.entrypoints = [paste.factory];
  facts.services = paste.services;
  facts.problems.push(...paste.problems);
  found.notes.push(...paste.notes);
  return true;
}
