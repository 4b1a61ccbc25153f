import type { LanguagePack } from './types.js';

const TAG_SUFFIX: Record<string, string> = { slim: '-slim', alpine: '-alpine', full: '' };

/** Pinned releases for the sample app's requirements.txt (current on PyPI when this pack was written). */
export const PYTHON_PINS = { flask: '3.1.3', gunicorn: '27.0.1' } as const;

export const python: LanguagePack = {
  id: 'python',
  label: 'Python',
  frameworks: ['flask'],
  defaultFramework: 'flask',
  versions: ['3.10', '3.11', '3.12', '3.13', '3.14'],
  defaultVersion: '3.13',
  versionForm: 'X.Y',
  defaultPort: 5000,
  // Sizes are the seed's rough figures for the official images.
  bases: [
    { id: 'slim', hint: 'Debian slim, ~150 MB: small, glibc, no surprises (recommended)' },
    { id: 'alpine', hint: '~70 MB, but musl libc: packages with compiled code may break or build from source' },
    { id: 'full', hint: '~1 GB: compilers and build tools included' },
  ],
  defaultBase: 'slim',
  baseImage: (version, base) => `python:${version}${TAG_SUFFIX[base]}`,
  files: () => [
    { template: 'python/Dockerfile.ejs', destination: 'Dockerfile', kind: 'dockerfile' },
    { template: 'python/dockerignore.ejs', destination: '.dockerignore', kind: 'dockerignore' },
  ],
  sampleFiles: () => [
    { template: 'python/flask/app.py.ejs', destination: 'app.py', kind: 'source' },
    { template: 'python/flask/requirements.txt.ejs', destination: 'requirements.txt', kind: 'source' },
  ],
  templateData: (answers) => ({
    imageTag: `\${PYTHON_VERSION}${TAG_SUFFIX[answers.base]}`,
    wsgiApp: 'app:app',
    pins: PYTHON_PINS,
  }),
  markerFiles: ['requirements.txt', 'pyproject.toml', 'Pipfile', 'setup.py'],
  sample: {
    greetingFile: 'app.py',
    greeting: (appName) => `Hello from ${appName}!`,
  },
  verification: {
    dependencyStep: /\bpip3? install\b/,
    entrySourceFiles: ['app.py', 'wsgi.py', 'main.py'],
    commentPrefix: '#',
    smokePath: '/',
    healthPath: '/health',
  },
};
