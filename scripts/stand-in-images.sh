#!/usr/bin/env bash
# shellcheck disable=SC2016  # single-quoted $ are for the shell inside the image/chroot
# Build local stand-ins for the official base images that generated Dockerfiles use.
#
# There is no container registry here, but Debian's packages are reachable. Each stand-in is
# an mmdebstrap rootfs (cached tarball) -> `docker import` -> a small Dockerfile on top
# (scripts/stand-ins/*.Dockerfile), tagged with the exact official tag and labelled
# org.slim-docker.stand-in=true. A stand-in carries the same language version as its tag.
#
# Usage: scripts/stand-in-images.sh [options] all | TAG...
#   all          every supported tag (see --list)
#   --rebuild    rebuild the requested stand-ins from the cached rootfs tarballs
#   --refresh    also re-run mmdebstrap (fresh Debian packages) for the requested stand-ins
#   --verify     afterwards, check every stand-in present from inside, through the TLS proxy:
#                pip download, npm view, go mod download, apt-get, and a static Go HTTPS
#                client built in golang:1.24 and run as nonroot in the distroless stand-in
#   --list       print the supported tags and exit
#
# Rules it keeps:
# - An existing image with the tag that is not a stand-in made for that tag (a real, pulled
#   image, or one built FROM a stand-in, which inherits its labels) is never overwritten:
#   it is skipped with a message. Stand-ins carry labels org.slim-docker.stand-in=true,
#   ...stand-in.of=<tag> and ...stand-in.recipe=<hash>.
# - An existing stand-in is not rebuilt unless --rebuild/--refresh, or its recipe changed
#   (Dockerfile, package list, mirror or the machine's CA bundle): label ...stand-in.recipe.
# - Network: builds and runs use --network host only (no bridge network exists).
# - Alpine tags and language versions Debian does not ship are refused, never faked.
#
# Exit status: 0 all requested tags are available; 1 a build failed; 2 a requested tag is
# not supported (the supported ones are still built).
#
# Environment: DOCKER (default /usr/bin/docker), SLIM_DOCKER_STAND_IN_CACHE (default
# /var/cache/slim-docker-stand-ins), SLIM_DOCKER_DEBIAN_MIRROR / SLIM_DOCKER_SECURITY_MIRROR
# (default: what this machine's apt uses), SLIM_DOCKER_CA_BUNDLE (default
# /etc/ssl/certs/ca-certificates.crt).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STAND_INS=$HERE/stand-ins
DOCKER=${DOCKER:-/usr/bin/docker}   # Debian's 20.10 client: native BuildKit (the 28.x one lacks buildx)
CACHE=${SLIM_DOCKER_STAND_IN_CACHE:-/var/cache/slim-docker-stand-ins}
HOST_BUNDLE=${SLIM_DOCKER_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
LABEL=org.slim-docker.stand-in
BASE_REPO=slim-docker-stand-in-rootfs   # intermediate imported rootfs images: $BASE_REPO:<set>-<key>
RECIPE_VERSION=1                        # bump to force every stand-in to rebuild

# Debian releases the stand-ins come from, and what they ship (checked after each build).
TRIXIE_PYTHON=3.13
TRIXIE_NODE=20
TRIXIE_GO=1.24

CANONICAL_TAGS=(
  debian:bookworm-slim
  debian:trixie-slim
  python:3.13-slim
  python:3.13
  node:20-slim
  node:20
  golang:1.24
  gcr.io/distroless/static-debian12:nonroot
)
# Same image, second official name (these official tags are trixie-based too).
declare -A ALIASES=(
  [python:3.13-slim-trixie]=python:3.13-slim
  [python:3.13-trixie]=python:3.13
  [node:20-trixie-slim]=node:20-slim
  [node:20-trixie]=node:20
  [golang:1.24-trixie]=golang:1.24
)
ALIAS_ORDER=(python:3.13-slim-trixie python:3.13-trixie node:20-trixie-slim node:20-trixie golang:1.24-trixie)

say()  { printf '%s\n' "$*"; }
step() { printf '==> %s\n' "$*"; }
die()  { printf 'stand-in-images: ERROR: %s\n' "$*" >&2; exit 1; }
sha()  { sha256sum | cut -c1-16; }

usage() { sed -n '3,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

# ---------------------------------------------------------------------------------------------
# Recipes. recipe TAG sets: KIND SET SUITE SLIM PKGS DOCKERFILE EXPECT (language version the
# tag promises). Returns 1 for tags we do not make, with the reason in REFUSAL.
# ---------------------------------------------------------------------------------------------
recipe() {
  local tag=$1
  KIND='' SET='' SUITE='' SLIM='' PKGS='' DOCKERFILE='' EXPECT='' REFUSAL=''
  # Official python slim images carry netbase and tzdata; the full ones are buildpack-deps.
  local full_extra="build-essential git curl wget gnupg netbase openssh-client procps pkg-config xz-utils unzip"
  case $tag in
    debian:bookworm-slim) KIND=debian SET=bookworm-slim SUITE=bookworm SLIM=1 PKGS="passwd tzdata" \
                          DOCKERFILE=debian.Dockerfile EXPECT=bookworm ;;
    debian:trixie-slim)   KIND=debian SET=trixie-slim SUITE=trixie SLIM=1 PKGS="passwd tzdata" \
                          DOCKERFILE=debian.Dockerfile EXPECT=trixie ;;
    python:3.13-slim)     KIND=python SET=python-slim SUITE=trixie SLIM=1 \
                          PKGS="passwd tzdata netbase ca-certificates python3 python3-pip python3-venv" \
                          DOCKERFILE=python.Dockerfile EXPECT=$TRIXIE_PYTHON ;;
    python:3.13)          KIND=python SET=python-full SUITE=trixie SLIM=0 \
                          PKGS="passwd tzdata ca-certificates python3 python3-pip python3-venv python3-dev libffi-dev libssl-dev zlib1g-dev $full_extra" \
                          DOCKERFILE=python.Dockerfile EXPECT=$TRIXIE_PYTHON ;;
    node:20-slim)         KIND=node SET=node-slim SUITE=trixie SLIM=1 \
                          PKGS="passwd tzdata ca-certificates nodejs npm" \
                          DOCKERFILE=node.Dockerfile EXPECT=$TRIXIE_NODE ;;
    node:20)              KIND=node SET=node-full SUITE=trixie SLIM=0 \
                          PKGS="passwd tzdata ca-certificates nodejs npm python3 $full_extra" \
                          DOCKERFILE=node.Dockerfile EXPECT=$TRIXIE_NODE ;;
    golang:1.24)          KIND=golang SET=golang SUITE=trixie SLIM=0 \
                          PKGS="passwd tzdata ca-certificates golang-$TRIXIE_GO-go g++ gcc libc6-dev make $full_extra" \
                          DOCKERFILE=golang.Dockerfile EXPECT=$TRIXIE_GO ;;
    gcr.io/distroless/static-debian12:nonroot)
                          # Files (tzdata, os-release) come from the bookworm rootfs.
                          KIND=distroless SET=bookworm-slim SUITE=bookworm SLIM=1 PKGS="passwd tzdata" \
                          DOCKERFILE=distroless-static.Dockerfile EXPECT=12 ;;
    *alpine*)
      REFUSAL="alpine images cannot be made from Debian packages; no stand-in is faked (alpine variants can be linted and structure-checked here, not built)"
      return 1 ;;
    node:*)
      REFUSAL="Debian trixie ships Node.js $TRIXIE_NODE.x; a stand-in must carry its tag's version: use node:$TRIXIE_NODE-slim / node:$TRIXIE_NODE"
      return 1 ;;
    python:*)
      REFUSAL="Debian trixie ships Python $TRIXIE_PYTHON (bookworm 3.11, built images not made): use python:$TRIXIE_PYTHON-slim / python:$TRIXIE_PYTHON"
      return 1 ;;
    golang:*)
      REFUSAL="Debian trixie ships Go $TRIXIE_GO: use golang:$TRIXIE_GO"
      return 1 ;;
    *)
      REFUSAL="no stand-in recipe for this tag (supported: ${CANONICAL_TAGS[*]} ${ALIAS_ORDER[*]})"
      return 1 ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Debian mirrors: the ones this machine's apt uses, so mmdebstrap goes where apt already goes.
# ---------------------------------------------------------------------------------------------
detect_mirrors() {
  local codename='' main='' sec=''
  codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}") || true
  if [ -n "$codename" ]; then
    # deb822 stanzas: a stanza listing the host's codename gives the main mirror,
    # one listing <codename>-security gives the security mirror.
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      read -r main sec < <(awk -v c="$codename" -v m="$main" -v s="$sec" '
        function flush() { n = split(suites, a, /[ \t]+/)
          for (i = 1; i <= n; i++) {
            if (a[i] == c && m == "") m = uri
            if (a[i] == c "-security" && s == "") s = uri }
          uri = ""; suites = "" }
        /^[ \t]*$/ { flush(); next }
        /^URIs:/   { uri = $2 }
        /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
        END { flush(); print (m == "" ? "-" : m), (s == "" ? "-" : s) }' "$f")
      [ "$main" = - ] && main=
      [ "$sec" = - ] && sec=
    done
    # One-line format: deb [opts] URI SUITE COMPONENTS...
    if [ -z "$main" ] || [ -z "$sec" ]; then
      local line
      line=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
             sed -e 's/#.*//' -e 's/\[[^]]*\]//' | awk '$1 == "deb" { print $2, $3 }') || true
      [ -n "$main" ] || main=$(awk -v c="$codename" '$2 == c { print $1; exit }' <<<"$line")
      [ -n "$sec" ]  || sec=$(awk -v c="$codename-security" '$2 == c { print $1; exit }' <<<"$line")
    fi
  fi
  MIRROR=${SLIM_DOCKER_DEBIAN_MIRROR:-${main:-http://deb.debian.org/debian}}
  SEC_MIRROR=${SLIM_DOCKER_SECURITY_MIRROR:-${sec:-http://deb.debian.org/debian-security}}
  MIRROR=${MIRROR%/}
  SEC_MIRROR=${SEC_MIRROR%/}
}

# ---------------------------------------------------------------------------------------------
# Docker helpers
# ---------------------------------------------------------------------------------------------
# Image facts, cached per tag: "ID STAND_IN_LABEL RECIPE SIZE OF" ("-" where unset) or "none".
# Each docker call costs 0.1-0.4 s on a busy machine, so a rerun asks once for all tags.
declare -A INFO=()
INFO_FMT="{{.Id}} {{with .Config}}{{with .Labels}}{{or (index . \"$LABEL\") \"-\"}} {{or (index . \"$LABEL.recipe\") \"-\"}}{{else}}- -{{end}}{{else}}- -{{end}} {{.Size}} {{with .Config}}{{with .Labels}}{{or (index . \"$LABEL.of\") \"-\"}}{{else}}-{{end}}{{else}}-{{end}}"
load_info() {  # load_info TAG...
  local t present=() line i=0
  for t in "$@"; do INFO[$t]=none; done
  mapfile -t present < <("$DOCKER" image ls --format '{{.Repository}}:{{.Tag}}' | grep -Fx -f <(printf '%s\n' "$@") || true)
  [ "${#present[@]}" -gt 0 ] || return 0
  while read -r line; do
    INFO[${present[i]}]=$line; i=$((i + 1))
  done < <("$DOCKER" image inspect -f "$INFO_FMT" "${present[@]}")
}
refresh_info() {
  local out
  if out=$("$DOCKER" image inspect -f "$INFO_FMT" "$1" 2>/dev/null) && [ -n "$out" ]; then
    INFO[$1]=$out
  else
    INFO[$1]=none
  fi
}
info() {  # info TAG FIELD(1=id 2=label 3=recipe 4=size 5=of)
  [ -n "${INFO[$1]:-}" ] || refresh_info "$1"
  [ "${INFO[$1]}" = none ] && return 1
  cut -d' ' -f"$2" <<<"${INFO[$1]}"
}
image_exists() { [ -n "${INFO[$1]:-}" ] || refresh_info "$1"; [ "${INFO[$1]}" != none ]; }
# A stand-in made for this very tag. Images built FROM a stand-in inherit its labels, so the
# label alone is not enough: ".of" must name the tag (or the tag's alias target).
is_stand_in() {
  [ "$(info "$1" 2)" = true ] || return 1
  local of; of=$(info "$1" 5)
  [ "$of" = "$1" ] || [ "$of" = "${ALIASES[$1]:-}" ]
}

# Pass the machine's proxy settings through, if it has any.
PROXY_ENV=()
for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
  [ -n "${!v:-}" ] && PROXY_ENV+=(-e "$v")
done
drun() { timeout "${DRUN_TIMEOUT:-120}" "$DOCKER" run --rm --network host ${PROXY_ENV[@]+"${PROXY_ENV[@]}"} "$@"; }

# mmdebstrap, and dpkg-dev for its eatmydata hook (dpkg without fsync: much faster installs).
ensure_mmdebstrap() {
  local missing=()
  command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
  command -v dpkg-architecture >/dev/null 2>&1 || missing+=(dpkg-dev)
  [ "${#missing[@]}" = 0 ] && return 0
  step "installing ${missing[*]} (apt-get)"
  [ "$(id -u)" = 0 ] || die "${missing[*]} missing and installing needs root"
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -q "${missing[@]}" >/dev/null
}

run_logged() {  # run_logged LOGFILE CMD... : quiet unless it fails, then show the log tail
  local log=$1; shift
  if ! "$@" >"$log" 2>&1; then
    echo "---- last 40 lines of $log ----" >&2
    tail -n 40 "$log" >&2 || true
    echo "----" >&2
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# Rootfs (mmdebstrap tarball, cached) and its imported base image
# ---------------------------------------------------------------------------------------------
SLIM_DPKG_OPTS=(  # like the official *-slim images: no docs, man pages or translations
  --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/man/*'
  --dpkgopt='path-exclude=/usr/share/groff/*'
  --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/lintian/*'
  --dpkgopt='path-exclude=/usr/share/linda/*'
  --dpkgopt='path-exclude=/usr/share/locale/*'
)

sources_deb822() {  # the official images' /etc/apt/sources.list.d/debian.sources
  cat <<EOF
Types: deb
URIs: $MIRROR
Suites: $1 $1-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SEC_MIRROR
Suites: $1-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

# Bookworm's init-system-helpers pulls usrmerge (and with it all of perl) unless merged-/usr
# is set up the way debootstrap and the official images do: this hook installs usr-is-merged.
suite_hooks() {
  [ "$SUITE" = bookworm ] && echo --hook-dir=/usr/share/mmdebstrap/hooks/maybe-merged-usr
  return 0
}

rootfs_key() {  # what the rootfs tarball depends on (needs SET SUITE SLIM PKGS)
  {
    suite_hooks
    echo "v$RECIPE_VERSION $SET $SUITE $SLIM $PKGS no-bin"
    sources_deb822 "$SUITE"
    [ "$SLIM" = 1 ] && printf '%s\n' "${SLIM_DPKG_OPTS[@]}"
    (cd "$STAND_INS/rootfs-overlay" && find . -type f | LC_ALL=C sort | xargs cat)
  } | sha
}

# ensure_rootfs: sets ROOTFS_TAR (builds it with mmdebstrap unless cached / --refresh)
ensure_rootfs() {
  local key; key=$(rootfs_key)
  ROOTFS_TAR=$CACHE/rootfs/$SET-$key.tar
  # Cached, unless --refresh asks for new packages (once per set and run).
  if [ -s "$ROOTFS_TAR" ] && { [ -z "$REFRESH" ] || [ -e "$WORK/refreshed-$SET" ]; }; then
    return 0
  fi
  ensure_mmdebstrap
  local t0=$SECONDS overlay tmp log=$CACHE/logs/mmdebstrap-$SET.log
  step "  mmdebstrap $SUITE ($SET: ${PKGS// /,}) from $MIRROR ..."
  overlay=$WORK/overlay-$SET
  rm -rf "$overlay"; cp -a "$STAND_INS/rootfs-overlay" "$overlay"
  mkdir -p "$overlay/etc/apt/sources.list.d"
  sources_deb822 "$SUITE" >"$overlay/etc/apt/sources.list.d/debian.sources"
  local slim_opts=() hook_opts=()
  [ "$SLIM" = 1 ] && slim_opts=("${SLIM_DPKG_OPTS[@]}")
  read -ra hook_opts <<<"$(suite_hooks)"
  tmp=$CACHE/rootfs/.partial-$SET.tar
  rm -f "$tmp"
  run_logged "$log" timeout 1800 mmdebstrap --variant=minbase \
    --hook-dir=/usr/share/mmdebstrap/hooks/eatmydata \
    ${hook_opts[@]+"${hook_opts[@]}"} \
    --include="${PKGS// /,}" \
    ${slim_opts[@]+"${slim_opts[@]}"} \
    --customize-hook="sync-in $overlay /" \
    --customize-hook='rm -f "$1/etc/apt/sources.list" "$1"/var/cache/apt/*.bin' \
    "$SUITE" "$tmp" \
    "deb $MIRROR $SUITE main" "deb $MIRROR $SUITE-updates main" "deb $SEC_MIRROR $SUITE-security main" \
    || { rm -f "$tmp"; return 1; }
  # Drop tarballs of older recipes of this set, then publish atomically.
  find "$CACHE/rootfs" -maxdepth 1 -name "$SET-????????????????.tar" ! -name "$SET-$key.tar" -delete
  mv -f "$tmp" "$ROOTFS_TAR"
  touch "$WORK/refreshed-$SET"
  say "     rootfs $(du -m "$ROOTFS_TAR" | cut -f1) MB in $((SECONDS - t0))s -> $ROOTFS_TAR"
}

# ensure_base: sets BASE_IMAGE (the imported rootfs, before the Dockerfile on top)
ensure_base() {
  ensure_rootfs
  local key; key=$(basename "$ROOTFS_TAR" .tar); key=${key#"$SET-"}
  BASE_IMAGE=$BASE_REPO:$SET-$key
  # Imported already, unless the tarball was just rebuilt (then import it once again).
  if [ -e "$WORK/imported-$SET" ]; then return 0; fi
  if image_exists "$BASE_IMAGE" && ! [ -e "$WORK/refreshed-$SET" ]; then return 0; fi
  step "  docker import $BASE_IMAGE"
  timeout 600 "$DOCKER" import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["bash"]' \
    -c "LABEL $LABEL=true" \
    "$ROOTFS_TAR" "$BASE_IMAGE" >/dev/null
  touch "$WORK/imported-$SET"
  # Older imports of this set are no longer referenced by any recipe.
  local old
  for old in $("$DOCKER" image ls --format '{{.Repository}}:{{.Tag}}' "$BASE_REPO" | grep "^$BASE_REPO:$SET-" | grep -vx "$BASE_IMAGE" || true); do
    "$DOCKER" rmi "$old" >/dev/null 2>&1 || true
  done
}

# ---------------------------------------------------------------------------------------------
# Final images
# ---------------------------------------------------------------------------------------------
# recipe_hash TAG: changes whenever anything that goes into the stand-in changes.
recipe_hash() {
  {
    echo "v$RECIPE_VERSION $1"
    rootfs_key
    cat "$STAND_INS/$DOCKERFILE"
    [ "$KIND" = node ] && cat "$STAND_INS/node-docker-entrypoint.sh"
    sha256sum <"$HOST_BUNDLE"
  } | sha
}

# Build context for the distroless stand-in: files taken from the bookworm rootfs.
stage_distroless() {
  local ctx=$1 r=$1/rootfs
  mkdir -p "$r/etc/ssl/certs" "$r/tmp" "$r/root" "$r/usr/share" "$ctx/home-nonroot" "$WORK/bw"
  tar -xf "$ROOTFS_TAR" -C "$WORK/bw" --wildcards './usr/share/zoneinfo' './usr/lib/os-release' 2>/dev/null || true
  if [ -d "$WORK/bw/usr/share/zoneinfo" ]; then
    cp -a "$WORK/bw/usr/share/zoneinfo" "$r/usr/share/"
  else
    say "     (no tzdata in the bookworm rootfs: distroless stand-in without /usr/share/zoneinfo)"
  fi
  cat >"$r/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
  cat >"$r/etc/group" <<'EOF'
root:x:0:
tty:x:5:
staff:x:50:
nobody:x:65534:
nonroot:x:65532:
EOF
  echo 'hosts: files dns' >"$r/etc/nsswitch.conf"
  {
    echo 'PRETTY_NAME="Distroless (slim-docker stand-in)"'
    grep -E '^(NAME|ID|VERSION_ID|VERSION|VERSION_CODENAME|HOME_URL)=' "$WORK/bw/usr/lib/os-release" 2>/dev/null \
      || printf 'NAME="Debian GNU/Linux"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n'
  } >"$r/etc/os-release"
  cp "$HOST_BUNDLE" "$r/etc/ssl/certs/ca-certificates.crt"
  chmod 644 "$r/etc/passwd" "$r/etc/group" "$r/etc/nsswitch.conf" "$r/etc/os-release" "$r/etc/ssl/certs/ca-certificates.crt"
  chmod 1777 "$r/tmp"
  chmod 700 "$r/root" "$ctx/home-nonroot"
}

build_final() {  # build_final TAG RECIPE
  local tag=$1 recipe=$2 ctx log t0=$SECONDS
  ensure_base
  ctx=$WORK/ctx-$SET-$KIND
  rm -rf "$ctx"; mkdir -p "$ctx"
  cp "$STAND_INS/$DOCKERFILE" "$ctx/Dockerfile"
  cp "$HOST_BUNDLE" "$ctx/host-ca-bundle.crt"
  [ "$KIND" = node ] && cp -p "$STAND_INS/node-docker-entrypoint.sh" "$ctx/"
  [ "$KIND" = distroless ] && stage_distroless "$ctx"
  log=$CACHE/logs/build-$(tr -c 'A-Za-z0-9.-' _ <<<"$tag").log
  if [ "$KIND" = distroless ]; then
    step "  docker build $tag (FROM scratch, files from $BASE_IMAGE's rootfs)"
  else
    step "  docker build $tag (FROM $BASE_IMAGE)"
  fi
  DOCKER_BUILDKIT=1 run_logged "$log" timeout 1200 "$DOCKER" build --network host --progress=plain \
    --build-arg "BASE=$BASE_IMAGE" --build-arg "GO_MINOR=$TRIXIE_GO" \
    --label "$LABEL=true" --label "$LABEL.recipe=$recipe" --label "$LABEL.of=$tag" \
    -t "$tag" "$ctx"
  say "     built $tag in $((SECONDS - t0))s"
}

# ---------------------------------------------------------------------------------------------
# Versions (run inside the image) and the check that the tag's promise is kept
# ---------------------------------------------------------------------------------------------
declare -A VERSION_BY_ID=()
lang_version() {  # lang_version TAG KIND -> prints e.g. "3.13.5" (first word) + details
  local tag=$1 kind=$2 id out=
  id=$(info "$tag" 1) || { echo "?"; return; }
  if [ -n "${VERSION_BY_ID[$id]:-}" ]; then echo "${VERSION_BY_ID[$id]}"; return; fi
  # Measured once per image ID (content-addressed, so it cannot go stale): keeps reruns fast.
  local vfile=$CACHE/versions/${id#sha256:}
  if [ -s "$vfile" ]; then VERSION_BY_ID[$id]=$(cat "$vfile"); echo "${VERSION_BY_ID[$id]}"; return; fi
  case $kind in
    python) out=$(drun --entrypoint /bin/sh "$tag" -c 'v=$(python --version 2>&1); p=$(pip --version | cut -d" " -f1-2); echo "${v#Python } (python; $p)"' 2>/dev/null) ;;
    node)   out=$(drun --entrypoint /bin/sh "$tag" -c 'v=$(node --version); echo "${v#v} (node; npm $(npm --version))"' 2>/dev/null) ;;
    golang) out=$(drun --entrypoint /bin/sh "$tag" -c 'v=$(go version | cut -d" " -f3); echo "${v#go} (go)"' 2>/dev/null) ;;
    debian) out=$(drun --entrypoint /bin/sh "$tag" -c '. /etc/os-release; echo "$VERSION_CODENAME (debian $(cat /etc/debian_version))"' 2>/dev/null) ;;
    distroless)
      # No shell to run: read its os-release out of a created (never started) container.
      local cid
      cid=$(timeout 60 "$DOCKER" create --network host "$tag" /nonexistent 2>/dev/null) &&
        out=$(timeout 60 "$DOCKER" cp "$cid:/etc/os-release" - 2>/dev/null | tar -xO 2>/dev/null |
              sed -n 's/^VERSION_ID="\{0,1\}\([^"]*\)"\{0,1\}$/\1 (debian files, no shell)/p')
      [ -n "${cid:-}" ] && "$DOCKER" rm -f "$cid" >/dev/null 2>&1
      ;;
  esac
  out=${out:-?}
  VERSION_BY_ID[$id]=$out
  [ "$out" = "?" ] || { mkdir -p "$CACHE/versions" && echo "$out" >"$vfile"; }
  echo "$out"
}

version_ok() {  # version_ok "3.13.5 (...)" 3.13  /  "trixie (...)" trixie
  local v=${1%% *} want=$2
  [ "$v" = "$want" ] || [ "${v#"$want".}" != "$v" ]
}

# ---------------------------------------------------------------------------------------------
# Per-tag processing
# ---------------------------------------------------------------------------------------------
declare -A STATUS=() SEEN=() PRINTED=()
RC=0

process_tag() {
  local tag=$1
  [ -n "${SEEN[$tag]:-}" ] && return 0
  SEEN[$tag]=1

  if [ -n "${ALIASES[$tag]:-}" ]; then
    local target=${ALIASES[$tag]}
    process_tag "$target"
    case ${STATUS[$target]} in built*|up-to-date*) ;; *) STATUS[$tag]="not tagged (${STATUS[$target]})"; return 0 ;; esac
    if image_exists "$tag" && ! is_stand_in "$tag"; then
      say "!! $tag exists and is not a stand-in (a real image): left alone"
      STATUS[$tag]="real image, skipped"; return 0
    fi
    if [ "$(info "$tag" 1 || true)" != "$(info "$target" 1)" ]; then
      "$DOCKER" tag "$target" "$tag"
      refresh_info "$tag"
    fi
    STATUS[$tag]="alias of $target"
    return 0
  fi

  if ! recipe "$tag"; then
    say "!! $tag: not built: $REFUSAL"
    STATUS[$tag]="refused"
    [ "$RC" = 0 ] && RC=2
    return 0
  fi

  local want have
  want=$(recipe_hash "$tag")
  if image_exists "$tag"; then
    if ! is_stand_in "$tag"; then
      say "!! $tag exists and is not a stand-in (a real image): left alone"
      STATUS[$tag]="real image, skipped"; return 0
    fi
    if [ "$(info "$tag" 3)" = "$want" ] && [ -z "$REBUILD" ] && [ -z "$REFRESH" ]; then
      say "-- $tag: stand-in up to date"
      STATUS[$tag]="up-to-date"; return 0
    fi
    have="recipe changed"
    [ -n "$REBUILD$REFRESH" ] && have="--rebuild/--refresh"
    step "$tag: rebuilding stand-in ($have)"
  else
    step "$tag: building stand-in"
  fi

  # In a subshell outside any `if`, so that `set -e` really stops the build at the first error.
  local rc=0 old_id
  old_id=$(info "$tag" 1 || true)
  set +e; (set -e; build_final "$tag" "$want"); rc=$?; set -e
  refresh_info "$tag"
  # The replaced stand-in, unless images built from it still need it (rmi then refuses).
  if [ "$rc" = 0 ] && [ -n "$old_id" ] && [ "$old_id" != "$(info "$tag" 1)" ]; then
    "$DOCKER" rmi "$old_id" >/dev/null 2>&1 || true
  fi
  if [ "$rc" != 0 ]; then
    say "!! $tag: build FAILED (logs under $CACHE/logs)"
    STATUS[$tag]="FAILED"; RC=1; return 0
  fi
  # The tag's promise: same language version (or Debian release) as the tag says.
  local v; v=$(lang_version "$tag" "$KIND")
  if ! version_ok "$v" "$EXPECT"; then
    say "!! $tag: built image reports '$v', but the tag promises $EXPECT: removing it"
    "$DOCKER" rmi "$tag" >/dev/null 2>&1 || true
    refresh_info "$tag"
    STATUS[$tag]="FAILED (version $v)"; RC=1; return 0
  fi
  STATUS[$tag]="built"
}

# ---------------------------------------------------------------------------------------------
# --verify: registry access through the TLS-inspecting proxy, from inside the stand-ins
# ---------------------------------------------------------------------------------------------
verify_one() {  # verify_one NAME CMD... : run, print ok/FAIL
  local name=$1; shift
  local log t0=$SECONDS
  log=$CACHE/logs/verify-$(tr -c 'A-Za-z0-9.-' _ <<<"$name").log
  if DRUN_TIMEOUT=300 run_logged "$log" "$@"; then
    say "   ok   $name ($((SECONDS - t0))s)"
  else
    say "   FAIL $name (log $log)"; VERIFY_FAILED=1
  fi
}

# shellcheck disable=SC2317  # called through verify_one
verify_distroless() {  # build the two-stage image in $1, run it, remove it
  local img=slim-docker-stand-in-verify:distroless rc=0
  DOCKER_BUILDKIT=1 timeout 600 "$DOCKER" build --network host --progress=plain -t "$img" "$1" || return 1
  drun "$img" || rc=$?
  "$DOCKER" rmi "$img" >/dev/null 2>&1 || true
  return "$rc"
}

run_verify() {
  VERIFY_FAILED=
  step "verify (network host, through the machine's TLS proxy)"
  local t
  for t in python:3.13-slim python:3.13; do
    is_stand_in "$t" || continue
    verify_one "$t: pip download flask" drun "$t" sh -c 'pip download --no-deps -q -d /tmp/d flask && ls /tmp/d'
  done
  if is_stand_in python:3.13-slim; then
    # The machine CA must survive update-ca-certificates (e.g. apt-get install ca-certificates).
    verify_one "python:3.13-slim: pip install after update-ca-certificates, as root" drun python:3.13-slim \
      sh -c 'update-ca-certificates >/dev/null 2>&1; pip install -q six && python -c "import six; print(six.__version__)"'
    verify_one "python:3.13-slim: useradd + venv" drun python:3.13-slim \
      sh -c 'useradd -m app && su app -c "python -m venv /tmp/v && /tmp/v/bin/pip --version"'
  fi
  for t in node:20-slim node:20; do
    is_stand_in "$t" || continue
    verify_one "$t: npm view express version (as node)" drun --user node "$t" npm view express version
  done
  if is_stand_in node:20-slim; then
    verify_one "node:20-slim: entrypoint runs a .js file and ids are 1000" drun node:20-slim \
      sh -c 'cd /tmp && echo "console.log(process.version)" > a.js && docker-entrypoint.sh a.js && id node'
  fi
  if is_stand_in golang:1.24; then
    verify_one "golang:1.24: go mod download github.com/google/uuid v1.6.0" drun golang:1.24 sh -c \
      'mkdir -p /tmp/m && cd /tmp/m && go mod init example.com/m >/dev/null 2>&1 && go mod edit -require=github.com/google/uuid@v1.6.0 && go mod download -x github.com/google/uuid 2>&1 | tail -n 2 && ls /go/pkg/mod/github.com/google/'
  fi
  if is_stand_in golang:1.24 && is_stand_in gcr.io/distroless/static-debian12:nonroot; then
    # The typical generated pattern: static Go binary built in golang, run as nonroot in
    # distroless; the HTTPS request proves the CA bundle in the distroless stand-in.
    local ctx=$WORK/verify-distroless
    mkdir -p "$ctx"
    cat >"$ctx/main.go" <<'EOF'
package main

import (
	"fmt"
	"net/http"
	"os"
	"os/user"
	"time"
)

func main() {
	u, _ := user.Current()
	fi, err := os.Stat("/tmp")
	if err != nil || fi.Mode()&os.ModeSticky == 0 {
		fmt.Println("/tmp not sticky:", err)
		os.Exit(1)
	}
	if _, err := time.LoadLocation("Europe/Paris"); err != nil {
		fmt.Println("tzdata:", err)
	}
	c := http.Client{Timeout: 60 * time.Second}
	r, err := c.Get("https://proxy.golang.org/github.com/google/uuid/@v/list")
	if err != nil {
		fmt.Println("https:", err)
		os.Exit(1)
	}
	fmt.Println("uid", u.Uid, u.Username, "home", u.HomeDir, "status", r.Status)
}
EOF
    cat >"$ctx/Dockerfile" <<'EOF'
FROM golang:1.24 AS build
WORKDIR /src
COPY main.go .
RUN go mod init example.com/v >/dev/null 2>&1 && CGO_ENABLED=0 go build -o /out/app .
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
EOF
    verify_one "distroless static:nonroot: static Go HTTPS client as nonroot" verify_distroless "$ctx"
  fi
  for t in debian:trixie-slim debian:bookworm-slim; do
    is_stand_in "$t" || continue
    verify_one "$t: apt-get update + install from the mirror" drun "$t" \
      sh -c 'apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends ca-certificates >/dev/null && ls /usr/local/share/ca-certificates'
  done
  [ -z "$VERIFY_FAILED" ] || { say "!! some verify checks failed"; [ "$RC" = 0 ] && RC=1; }
}

# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------
REBUILD='' REFRESH='' VERIFY=''
TAGS=()
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --list) printf '%s\n' "${CANONICAL_TAGS[@]}" "${ALIAS_ORDER[@]}"; exit 0 ;;
    --rebuild) REBUILD=1 ;;
    --refresh) REFRESH=1 ;;
    --verify) VERIFY=1 ;;
    all) TAGS+=("${CANONICAL_TAGS[@]}" "${ALIAS_ORDER[@]}") ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) TAGS+=("$1") ;;
  esac
  shift
done
[ "${#TAGS[@]}" -gt 0 ] || { usage >&2; exit 2; }

T_START=$SECONDS
[ -s "$HOST_BUNDLE" ] || die "the machine's CA bundle $HOST_BUNDLE is missing"
"$HERE/engine-up.sh" >/dev/null || die "no Docker engine (scripts/engine-up.sh failed)"
mkdir -p "$CACHE/rootfs" "$CACHE/logs"

# One run at a time: two runs would race on the cache and the tags. Bounded wait.
exec 9>"$CACHE/lock"
flock -w 3600 9 || die "another stand-in-images.sh run holds $CACHE/lock for over an hour"

WORK=$(mktemp -d /tmp/slim-docker-stand-ins.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
detect_mirrors

load_info "${TAGS[@]}" "${CANONICAL_TAGS[@]}"
for tag in "${TAGS[@]}"; do
  process_tag "$tag"
done

[ -n "$VERIFY" ] && run_verify

# Final table: tag -> size -> language version (measured inside the image) -> what happened.
echo
printf '%-44s %9s  %-40s %s\n' TAG SIZE VERSION STATUS
for tag in "${TAGS[@]}"; do
  [ -n "${SEEN[$tag]:-}" ] || continue
  [ -n "${PRINTED[$tag]:-}" ] && continue
  PRINTED[$tag]=1
  size=- ver=-
  if image_exists "$tag"; then
    size=$(info "$tag" 4 | awk '{ printf "%.0f MB", $1 / 1e6 }')
    t=${ALIASES[$tag]:-$tag}
    if recipe "$t" && is_stand_in "$tag"; then ver=$(lang_version "$tag" "$KIND"); fi
  fi
  printf '%-44s %9s  %-40s %s\n' "$tag" "$size" "$ver" "${STATUS[$tag]:-?}"
done
echo
say "mirror: $MIRROR (security: $SEC_MIRROR); cache: $CACHE; total $((SECONDS - T_START))s"
exit "$RC"
