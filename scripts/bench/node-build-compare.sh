#!/bin/bash
# Next.js figures for BENCHMARKS.md (the "nodebuild" section), not part of the tests: on the
# nextjs-standalone example (Next.js 16, app router, output: 'standalone'), each Dockerfile gets a cold
# build and a rebuild after an edit that changes the page's text (it reaches the image), and the edited
# image's size and changed final layers are printed.
#   ours        the golden: one build stage, the standalone server + static + public on node slim
#   ours-start  the nextjs-next-start golden (the same app without standalone output): `next start`
#               with production node_modules, the code and .next
#   docker-init scripts/bench/node/Dockerfile.docker-init (docker init's Node template with a build step)
# Every build gets its own npm cache-mount id and a run ARG after each FROM, so each cold build is truly
# cold (downloads included). Needs the stand-in node:26-slim. Usage: bash scripts/bench/node-build-compare.sh
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
engine=${SLIM_DOCKER_ENGINE:-/usr/bin/docker}
examples=$root/test/examples
tmp=$(mktemp -d /tmp/slim-node-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=compare-lib.sh
. "$root/scripts/bench/compare-lib.sh"
cp "$examples/nextjs-standalone/golden/Dockerfile" "$tmp/Dockerfile.ours"
cp "$examples/nextjs-next-start/golden/Dockerfile" "$tmp/Dockerfile.ours-start"
cp "$root/scripts/bench/node/Dockerfile.docker-init" "$tmp/Dockerfile.docker-init"

measure() {
  local name=$1 run work example=$examples/nextjs-standalone
  [ "$name" = ours-start ] && example=$examples/nextjs-next-start
  run=$(date +%s)
  work=$tmp/$name
  rm -rf "$work" && cp -r "$example/project" "$work"
  cp "$example/golden/dockerignore" "$work/.dockerignore"
  sed -e "s#--mount=type=cache,target=/root/.npm#--mount=type=cache,id=bench-$name-$run,target=/root/.npm#g" \
    "$tmp/Dockerfile.$name" | awk -v r="$run" '{print} /^FROM /{print "ARG BENCH_RUN=" r}' >"$work/Dockerfile"
  build() { timed_build "$work" "$work/Dockerfile" "slim-node-bench-$name:$1" "$work/$1.log"; }
  local cold edit size changed
  cold=$(build cold)
  sed -i "s/team dashboard next/team dashboard next $run/" "$work/app/page.js"
  edit=$(build edit)
  size=$("$engine" image inspect -f '{{.Size}}' "slim-node-bench-$name:edit")
  changed=$(layers_changed "slim-node-bench-$name:cold" "slim-node-bench-$name:edit")
  echo "$name: cold ${cold}s, edit-rebuild ${edit}s, image $size bytes, final layers changed $changed (load $(cut -d' ' -f1-3 /proc/loadavg))"
  "$engine" rmi "slim-node-bench-$name:cold" "slim-node-bench-$name:edit" >/dev/null
}
for name in ${NAMES:-ours ours-start docker-init ours ours-start docker-init}; do measure "$name"; done
