#!/usr/bin/env bash
# A current client and BuildKit next to the Docker engine (issue 19): buildx as a plugin of the 28.x
# client, a standalone buildkitd, and a real local registry holding the stand-in images as a Docker Hub
# (and gcr.io) mirror, so FROM resolves through a registry as it does for users.
#
# Usage (root, after scripts/engine-up.sh and the stand-in builder): bash scripts/buildkit-up.sh
#        bash scripts/buildkit-up.sh --install-only   # step 1 alone (CI runs it while the stand-ins build)
#
# Steps, one line each; idempotent (a second run finds everything in place); every wait is bounded.
#  1. go install (GOBIN=.tools/bin) buildx v0.19.3, buildkitd v0.18.2 and registry v3.0.0 from their Go
#     modules, skipped for a binary already there at that module version (`go version -m`).
#  2. buildx as the CLI plugin of the 28.x client (${DOCKER_CONFIG:-~/.docker}/cli-plugins/docker-buildx);
#     an existing, working plugin that is not ours is kept.
#  3. the registry on 127.0.0.1:5055 (SLIM_REGISTRY_PORT), storage and config in
#     /var/lib/slim-docker-registry. 5055, not 5000: 5000 is Flask's (and AirPlay's) default port. A port
#     held by anything but this registry is an error, never taken over.
#  4. the mirror's contents (scripts/mirror-images.ts says which tags):
#     - every stand-in (label org.slim-docker.stand-in=true, `.of` naming its recipe) the engine holds, under
#       the path a mirror serves: Docker Hub's official images as library/NAME:TAG, gcr.io images under a
#       gcr.io/ prefix (gcr.io/distroless/static-debian12:nonroot); pushed through the engine (a temporary
#       127.0.0.1:PORT/... tag, removed again), skipped when the registry already holds that image;
#     - a CHECK-ONLY PLACEHOLDER for every FROM image of a golden Dockerfile that has no stand-in here
#       (alpine variants, CPython 3.10, gradle, ...): `docker buildx build --check` resolves every base
#       image's config (its env, platform and ONBUILD triggers feed the checks), so the tag must resolve.
#       The placeholder is one tiny layer holding a text file, a config with only PATH in its env and the
#       labels org.slim-docker.check-only=true and org.slim-docker.placeholder-for=TAG. It exists only in
#       this registry (never as a tag in the engine), cannot be built upon, and is replaced as soon as a
#       stand-in of that tag is pushed. Fewer env keys than the real image can only add UndefinedVar
#       warnings, never hide one.
#  5. a standalone buildkitd (oci worker, Debian's runc; state in /var/lib/slim-docker-buildkit, socket
#     /run/slim-docker-buildkit/buildkitd.sock) whose registry config mirrors docker.io to 127.0.0.1:PORT
#     and gcr.io to 127.0.0.1:PORT/gcr.io over plain http. It runs with HTTP(S)_PROXY=http://127.0.0.1:9
#     (nothing listens there): loopback is never proxied, so the mirror answers, while any fallback to
#     the real registry-1.docker.io or gcr.io fails at once on this machine instead of leaving it. RUN
#     steps on this builder use the host network; it is meant for --check (which runs no RUN step).
#  6. `docker buildx create --name slim-docker-ci --driver remote unix:///run/slim-docker-buildkit/buildkitd.sock`
#     (not --use: the client's current builder stays the daemon's default), bootstrapped.
#  7. a self-check: `docker buildx build --builder slim-docker-ci --check` of `FROM <a mirrored tag>`.
#
# Everything started here outlives the script (setsid + nohup, inherited fds closed). It only ever stops
# a registry or buildkitd it started itself (pid file + command line), and only to apply a changed
# config. It never prunes and never touches a builder other than slim-docker-ci.
#
# Environment: SLIM_REGISTRY_PORT (5055), SLIM_TOOLS_BIN (.tools/bin), SLIM_BUILDX_DOCKER (the client
# that gets the plugin, /usr/local/bin/docker), BUILDKIT_UP_TIMEOUT (seconds per wait, 60),
# BUILDKIT_UP_GO_TIMEOUT (seconds per go install, 1500).
set -euo pipefail
INSTALL_ONLY=
case "${1:-}" in
  '') ;;
  --install-only) INSTALL_ONLY=1 ;;
  *) echo "buildkit-up: unknown argument '$1' (allowed: --install-only)" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS=${SLIM_TOOLS_BIN:-$ROOT/.tools/bin}
LOGS=$ROOT/.tools/logs
DOCKER=${SLIM_BUILDX_DOCKER:-/usr/local/bin/docker}
PORT=${SLIM_REGISTRY_PORT:-5055}
REGISTRY=127.0.0.1:$PORT
REG_DIR=/var/lib/slim-docker-registry
BK_DIR=/var/lib/slim-docker-buildkit
BK_RUN=/run/slim-docker-buildkit
SOCK=$BK_RUN/buildkitd.sock
BUILDER=slim-docker-ci
RUNC=${SLIM_RUNC:-/usr/sbin/runc}
PLUGIN=${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins/docker-buildx
TIMEOUT=${BUILDKIT_UP_TIMEOUT:-60}
GO_TIMEOUT=${BUILDKIT_UP_GO_TIMEOUT:-1500}
FENCE=http://127.0.0.1:9

BUILDX_VERSION=v0.19.3
BUILDKIT_VERSION=v0.18.2
REGISTRY_VERSION=v3.0.0

began=$SECONDS
step_began=$SECONDS
say() { echo "buildkit-up: $*"; }
die() { echo "buildkit-up: ERROR: $*" >&2; exit 1; }
# One line per step, with its own duration.
done_step() { say "$* ($((SECONDS - step_began))s)"; step_began=$SECONDS; }
# curl to the local registry only, never through a proxy the environment names.
rcurl() { curl --noproxy '*' -sS "$@"; }

[ "$(id -u)" = 0 ] || die "needs root (buildkitd with the oci worker, /var/lib, /run)."
[ -x "$DOCKER" ] || die "no client at $DOCKER (SLIM_BUILDX_DOCKER)."
timeout 15 "$DOCKER" info >/dev/null 2>&1 || die "the Docker engine does not answer: run scripts/engine-up.sh first."
[ -x "$RUNC" ] || die "no runc at $RUNC (Debian's docker.io brings it; SLIM_RUNC)."
case $PORT in '' | *[!0-9]*) die "SLIM_REGISTRY_PORT must be a port number, not '$PORT'." ;; esac
mkdir -p "$TOOLS" "$LOGS"

# Starts "$@" detached: its own session, no terminal, stdin from /dev/null, output to $LOG, and none
# of this script's other fds (a daemon holding a caller's pipe open keeps CI waiting for an EOF).
# Prints the pid.
detach() {
  local log=$1
  shift
  (
    for fd in "/proc/$BASHPID/fd"/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
    done
    exec setsid nohup "$@" >>"$log" 2>&1 </dev/null
  ) >/dev/null 2>&1 &
  echo $!
}

# The pid in PIDFILE when that process is alive and runs BINARY with CONFIG (so: ours); else nothing.
ours() {
  local pidfile=$1 binary=$2 config=$3 pid cmdline
  [ -s "$pidfile" ] || return 0
  pid=$(cat "$pidfile" 2>/dev/null || true)
  case $pid in '' | *[!0-9]*) return 0 ;; esac
  [ -r "/proc/$pid/cmdline" ] || return 0
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
  # By the binary's name and our machine-wide config, not its folder: another checkout of this project
  # (a fresh clone run beside a working copy) started it the same way, and the config is only ours.
  case $cmdline in *"/${binary##*/} "*"$config"*) echo "$pid" ;; esac
}

# Stops a process of ours (by pid, TERM then KILL), bounded.
stop_ours() {
  local pid=$1 name=$2 i
  kill "$pid" 2>/dev/null || return 0
  for ((i = 0; i < TIMEOUT * 2; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
  say "  $name (pid $pid) did not stop on TERM within ${TIMEOUT}s: killed"
}

# Something accepts connections on 127.0.0.1:PORT.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits (bounded in time and count) until "$@" succeeds; $1 names what is awaited, $2 the pid that must stay alive.
wait_for() {
  local what=$1 pid=$2 log=$3 start=$SECONDS tries=0
  shift 3
  until "$@" >/dev/null 2>&1; do
    tries=$((tries + 1))
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$log" >&2 || true
      die "$what (pid $pid) exited before answering; log: $log"
    fi
    if [ $((SECONDS - start)) -ge "$TIMEOUT" ] || [ "$tries" -ge $((TIMEOUT * 2)) ]; then
      tail -n 30 "$log" >&2 || true
      die "$what (pid $pid) did not answer within ${TIMEOUT}s; log: $log"
    fi
    sleep 0.5
  done
}

# ---- 1. go install ------------------------------------------------------------------------------
# Module version of a go-installed binary, or nothing.
module_version() { go version -m "$1" 2>/dev/null | awk -v m="$2" '$1 == "mod" && $2 == m { print $3 }'; }

declare -A PKG=(
  [buildx]=github.com/docker/buildx/cmd/buildx
  [buildkitd]=github.com/moby/buildkit/cmd/buildkitd
  [registry]=github.com/distribution/distribution/v3/cmd/registry
)
declare -A MODULE=([buildx]=github.com/docker/buildx [buildkitd]=github.com/moby/buildkit [registry]=github.com/distribution/distribution/v3)
declare -A VERSION=([buildx]=$BUILDX_VERSION [buildkitd]=$BUILDKIT_VERSION [registry]=$REGISTRY_VERSION)
# Stamp the versions go install leaves as v0.0.0+unknown (what `docker buildx version` and
# `buildx inspect` print).
declare -A LDFLAGS=(
  [buildx]="-X github.com/docker/buildx/version.Version=$BUILDX_VERSION -X github.com/docker/buildx/version.Package=github.com/docker/buildx"
  [buildkitd]="-X github.com/moby/buildkit/version.Version=$BUILDKIT_VERSION -X github.com/moby/buildkit/version.Package=github.com/moby/buildkit"
  [registry]="-X github.com/distribution/distribution/v3/version.version=$REGISTRY_VERSION"
)

have_go=
command -v go >/dev/null 2>&1 && have_go=1
missing=()
for tool in buildx buildkitd registry; do
  bin=$TOOLS/$tool
  if [ -x "$bin" ] && { [ -z "$have_go" ] || [ "$(module_version "$bin" "${MODULE[$tool]}")" = "${VERSION[$tool]}" ]; }; then
    continue
  fi
  missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  [ -n "$have_go" ] || die "go is not installed and ${missing[*]} must be built with go install (.tools/bin)."
  pids=()
  for tool in "${missing[@]}"; do
    # In parallel: most of the time goes to module downloads; go's build cache is shared and locked.
    GOBIN=$TOOLS timeout "$GO_TIMEOUT" go install -ldflags "${LDFLAGS[$tool]}" "${PKG[$tool]}@${VERSION[$tool]}" \
      >"$LOGS/go-install-$tool.log" 2>&1 </dev/null &
    pids+=($!)
  done
  failed=()
  for i in "${!missing[@]}"; do
    wait "${pids[$i]}" || failed+=("${missing[$i]} (log: $LOGS/go-install-${missing[$i]}.log)")
  done
  [ "${#failed[@]}" = 0 ] || die "go install failed or timed out (${GO_TIMEOUT}s): ${failed[*]}"
  done_step "[1/7] go install into $TOOLS: ${missing[*]} (buildx $BUILDX_VERSION, buildkitd $BUILDKIT_VERSION, registry $REGISTRY_VERSION)"
else
  done_step "[1/7] buildx $BUILDX_VERSION, buildkitd $BUILDKIT_VERSION, registry $REGISTRY_VERSION already in $TOOLS"
fi

[ -z "$INSTALL_ONLY" ] || exit 0

# ---- 2. the buildx plugin -----------------------------------------------------------------------
if [ -e "$PLUGIN" ] && ! cmp -s "$TOOLS/buildx" "$PLUGIN" && timeout 15 "$DOCKER" buildx version >/dev/null 2>&1; then
  done_step "[2/7] keeping the existing plugin $PLUGIN: $(timeout 15 "$DOCKER" buildx version)"
else
  if cmp -s "$TOOLS/buildx" "$PLUGIN" 2>/dev/null; then
    note="already installed"
  else
    install -D -m 755 "$TOOLS/buildx" "$PLUGIN"
    note="installed"
  fi
  version=$(timeout 15 "$DOCKER" buildx version 2>&1) || die "$DOCKER buildx version fails after installing $PLUGIN: $version"
  done_step "[2/7] $PLUGIN $note: $version"
fi

# ---- 3. the registry ----------------------------------------------------------------------------
mkdir -p "$REG_DIR/data"
REG_CONFIG=$REG_DIR/config.yml
REG_PID=$REG_DIR/registry.pid
REG_LOG=$REG_DIR/registry.log
reg_config="# Written by scripts/buildkit-up.sh: the local Docker Hub / gcr.io mirror (loopback only).
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $REG_DIR/data
  delete:
    enabled: false
http:
  addr: $REGISTRY
"
registry_answers() { rcurl -f -m 5 -o /dev/null "http://$REGISTRY/v2/"; }
pid=$(ours "$REG_PID" "$TOOLS/registry" "$REG_CONFIG")
if [ -n "$pid" ] && ! printf '%s' "$reg_config" | cmp -s - "$REG_CONFIG"; then
  say "  the registry's config changed: restarting ours (pid $pid)"
  stop_ours "$pid" registry
  pid=
fi
if [ -n "$pid" ] && registry_answers; then
  done_step "[3/7] registry already serving on $REGISTRY (pid $pid, storage $REG_DIR/data)"
else
  [ -n "$pid" ] && die "our registry (pid $pid) runs but does not answer on $REGISTRY; log: $REG_LOG"
  port_taken "$PORT" && die "127.0.0.1:$PORT is taken by something that is not this script's registry: set SLIM_REGISTRY_PORT to a free port."
  printf '%s' "$reg_config" >"$REG_CONFIG"
  # No trace exporter: the registry would otherwise try an OTLP collector.
  pid=$(detach "$REG_LOG" env OTEL_TRACES_EXPORTER=none "$TOOLS/registry" serve "$REG_CONFIG")
  echo "$pid" >"$REG_PID"
  wait_for registry "$pid" "$REG_LOG" registry_answers
  done_step "[3/7] registry $REGISTRY_VERSION started on $REGISTRY (pid $pid, storage $REG_DIR/data, log $REG_LOG)"
fi

# ---- 4. the mirror's contents -------------------------------------------------------------------
ACCEPT='application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json'
# The config digest of REPO:TAG in the registry, or nothing: the first digest of an image manifest
# (config comes before layers, both in Docker's schema 2 and in OCI manifests).
registry_config_digest() {
  { rcurl -f -m 10 -H "Accept: $ACCEPT" "http://$REGISTRY/v2/$1/manifests/$2" 2>/dev/null || true; } |
    grep -o '"digest": *"sha256:[0-9a-f]\{64\}"' | head -n 1 | grep -o 'sha256:[0-9a-f]*' || true
}
# Whether the registry's REPO:TAG is one of our check-only placeholders.
registry_is_placeholder() {
  local digest
  digest=$(registry_config_digest "$1" "$2")
  [ -n "$digest" ] || return 1
  rcurl -f -m 10 "http://$REGISTRY/v2/$1/blobs/$digest" 2>/dev/null | grep -q '"org.slim-docker.check-only":"true"'
}
# Uploads FILE as a blob of REPO (monolithic upload), unless the registry has it.
push_blob() {
  local repo=$1 file=$2 digest location sep
  digest=sha256:$(sha256sum "$file" | cut -d' ' -f1)
  rcurl -f -m 10 -I -o /dev/null "http://$REGISTRY/v2/$repo/blobs/$digest" 2>/dev/null && return 0
  location=$({ rcurl -f -m 10 -X POST -D - -o /dev/null "http://$REGISTRY/v2/$repo/blobs/uploads/" || true; } |
    tr -d '\r' | sed -n 's/^[Ll]ocation: *//p')
  [ -n "$location" ] || die "the registry gave no upload location for $repo"
  case $location in http*) ;; *) location=http://$REGISTRY$location ;; esac
  sep='?'
  case $location in *\?*) sep='&' ;; esac
  rcurl -f -m 60 -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$file" \
    -o /dev/null "$location${sep}digest=$digest" || die "the registry refused a blob upload to $repo"
}
ARCH=$(go env GOARCH 2>/dev/null || true)
[ -n "$ARCH" ] || case $(uname -m) in x86_64) ARCH=amd64 ;; aarch64) ARCH=arm64 ;; *) ARCH=$(uname -m) ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The placeholder's one layer: a text file saying what it is (same bytes for every tag).
mkdir -p "$work/layer"
cat >"$work/layer/SLIM-DOCKER-CHECK-ONLY" <<'EOF'
This is not an image. scripts/buildkit-up.sh put this placeholder in the local registry so that
`docker buildx build --check` can resolve a FROM image no stand-in exists for on this machine (alpine,
CPython 3.10, gradle, ...). It serves the check only: nothing can be built or run on it.
EOF
chmod 644 "$work/layer/SLIM-DOCKER-CHECK-ONLY"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/layer" -cf "$work/layer.tar" SLIM-DOCKER-CHECK-ONLY
layer_digest=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
layer_size=$(stat -c %s "$work/layer.tar")
push_placeholder() {
  local tag=$1 path=$2 repo=${2%:*} ref=${2##*:} config=$work/config.json manifest=$work/manifest.json
  printf '{"architecture":"%s","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Labels":{"org.slim-docker.check-only":"true","org.slim-docker.placeholder-for":"%s"}},"rootfs":{"type":"layers","diff_ids":["%s"]},"history":[{"created_by":"scripts/buildkit-up.sh: check-only placeholder for %s (no stand-in on this machine)"}]}' \
    "$ARCH" "$tag" "$layer_digest" "$tag" >"$config"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%s}],"annotations":{"org.slim-docker.check-only":"true"}}' \
    "$(sha256sum "$config" | cut -d' ' -f1)" "$(stat -c %s "$config")" "$layer_digest" "$layer_size" >"$manifest"
  # Already there, byte for byte: nothing to do.
  if [ "$({ rcurl -f -m 10 -I -H "Accept: $ACCEPT" "http://$REGISTRY/v2/$repo/manifests/$ref" 2>/dev/null || true; } |
    tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: *//p')" = "sha256:$(sha256sum "$manifest" | cut -d' ' -f1)" ]; then
    placeholders_present+=("$tag")
    return 0
  fi
  push_blob "$repo" "$work/layer.tar"
  push_blob "$repo" "$config"
  rcurl -f -m 30 -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "@$manifest" \
    -o /dev/null "http://$REGISTRY/v2/$repo/manifests/$ref" || die "the registry refused the placeholder manifest for $path"
}

# Which tags: stand-in recipes and the goldens' FROM images (a broken corpus stops here).
mirror_list=$(cd "$ROOT" && timeout 120 npx --no-install tsx scripts/mirror-images.ts) ||
  die "npx tsx scripts/mirror-images.ts failed (npm ci first?)"
pushed=() present=() placeholders=() placeholders_present=() kept=()
while IFS=$'\t' read -r tag path recipe golden; do
  repo=${path%:*} ref=${path##*:}
  info=$("$DOCKER" image inspect --format '{{.Id}}|{{index .Config.Labels "org.slim-docker.stand-in"}}|{{index .Config.Labels "org.slim-docker.stand-in.of"}}' "$tag" 2>/dev/null || true)
  IFS='|' read -r id standin of <<<"$info"
  if [ "$recipe" != - ] && [ "$standin" = true ] && [ "$of" = "$recipe" ]; then
    if [ "$(registry_config_digest "$repo" "$ref")" = "$id" ]; then
      present+=("$tag")
      continue
    fi
    "$DOCKER" tag "$tag" "$REGISTRY/$path"
    rc=0
    out=$(timeout 600 "$DOCKER" push "$REGISTRY/$path" 2>&1) || rc=$?
    "$DOCKER" rmi "$REGISTRY/$path" >/dev/null 2>&1 || true # only our temporary tag: the image keeps $tag
    [ "$rc" = 0 ] || die "docker push $REGISTRY/$path failed (exit $rc): $(tail -n 3 <<<"$out")"
    say "  pushed stand-in $tag as $REGISTRY/$path"
    pushed+=("$tag")
  elif [ "$golden" = golden ]; then
    if [ -n "$(registry_config_digest "$repo" "$ref")" ] && ! registry_is_placeholder "$repo" "$ref"; then
      kept+=("$tag") # a stand-in pushed on an earlier run: still the better answer
      continue
    fi
    placeholders+=("$tag")
    push_placeholder "$tag" "$path"
  fi
done <<<"$mirror_list"
summary="${#pushed[@]} stand-in(s) pushed, ${#present[@]} already there"
[ "${#kept[@]}" = 0 ] || summary+=", ${#kept[@]} kept from an earlier run (not in the engine now: ${kept[*]})"
[ "${#placeholders[@]}" = 0 ] ||
  summary+="; check-only placeholders (${#placeholders_present[@]} of ${#placeholders[@]} already there) for ${placeholders[*]}"
done_step "[4/7] mirror contents on $REGISTRY: $summary"

# ---- 5. buildkitd -------------------------------------------------------------------------------
mkdir -p "$BK_DIR/root" "$BK_RUN"
BK_CONFIG=$BK_DIR/buildkitd.toml
BK_PID=$BK_DIR/buildkitd.pid
BK_LOG=$BK_DIR/buildkitd.log
bk_config="# Written by scripts/buildkit-up.sh: a standalone BuildKit whose base images come from the local mirror.
root = \"$BK_DIR/root\"

[grpc]
  address = [\"unix://$SOCK\"]

[worker.oci]
  enabled = true
  binary = \"$RUNC\"
  # RUN steps (none under --check) would use the host network.
  networkMode = \"host\"

[worker.containerd]
  enabled = false

[registry.\"docker.io\"]
  mirrors = [\"$REGISTRY\"]

[registry.\"gcr.io\"]
  mirrors = [\"$REGISTRY/gcr.io\"]

[registry.\"$REGISTRY\"]
  http = true
"
pid=$(ours "$BK_PID" "$TOOLS/buildkitd" "$BK_CONFIG")
if [ -n "$pid" ] && ! printf '%s' "$bk_config" | cmp -s - "$BK_CONFIG"; then
  say "  buildkitd's config changed: restarting ours (pid $pid)"
  stop_ours "$pid" buildkitd
  pid=
fi
if [ -n "$pid" ] && [ -S "$SOCK" ]; then
  done_step "[5/7] buildkitd already running (pid $pid, unix://$SOCK)"
else
  [ -n "$pid" ] && die "our buildkitd (pid $pid) runs without its socket $SOCK; log: $BK_LOG"
  if [ -S "$SOCK" ]; then
    # A socket nobody listens on any more (a buildkitd of ours that died); one with a listener is not ours.
    if command -v ss >/dev/null 2>&1 && ss -xlH 2>/dev/null | grep -qF " $SOCK "; then
      die "something listens on $SOCK but it is not this script's buildkitd (pid file $BK_PID): not touching it."
    fi
    rm -f "$SOCK"
  fi
  printf '%s' "$bk_config" >"$BK_CONFIG"
  pid=$(detach "$BK_LOG" env HTTP_PROXY=$FENCE HTTPS_PROXY=$FENCE http_proxy=$FENCE https_proxy=$FENCE NO_PROXY= no_proxy= \
    "$TOOLS/buildkitd" --config "$BK_CONFIG")
  echo "$pid" >"$BK_PID"
  wait_for buildkitd "$pid" "$BK_LOG" test -S "$SOCK"
  done_step "[5/7] buildkitd $BUILDKIT_VERSION started (pid $pid, unix://$SOCK, oci worker with $RUNC, log $BK_LOG)"
fi

# ---- 6. the builder -----------------------------------------------------------------------------
if inspect=$(timeout 30 "$DOCKER" buildx inspect "$BUILDER" 2>/dev/null); then
  if ! grep -Eq "^Driver: +remote$" <<<"$inspect"; then
    die "a builder named $BUILDER exists with another driver: not touching it (docker buildx rm $BUILDER, then rerun)."
  fi
  if ! grep -Eq "^Endpoint: +unix://$SOCK$" <<<"$inspect"; then
    # Ours (remote, our name) from an earlier layout: point it at this socket.
    timeout 30 "$DOCKER" buildx rm "$BUILDER" >/dev/null
    timeout 30 "$DOCKER" buildx create --name "$BUILDER" --driver remote "unix://$SOCK" >/dev/null
    note="re-pointed at unix://$SOCK"
  else
    note="already registered"
  fi
else
  timeout 30 "$DOCKER" buildx create --name "$BUILDER" --driver remote "unix://$SOCK" >/dev/null
  note="created"
fi
inspect=$(timeout "$TIMEOUT" "$DOCKER" buildx inspect --bootstrap "$BUILDER" 2>&1) ||
  die "docker buildx inspect --bootstrap $BUILDER failed: $(tail -n 3 <<<"$inspect")"
grep -Eq "^Status: +running$" <<<"$inspect" || die "builder $BUILDER is not running: $inspect"
done_step "[6/7] builder $BUILDER $note (remote driver, unix://$SOCK, $(sed -n 's/^BuildKit version: *//p' <<<"$inspect" | head -n 1))"

# ---- 7. self-check: FROM resolves through the mirror -------------------------------------------
probe=
for tag in debian:trixie-slim python:3.13-slim gcr.io/distroless/static-debian12:nonroot; do
  if [ -n "$("$DOCKER" image ls -q "$tag" 2>/dev/null)" ]; then probe=$tag && break; fi
done
[ -n "$probe" ] || probe=$(awk -F'\t' '$4 == "golden" { print $1; exit }' <<<"$mirror_list")
mkdir -p "$work/context"
printf 'FROM %s\n' "$probe" >"$work/context/Dockerfile"
out=$(timeout "$TIMEOUT" "$DOCKER" buildx build --builder "$BUILDER" --check "$work/context" 2>&1) ||
  die "docker buildx build --check of 'FROM $probe' failed on $BUILDER: $(tail -n 5 <<<"$out")"
done_step "[7/7] self-check: 'FROM $probe' resolves through $REGISTRY on $BUILDER ($(tail -n 1 <<<"$out"))"
say "ready in $((SECONDS - began))s: docker buildx build --builder $BUILDER --check DIR (client $DOCKER)"
