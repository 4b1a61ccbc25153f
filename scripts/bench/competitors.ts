/**
 * The Dockerfiles we are measured against, written out so a run is reproducible without the seed text
 * or a Docker Desktop install. Each one only swaps what this machine cannot provide (see notes).
 */

/** A Dockerfile to compare, rendered for the bench port (the sample's app.py listens on it too). */
export interface Competitor {
  id: string;
  label: string;
  dockerfile: (port: number, base: 'slim' | 'full') => string;
  dockerignore: string;
  note: string;
}

const pythonTag = (base: 'slim' | 'full') => (base === 'slim' ? 'python:3.13-slim' : 'python:3.13');

/** The seed's .dockerignore, verbatim ("A Real Dockerfile"). */
const SEED_IGNORE = [
  '.git',
  '.gitignore',
  '__pycache__/',
  '*.pyc',
  '.venv/',
  'venv/',
  '.env',
  '*.log',
  'Dockerfile',
  '.dockerignore',
  '',
].join('\n');

/** The seed's final Dockerfile, verbatim except FROM python:3.12-slim → the 3.13 stand-in and the port. */
const seedFinal: Competitor = {
  id: 'seed',
  label: "seed's final Dockerfile",
  dockerfile: (port, base) => `# Dockerfile
FROM ${pythonTag(base)}
WORKDIR /app
# Dependencies first - this layer is cached until requirements.txt changes
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
# App code second - changes here don't bust the install layer
COPY . .
# Run as a non-root user
RUN useradd --create-home appuser
USER appuser
EXPOSE ${port}
CMD ["python", "app.py"]
`,
  dockerignore: SEED_IGNORE,
  note: 'verbatim from the seed; FROM python:3.12-slim → python:3.13-slim (the stand-in here), EXPOSE 5000 → the bench port',
};

/** The seed's "Phase 1" counter-example order: the seed's final file with COPY . . moved above pip install. */
const counterExample: Competitor = {
  id: 'counter',
  label: "seed's counter-example order",
  dockerfile: (port, base) => `FROM ${pythonTag(base)}
WORKDIR /app
# The order the seed warns about: any code edit busts the pip install below.
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
RUN useradd --create-home appuser
USER appuser
EXPOSE ${port}
CMD ["python", "app.py"]
`,
  dockerignore: SEED_IGNORE,
  note: "the seed's final file with `COPY requirements.txt .` dropped and `COPY . .` moved above `pip install` (only the order differs)",
};

/**
 * docker init's Python template (Docker Desktop), written from its published output. Changes: no
 * `# syntax=docker/dockerfile:1` line (it pulls a frontend image; there is no registry here), the
 * version is 3.13 (the stand-in), and `adduser` → `useradd` with the same meaning because the stand-in,
 * like a minbase Debian, has no `adduser` package (useradd leaves the password locked, as
 * --disabled-password does).
 */
const dockerInit: Competitor = {
  id: 'init',
  label: "docker init's Python template",
  dockerfile: (port, base) => `ARG PYTHON_VERSION=3.13
FROM python:\${PYTHON_VERSION}${base === 'slim' ? '-slim' : ''} as base

# Prevents Python from writing pyc files.
ENV PYTHONDONTWRITEBYTECODE=1

# Keeps Python from buffering stdout and stderr to avoid situations where
# the application crashes without emitting any logs due to buffering.
ENV PYTHONUNBUFFERED=1

WORKDIR /app

# Create a non-privileged user that the app will run under.
# (docker init: adduser --disabled-password --gecos "" --home "/nonexistent" --shell "/sbin/nologin"
#  --no-create-home --uid "\${UID}" appuser — the stand-in has no adduser, so useradd with the same flags)
ARG UID=10001
RUN useradd \\
    --comment "" \\
    --home-dir "/nonexistent" \\
    --shell "/sbin/nologin" \\
    --no-create-home \\
    --uid "\${UID}" \\
    appuser

# Download dependencies as a separate step to take advantage of Docker's caching.
RUN --mount=type=cache,target=/root/.cache/pip \\
    --mount=type=bind,source=requirements.txt,target=requirements.txt \\
    python -m pip install -r requirements.txt

# Switch to the non-privileged user to run the application.
USER appuser

# Copy the source code into the container.
COPY . .

# Expose the port that the application listens on.
EXPOSE ${port}

# Run the application.
CMD gunicorn 'app:app' --bind=0.0.0.0:${port}
`,
  // docker init's .dockerignore (the entries that matter for a Python project).
  dockerignore: [
    '**/.DS_Store',
    '**/__pycache__',
    '**/.venv',
    '**/.dockerignore',
    '**/.env',
    '**/.git',
    '**/.gitignore',
    '**/.vscode',
    '**/bin',
    '**/docker-compose*',
    '**/compose.y*ml',
    '**/Dockerfile*',
    '**/node_modules',
    '**/npm-debug.log',
    '**/obj',
    '**/secrets.dev.yaml',
    '**/values.dev.yaml',
    'LICENSE',
    'README.md',
    '',
  ].join('\n'),
  note: 'from memory of the published template; no `# syntax=` line (no registry), 3.13, `adduser` → `useradd` (stand-in has no adduser package)',
};

export const COMPETITORS = { seed: seedFinal, counter: counterExample, init: dockerInit } as const;
