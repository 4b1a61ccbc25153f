#!/bin/bash
# Java figures for BENCHMARKS.md (the "java" section), not part of the tests: on the java-existing-maven
# example (Spring Boot 3.5, Maven), each Dockerfile gets a cold build and a rebuild after a one-line code
# edit, and the edited image's size and changed final layers are printed.
#   ours        the golden: go-offline from pom.xml alone into a layer, `package` with a cache mount that
#               reads through it (maven.repo.local.tail)
#   mount       both steps with ~/.m2 in one cache mount (docker init's technique), nothing in a layer
#   layer       no cache mount (go-offline's downloads in a layer; what --no-buildkit renders)
#   docker-init scripts/bench/java/Dockerfile.docker-init (docker init's Java template, see its header)
# Every build gets its own cache-mount id and a run ARG after each FROM, so each cold build is truly
# cold; -ntp is dropped so the rebuild's "Downloaded from" lines can be counted.
# Needs the stand-ins maven:3.9-eclipse-temurin-21 and eclipse-temurin:21-jre. Usage: bash scripts/bench/java-compare.sh
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
engine=${SLIM_DOCKER_ENGINE:-/usr/bin/docker}
example=$root/test/examples/java-existing-maven
tmp=$(mktemp -d /tmp/slim-java-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=compare-lib.sh
. "$root/scripts/bench/compare-lib.sh"
cp "$example/golden/Dockerfile" "$tmp/Dockerfile.ours"
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
s = open(f'{d}/Dockerfile.ours').read()
tail = ' -Dmaven.repo.local=/root/.m2/extra -Dmaven.repo.local.tail=/root/.m2/repository'
mount = 'RUN --mount=type=cache,target=/root/.m2/extra \\\n    '
assert tail in s and mount in s
plain = s.replace(tail, '')
open(f'{d}/Dockerfile.layer', 'w').write(plain.replace(mount, 'RUN '))
both = plain.replace(mount, 'RUN --mount=type=cache,target=/root/.m2 \\\n    ')
both = both.replace('RUN mvn -B -ntp dependency:go-offline', 'RUN --mount=type=cache,target=/root/.m2 \\\n    mvn -B -ntp dependency:go-offline')
open(f'{d}/Dockerfile.mount', 'w').write(both)
PY
cp "$root/scripts/bench/java/Dockerfile.docker-init" "$tmp/Dockerfile.docker-init"

measure() {
  local name=$1 run work
  run=$(date +%s)
  work=$tmp/$name
  cp -r "$example/project" "$work"
  cp "$example/golden/dockerignore" "$work/.dockerignore"
  sed -e 's/ -B -ntp / -B /' -e "s#--mount=type=cache,target=/root/.m2#--mount=type=cache,id=bench-$name-$run,target=/root/.m2#g" \
    "$tmp/Dockerfile.$name" | awk -v r="$run" '{print} /^FROM /{print "ARG BENCH_RUN=" r}' >"$work/Dockerfile"
  build() { timed_build "$work" "$work/Dockerfile" "slim-java-bench-$name:$1" "$work/$1.log"; }
  local cold edit size downloads changed
  cold=$(build cold)
  sed -i "s/orders ok/orders ok $run/" "$work/src/main/java/com/shop/orders/OrdersApplication.java"
  edit=$(build edit)
  size=$("$engine" image inspect -f '{{.Size}}' "slim-java-bench-$name:edit")
  downloads=$(grep -c 'Downloaded from' "$work/edit.log" || true)
  changed=$(layers_changed "slim-java-bench-$name:cold" "slim-java-bench-$name:edit")
  echo "$name: cold ${cold}s, edit-rebuild ${edit}s, image $size bytes, downloads in the rebuild $downloads, final layers changed $changed (load $(cut -d' ' -f1-3 /proc/loadavg))"
  "$engine" rmi "slim-java-bench-$name:cold" "slim-java-bench-$name:edit" >/dev/null
}
for name in ours mount layer docker-init; do measure "$name"; done
