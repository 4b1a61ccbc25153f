/**
 * Old releases of well-known packages import standard-library modules that newer Pythons removed
 * (PEP 594's "dead batteries" in 3.13; imp, asyncore, asynchat, smtpd and distutils in 3.12). Such a
 * pin installs fine and then fails at start (`ModuleNotFoundError: No module named 'cgi'`), so it
 * rules out the Pythons without the module, as gunicorn < 21 does for pkg_resources. Pure: pins in.
 */
import type { Pins } from './python-pins.js';
import type { FrameworkLimit } from './python-versions.js';

/** The Python X.Y that no longer has each module (What's New in Python 3.12 and 3.13). */
export const REMOVED_IN: Record<string, string> = {
  ...Object.fromEntries(['imp', 'asyncore', 'asynchat', 'smtpd', 'distutils'].map((name) => [name, '3.12'])),
  ...Object.fromEntries(
    [
      'aifc',
      'audioop',
      'cgi',
      'cgitb',
      'chunk',
      'crypt',
      'imghdr',
      'mailcap',
      'msilib',
      'nis',
      'nntplib',
      'ossaudiodev',
      'pipes',
      'sndhdr',
      'spwd',
      'sunau',
      'telnetlib',
      'uu',
      'xdrlib',
    ].map((name) => [name, '3.13']),
  ),
};

/**
 * [first release that no longer imports it, module], per package (PyPI names, normalised), checked
 * against each project's tagged sources:
 * - WebOb: webob/compat.py has `from cgi import parse_header` through 1.8.8; 1.8.9 (2024-11-23)
 *   "Add legacy-cgi to required packages … for Python 3.13 compatibility".
 * - Pyramid: pyramid/path.py does `import imp` through 1.10.7; 1.10.8 tries importlib first.
 * - bottle: `import … imp …` at the top of bottle.py before 0.12.18 (later only on Python 2), and
 *   `import base64, cgi, …` in every 0.12.x; 0.13.0 imports neither.
 * - aiohttp: aiohttp/helpers.py does `import cgi` through 3.8.1; 3.8.2 stopped using it (PR #6734).
 * - waitress: channel.py/server.py `import asyncore` before 1.2.0, which vendored it as wasyncore.
 * - eventlet: eventlet/support/greenlets.py does `import distutils.version` through 0.33.3; 0.34.1
 *   is the next release on PyPI (0.34.0 was never published), with Python 3.12 support.
 */
export const OLD_STDLIB_IMPORTS: Record<string, { label: string; fixed: readonly (readonly [string, string])[] }> = {
  webob: { label: 'WebOb', fixed: [['1.8.9', 'cgi']] },
  pyramid: { label: 'Pyramid', fixed: [['1.10.8', 'imp']] },
  bottle: {
    label: 'bottle',
    fixed: [
      ['0.12.18', 'imp'],
      ['0.13.0', 'cgi'],
    ],
  },
  aiohttp: { label: 'aiohttp', fixed: [['3.8.2', 'cgi']] },
  waitress: { label: 'waitress', fixed: [['1.2.0', 'asyncore']] },
  eventlet: { label: 'eventlet', fixed: [['0.34.1', 'distutils']] },
};

const parts = (version: string) => version.split('.').map(Number);
const older = (a: string, b: string) => {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
};
const minor = (version: string) => Number(version.split('.')[1]);

/** The modules a release of a listed package imports that some Python removed, earliest removal first. */
export function removedImports(name: string, version: string): string[] {
  const known = OLD_STDLIB_IMPORTS[name];
  if (!known) return [];
  return known.fixed
    .filter(([since]) => older(version, since))
    .map(([, module]) => module)
    .sort((a, b) => minor(REMOVED_IN[a]) - minor(REMOVED_IN[b]));
}

/**
 * Exact pins (requirements `==`, lockfiles) of releases that import a removed module: only Pythons
 * before the removal fit. Ranges are left alone: pip would install a newer, fixed release.
 */
export function removedStdlibLimits(pins: Pins, pinSource: string): FrameworkLimit[] {
  const limits: FrameworkLimit[] = [];
  for (const [name, known] of Object.entries(OLD_STDLIB_IMPORTS)) {
    const pinned = /^={2,3}\s*v?(\d+(?:\.\d+)*)$/.exec(pins.get(name)?.trim() ?? '')?.[1];
    const modules = pinned ? removedImports(name, pinned) : [];
    if (!modules.length) continue;
    const removed = REMOVED_IN[modules[0]];
    limits.push({
      what: `${known.label} ${pinned} pinned in ${pinSource} imports ${modules[0]}, gone from Python ${removed}`,
      range: ['3.0', `3.${minor(removed) - 1}`],
    });
  }
  return limits;
}
