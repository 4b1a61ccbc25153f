/** What the project's gunicorn accepts, from its pin. */
import { releaseInstalled, type Pins } from './python-pins.js';

/** gunicorn majors, oldest first (the newest stands for every later one). */
const GUNICORN_RELEASES = ['19', '20', '21', '22', '23', '24', '25', '26', '27'];

/**
 * Whether the gunicorn the image installs knows --no-control-socket (added in 25): ours does; a
 * project's own gunicorn does when its pin allows the newest release or names 25 or later.
 */
export function takesControlSocketFlag(pins: Pins, extraPackages: readonly string[]): boolean {
  if (extraPackages.some((pkg) => pkg.startsWith('gunicorn=='))) return true;
  const spec = pins.get('gunicorn');
  const exact = spec && /^={2,3}\s*(\d+)/.exec(spec);
  if (exact) return Number(exact[1]) >= 25;
  const release = spec ? releaseInstalled(spec, GUNICORN_RELEASES) : undefined;
  return release === undefined || Number(release) >= 25;
}
