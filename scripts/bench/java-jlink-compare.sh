#!/bin/bash
# Java base figures for BENCHMARKS.md (the "java" section), not part of the tests: the Spring Boot
# sample (--sample-app) with --base jre and --base jlink, each generated into its own folder, gets a
# truly cold build (its own cache-mount id, a run ARG after every FROM) and a rebuild after a one-line
# code edit; printed: both times, the edited image's size, the final layers the edit changed, and the
# jlink runtime's size. Needs the stand-ins maven:3.9-eclipse-temurin-21, eclipse-temurin:21-jre and
# debian:trixie-slim, and a built dist/ (npm run build). Usage: bash scripts/bench/java-jlink-compare.sh
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
engine=${SLIM_DOCKER_ENGINE:-/usr/bin/docker}
tmp=$(mktemp -d /tmp/slim-jlink-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=compare-lib.sh
. "$root/scripts/bench/compare-lib.sh"

measure() {
  local base=$1 run work
  run=$(date +%s)
  work=$tmp/java-bench-$base
  mkdir -p "$work"
  (cd "$work" && node "$root/dist/src/cli.js" --yes --language java --sample-app --base "$base" --skip-verify >/dev/null)
  sed -i -e "s#--mount=type=cache,target=#--mount=type=cache,id=bench-$base-$run,target=#g" "$work/Dockerfile"
  awk -v r="$run" '{print} /^FROM /{print "ARG BENCH_RUN=" r}' "$work/Dockerfile" >"$work/Dockerfile.bench"
  build() { timed_build "$work" "$work/Dockerfile.bench" "slim-jlink-bench-$base:$1" "$work/$1.log"; }
  local cold edit size changed runtime
  cold=$(build cold)
  sed -i "s/Hello from/Hello ($run) from/" "$work/src/main/java/com/example/app/Application.java"
  edit=$(build edit)
  size=$("$engine" image inspect -f '{{.Size}}' "slim-jlink-bench-$base:edit")
  changed=$(layers_changed "slim-jlink-bench-$base:cold" "slim-jlink-bench-$base:edit")
  runtime=$("$engine" run --rm --entrypoint sh "slim-jlink-bench-$base:edit" -c 'du -sk "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")" | cut -f1')
  echo "$base: cold ${cold}s, edit-rebuild ${edit}s, image $size bytes, final layers changed $changed, Java runtime ${runtime} kB (load $(cut -d' ' -f1-3 /proc/loadavg))"
  "$engine" rmi "slim-jlink-bench-$base:cold" "slim-jlink-bench-$base:edit" >/dev/null
}
for base in jre jlink; do measure "$base"; done
