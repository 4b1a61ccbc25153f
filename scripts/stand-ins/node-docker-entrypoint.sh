#!/bin/sh
# Same contract as the official node image's entrypoint: if the first argument is an
# option (-e, --version, ...) or not an executable command (e.g. `server.js`), run it with node.
set -e
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1" || true)" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then
  set -- node "$@"
fi
exec "$@"
