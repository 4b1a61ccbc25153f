/** The command-line options: one list that the generators declare, `--help` prints and readFlags reads. */
import { InputError } from '../errors.js';
import { LANGUAGE_IDS, LANGUAGE_PACKS, type AnyPack } from '../languages/index.js';

/** One command-line option: the single list that the generators declare and `--help` prints. */
export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  description: string;
  /** answer: shapes the files; write: how files are written; verify: the test build; compose: also run a sub-generator. */
  group: OptionGroup;
  /** The value's placeholder in help (string options), e.g. PORT. */
  value?: string;
  /** A string option that may be given several times (the bin collects the values in a list). */
  repeatable?: boolean;
}

export type OptionGroup = 'answer' | 'write' | 'verify' | 'compose';

/** "python: x; node: y" — per-language help text from the packs themselves. */
const perPack = (describe: (pack: AnyPack) => string) =>
  LANGUAGE_PACKS.map((pack) => `${pack.id}: ${describe(pack)}`).join('; ');

export const OPTION_SPECS: readonly OptionSpec[] = [
  {
    name: 'app-name',
    value: 'NAME',
    group: 'answer',
    type: 'string',
    description: 'Image and app name (default: the folder name, lower-cased)',
  },
  {
    name: 'language',
    value: 'LANG',
    group: 'answer',
    type: 'string',
    description: `Language: ${LANGUAGE_IDS.join(', ')} (default: python)`,
  },
  {
    name: 'framework',
    value: 'NAME',
    group: 'answer',
    type: 'string',
    description: `Framework (${perPack((p) => p.frameworks.join(', '))})`,
  },
  {
    name: 'entrypoint',
    value: 'ENTRY',
    group: 'answer',
    type: 'string',
    description: `Entry point (${perPack((p) => p.entrypointForm)}); detected in an existing project`,
  },
  {
    name: 'runtime-version',
    value: 'VERSION',
    group: 'answer',
    type: 'string',
    description: `Language version (${perPack((p) => `${p.versions.join('|')}, default ${p.defaultVersion}`)})`,
  },
  {
    name: 'port',
    value: 'PORT',
    group: 'answer',
    type: 'string',
    description: `Port the app listens on, 1-65535 (${perPack((p) => String(p.defaultPort))})`,
  },
  {
    name: 'base',
    value: 'BASE',
    group: 'answer',
    type: 'string',
    description: `Base-image preference (${perPack((p) => `${p.bases.map((b) => b.id).join('|')}, default ${p.defaultBase}`)})`,
  },
  {
    name: 'sample-app',
    group: 'answer',
    type: 'boolean',
    description: 'Write a sample app (default: yes in a new folder, never next to a project)',
  },
  {
    name: 'buildkit',
    group: 'answer',
    type: 'boolean',
    description: 'Use BuildKit cache mounts (default); --no-buildkit renders a file the legacy builder accepts',
  },
  {
    name: 'release-command',
    value: 'CMD',
    group: 'answer',
    type: 'string',
    description:
      'Run CMD before the server on every start, e.g. "python manage.py migrate --noinput" (default: the migration/init command detected)',
  },
  {
    name: 'no-release-command',
    group: 'answer',
    type: 'boolean',
    description:
      'Run no release step, even a detected one (same as --release-command none): e.g. migrations run as a one-off job',
  },
  {
    name: 'command',
    value: 'CMD',
    group: 'answer',
    type: 'string',
    description:
      'Start command instead of the generated one, split like a shell would (no shell runs it; $PORT becomes the port), e.g. "gunicorn app:app -k gevent"; for go, rust, java only the app\'s arguments, e.g. "./server --root /app/public"; none: the generated one (default: a Procfile\'s, fly.toml\'s … web command)',
  },
  {
    name: 'force',
    group: 'write',
    type: 'boolean',
    description:
      'Overwrite the files slim-docker generates without asking (never your source files); also run in $HOME or /',
  },
  {
    name: 'config',
    value: 'FILE',
    group: 'write',
    type: 'string',
    description:
      'Team config file; naming it trusts it (default: the nearest .slim-docker.json up to the repository root, used once trusted)',
  },
  {
    name: 'trust-config',
    group: 'write',
    type: 'boolean',
    description:
      'Trust the team config found in the project or a parent folder, as it is now (recorded in ~/.config/slim-docker/trusted.json); without it --yes refuses one not trusted yet',
  },
  {
    name: 'preset',
    value: 'NAME',
    group: 'write',
    type: 'string',
    repeatable: true,
    description:
      'Team preset package (npm), installed in the project or globally; repeatable or a comma list; merged under the team config (naming it trusts it)',
  },
  {
    name: 'templates',
    value: 'DIR',
    group: 'write',
    type: 'string',
    description: 'Folder of template overrides; each missing file falls back to the built-in one',
  },
  { name: 'compose', group: 'compose', type: 'boolean', description: 'Also write compose.yaml (slim-docker:compose)' },
  {
    name: 'ci',
    group: 'compose',
    type: 'boolean',
    description: 'Also write a CI workflow that builds and verifies (slim-docker:ci)',
  },
  {
    name: 'skip-install',
    group: 'write',
    type: 'boolean',
    description: `Skip the sample's post-write command and print it instead (${LANGUAGE_PACKS.filter(
      (pack) => pack.sampleInstall,
    )
      .map((pack) => `${pack.label}: ${pack.sampleInstall!.command.join(' ')}`)
      .join('; ')})`,
  },
  {
    name: 'yes',
    group: 'write',
    type: 'boolean',
    description: 'Ask nothing: take flags, then saved answers, detected values and defaults',
  },
  {
    name: 'verify',
    group: 'verify',
    type: 'boolean',
    description: 'Build and verify the image now (default: yes when an engine answers); --no-verify is --skip-verify',
  },
  { name: 'skip-verify', group: 'verify', type: 'boolean', description: 'Do not build or verify (or --no-verify)' },
  {
    name: 'report',
    value: 'FILE',
    group: 'verify',
    type: 'string',
    description: 'Write the verification report as JSON to this file',
  },
  {
    name: 'engine',
    value: 'CMD',
    group: 'verify',
    type: 'string',
    description:
      'Container engine: docker, podman or an absolute path to its CLI (env SLIM_DOCKER_ENGINE; default: the first of docker, podman that answers)',
  },
  {
    name: 'network',
    value: 'MODE',
    group: 'verify',
    type: 'string',
    description: 'Network mode for build and run, e.g. host (env SLIM_DOCKER_NETWORK)',
  },
  {
    name: 'keep-image',
    group: 'verify',
    type: 'boolean',
    description: 'Keep the verified image (tagged APP:verified) instead of removing it',
  },
  {
    name: 'http-path',
    value: 'PATH',
    group: 'verify',
    type: 'string',
    description:
      'Path that must answer 2xx/3xx during verification (default: the HEALTHCHECK path, detected routes, /health, /healthz, /)',
  },
  {
    name: 'env-file',
    value: 'FILE',
    group: 'verify',
    type: 'string',
    description:
      'KEY=VALUE lines given to the verification container (docker run --env-file), e.g. DATABASE_URL for a database on 127.0.0.1; never built into the image',
  },
  {
    name: 'timeout',
    value: 'SECONDS',
    group: 'verify',
    type: 'string',
    description: 'Seconds to wait for the app to answer HTTP (default 60)',
  },
  {
    name: 'build-timeout',
    value: 'SECONDS',
    group: 'verify',
    type: 'string',
    description: 'Seconds each verification build may take before it is stopped (default 1800)',
  },
];

type Raw = Record<string, unknown>;
const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Flags as given: yo's parser keys them kebab-case, commander and yeoman-test camelCase.
 * Returns only the options the user actually set, keyed camelCase.
 */
export function readFlags(options: Raw): Raw {
  const flags: Raw = {};
  for (const spec of OPTION_SPECS) {
    const value = options[camel(spec.name)] ?? options[spec.name];
    if (value !== undefined && value !== null) flags[camel(spec.name)] = value;
  }
  // --no-release-command is the answer "none": one key, so resolution and saving see a single answer.
  const noRelease = flags.noReleaseCommand;
  delete flags.noReleaseCommand;
  if (noRelease === true || noRelease === 'true') {
    if (flags.releaseCommand !== undefined && flags.releaseCommand !== false)
      throw new InputError('--no-release-command', 'conflicts with --release-command; give one of them');
    flags.releaseCommand = false;
  }
  return flags;
}
