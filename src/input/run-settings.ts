/** Run settings (how this run behaves, never saved) from flags and the environment, parsed once. */
import { InputError } from '../errors.js';
import type { RunSettings } from '../model.js';
import {
  parseBoolean,
  parseEngine,
  parseEnvFile,
  parseHttpPath,
  parseNetwork,
  parsePath,
  parseTimeout,
} from './fields.js';
import { pypiSettings } from './pypi-settings.js';

type Raw = Record<string, unknown>;

/** Parses the run settings (flags and environment) once. */
export function resolveRunSettings(flags: Raw, env: NodeJS.ProcessEnv): RunSettings {
  const bool = (key: string) => (flags[key] === undefined ? false : parseBoolean(`--${key}`, flags[key]));
  const verifyFlag = bool('verify');
  // --no-verify (verify: false) is --skip-verify: it never means "verify when an engine answers".
  const skipVerify = bool('skipVerify') || (flags.verify !== undefined && !verifyFlag);
  if (verifyFlag && skipVerify) throw new InputError('--verify', 'cannot be combined with --skip-verify; pick one');
  const engineRaw = flags.engine ?? env.SLIM_DOCKER_ENGINE;
  const networkRaw = flags.network ?? env.SLIM_DOCKER_NETWORK;
  const engineField = flags.engine !== undefined ? '--engine' : 'SLIM_DOCKER_ENGINE';
  const networkField = flags.network !== undefined ? '--network' : 'SLIM_DOCKER_NETWORK';
  return {
    yes: bool('yes'),
    verify: verifyFlag ? 'always' : skipVerify ? 'never' : 'auto',
    force: bool('force'),
    report: flags.report === undefined ? undefined : parsePath('--report', flags.report),
    engine: engineRaw === undefined || engineRaw === '' ? undefined : parseEngine(engineField, engineRaw),
    network: networkRaw === undefined || networkRaw === '' ? undefined : parseNetwork(networkField, networkRaw),
    keepImage: bool('keepImage'),
    timeoutSeconds: flags.timeout === undefined ? 60 : parseTimeout('--timeout', flags.timeout),
    httpPath: flags.httpPath === undefined ? undefined : parseHttpPath('--http-path', flags.httpPath),
    envFile: flags.envFile === undefined ? undefined : parseEnvFile('--env-file', flags.envFile),
    buildTimeoutSeconds: flags.buildTimeout === undefined ? 1800 : parseTimeout('--build-timeout', flags.buildTimeout),
    config: flags.config === undefined ? undefined : parsePath('--config', flags.config),
    templates: flags.templates === undefined ? undefined : parsePath('--templates', flags.templates),
    pypi: pypiSettings(env),
  };
}
