#!/usr/bin/env bash
# One command on a fresh machine: install, start an engine, build the stand-in base image, and run
# the generator's main job in a new folder: write a Flask project and prove it with a real build.
#
# Usage: bash scripts/quickstart.sh [DIR] [slim-docker options...]   (DIR default: ./my-app)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-my-app}
shift || true

(cd "$root" && npm ci --no-audit --no-fund && npm run build)
bash "$root/scripts/engine-up.sh"
(cd "$root" && npx tsx scripts/stand-ins/build.ts python:3.13-slim)

mkdir -p "$dir"
cd "$dir"
export SLIM_DOCKER_ENGINE=${SLIM_DOCKER_ENGINE:-/usr/bin/docker}
# The engine's default network (Docker's bridge, the port published on 127.0.0.1), as users run it;
# SLIM_DOCKER_NETWORK=host in the environment still chooses the host network.
node "$root/dist/src/cli.js" --yes --report slim-docker-report.json "$@"
