#!/bin/bash
# Rust figures for BENCHMARKS.md (the "rust" section), not part of the tests: the generated axum sample
# with the default glibc build on distroless cc (--base distroless) and the static musl build on
# distroless static (--base static). Each gets a cold build (an ARG after each FROM makes every step
# miss the cache, `rustup target add` included) and two rebuilds after a greeting edit that reaches
# the binary; the image's size, its base's and the edited image's changed layers are printed.
# Needs the stand-ins rust:1.95-slim-bookworm and gcr.io/distroless/{cc,static}-debian12:nonroot, and
# `npm run build`. Usage: bash scripts/bench/rust-musl-compare.sh
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
engine=${SLIM_DOCKER_ENGINE:-/usr/bin/docker}
tmp=$(mktemp -d /tmp/slim-rust-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=compare-lib.sh
. "$root/scripts/bench/compare-lib.sh"

measure() {
  local base=$1 run work
  run=$(date +%s)
  work=$tmp/rust-bench-$base
  mkdir -p "$work"
  (cd "$work" && node "$root/dist/src/cli.js" --yes --language rust --sample-app --base "$base" --skip-verify >"$tmp/$base-generate.log" 2>&1) ||
    { tail -20 "$tmp/$base-generate.log" >&2; return 1; }
  awk -v r="$run" '{print} /^FROM /{print "ARG BENCH_RUN=" r}' "$work/Dockerfile" >"$work/Dockerfile.bench"
  build() { timed_build "$work" "$work/Dockerfile.bench" "slim-rust-bench-$base:$1" "$tmp/$base-$1.log"; }
  local cold edit1 edit2 size baseImage baseSize changed
  cold=$(build cold)
  sed -i "s/Hello from /Hello (edit 1) from /" "$work/src/main.rs"
  edit1=$(build edit1)
  sed -i "s/(edit 1)/(edit 2)/" "$work/src/main.rs"
  edit2=$(build edit2)
  size=$("$engine" image inspect -f '{{.Size}}' "slim-rust-bench-$base:edit2")
  baseImage=$(grep -m1 '^FROM gcr' "$work/Dockerfile" | cut -d' ' -f2)
  baseSize=$("$engine" image inspect -f '{{.Size}}' "$baseImage")
  changed=$(layers_changed "slim-rust-bench-$base:edit1" "slim-rust-bench-$base:edit2")
  # The musl std download and install (the static build's extra step), from the cold build's log.
  local step target
  step=$(grep -m1 -o '^#[0-9]* \[build [0-9/]*\] RUN rustup target add' "$tmp/$base-cold.log" | cut -d' ' -f1 || true)
  target=${step:+, of which rustup target add $(grep -m1 "^$step DONE" "$tmp/$base-cold.log" | cut -d' ' -f3)}
  echo "$base: cold ${cold}s${target:-}, edit-rebuild ${edit1}s, ${edit2}s, image $size bytes ($baseImage $baseSize bytes), final layers changed by an edit $changed (load $(cut -d' ' -f1-3 /proc/loadavg))"
  "$engine" rmi "slim-rust-bench-$base:cold" "slim-rust-bench-$base:edit1" "slim-rust-bench-$base:edit2" >/dev/null
}

# BASES="static distroless" swaps the order (the machine is shared: the first build may run at another load).
for base in ${BASES:-distroless static}; do measure "$base"; done
