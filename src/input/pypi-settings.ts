/** The PyPI look-up's settings from the environment, checked once at the edge (run-settings.ts). */
import { InputError } from '../errors.js';
import { DEFAULT_INDEX, pypiCacheDir } from '../languages/pypi-lookup.js';

/**
 * The Simple API index the exact pins are looked up on and the cache folder, or undefined when look-ups are off:
 * SLIM_DOCKER_OFFLINE=1 turns them off; SLIM_DOCKER_PYPI_URL names a mirror (like PIP_INDEX_URL).
 */
export function pypiSettings(env: NodeJS.ProcessEnv): { index: string; cacheDir: string } | undefined {
  const offline = env.SLIM_DOCKER_OFFLINE;
  if (offline !== undefined && offline !== '') {
    if (!/^(1|0|true|false|yes|no)$/.test(offline))
      throw new InputError('SLIM_DOCKER_OFFLINE', `${JSON.stringify(offline)} is not allowed; use 1 or 0`);
    if (/^(1|true|yes)$/.test(offline)) return undefined;
  }
  const url = env.SLIM_DOCKER_PYPI_URL;
  const cacheDir = pypiCacheDir(env);
  if (url === undefined || url === '') return { index: DEFAULT_INDEX, cacheDir };
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.username || parsed.password)
    throw new InputError(
      'SLIM_DOCKER_PYPI_URL',
      `${JSON.stringify(url)} is not allowed; use the http(s) URL of a Simple API index without credentials, e.g. ${DEFAULT_INDEX}`,
    );
  return { index: url, cacheDir };
}
