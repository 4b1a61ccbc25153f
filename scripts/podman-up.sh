#!/bin/bash
# Podman for the engine tests, rootful and rootless, on a Debian 12 machine (run as root; idempotent).
#   scripts/podman-up.sh [IMAGE...]      (default: python:3.13-slim; the rootless user gets SLIM_PODMAN_ROOTLESS_IMAGES, default python:3.13-slim)
# - installs podman (Debian's 4.3) and what rootless needs (uidmap, slirp4netns, fuse-overlayfs);
# - short names: `unqualified-search-registries = ["docker.io"]`, as a user's podman needs to resolve
#   `FROM python:3.13-slim` at all, and each image tagged docker.io/library/NAME:TAG, the name a
#   `podman pull python:3.13-slim` gives it (no registry is reachable here: builds use the local image);
# - this machine cannot raise RLIMIT_NOFILE/NPROC above its limits (podman's rootful defaults do):
#   containers get the machine's own limits instead (containers.conf.d);
# - a rootless user (SLIM_PODMAN_USER, default podtester) with subordinate uid/gid ranges, the kernel's
#   overlayfs for its storage, and the same images in its own storage; /dev/net/tun and /dev/fuse
#   opened to all users as Debian's udev rules make them (0666; this machine's are 0600), which
#   rootless networking (slirp4netns) needs.
# Images come from the docker engine (`docker save IMAGE | podman load`): start it first (the stand-ins).
set -euo pipefail
ROOTLESS_USER="${SLIM_PODMAN_USER:-podtester}"
# The rootless user's own storage gets only these (its e2e verifies the Flask sample): a second copy of
# every image would double the load time.
ROOTLESS_IMAGES=" ${SLIM_PODMAN_ROOTLESS_IMAGES:-python:3.13-slim} "
[ "$#" -gt 0 ] || set -- python:3.13-slim
[ "$(id -u)" = 0 ] || { echo "podman-up: run as root" >&2; exit 1; }

need=""
for tool in podman newuidmap slirp4netns fuse-overlayfs; do command -v "$tool" >/dev/null 2>&1 || need=1; done
if [ -n "$need" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman uidmap slirp4netns fuse-overlayfs >/dev/null
fi

mkdir -p /etc/containers/registries.conf.d /etc/containers/containers.conf.d
cat >/etc/containers/registries.conf.d/50-slim-docker-short-names.conf <<'CONF'
# slim-docker (scripts/podman-up.sh): short names resolve on Docker Hub, as `FROM python:3.13-slim` needs.
unqualified-search-registries = ["docker.io"]
CONF
nofile=$(ulimit -Hn)
nproc=$(ulimit -Hu)
[ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ] && nproc=32768
cat >/etc/containers/containers.conf.d/50-slim-docker-ulimits.conf <<CONF
# slim-docker (scripts/podman-up.sh): this machine cannot raise RLIMIT_NOFILE/NPROC past its own limits
# (podman's rootful defaults try to), so containers get limits it can set.
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]
CONF

if ! id "$ROOTLESS_USER" >/dev/null 2>&1; then useradd --create-home --shell /bin/sh "$ROOTLESS_USER"; fi
uid=$(id -u "$ROOTLESS_USER")
# The subordinate range: 65536 ids above 100000, one range per user of this script (by uid).
start=$((100000 + (uid % 1000) * 65536))
grep -q "^$ROOTLESS_USER:" /etc/subuid 2>/dev/null || echo "$ROOTLESS_USER:$start:65536" >>/etc/subuid
grep -q "^$ROOTLESS_USER:" /etc/subgid 2>/dev/null || echo "$ROOTLESS_USER:$start:65536" >>/etc/subgid
# Podman keeps a rootless user's runtime files in XDG_RUNTIME_DIR (a login session's /run/user/UID).
mkdir -p "/run/user/$uid" && chown "$ROOTLESS_USER:" "/run/user/$uid" && chmod 700 "/run/user/$uid"
# The user's own environment, not the caller's: root's XDG_CONFIG_HOME (a test's temp folder) would
# point the user's podman at config it cannot read.
as_user() {
  runuser -u "$ROOTLESS_USER" -- env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME -u CONTAINERS_CONF \
    -u CONTAINERS_STORAGE_CONF HOME="$(getent passwd "$ROOTLESS_USER" | cut -d: -f6)" XDG_RUNTIME_DIR="/run/user/$uid" "$@"
}
for dev in /dev/net/tun /dev/fuse; do [ -e "$dev" ] && chmod 0666 "$dev"; done
home=$(getent passwd "$ROOTLESS_USER" | cut -d: -f6)
if [ ! -e "$home/.config/containers/storage.conf" ]; then
  # Its first storage may have been set up as vfs (a full copy per layer): start it over on overlay.
  as_user podman system reset --force >/dev/null 2>&1 || true
  as_user mkdir -p "$home/.config/containers"
  printf '[storage]\ndriver = "overlay"\n' | as_user tee "$home/.config/containers/storage.conf" >/dev/null
fi
as_user podman system migrate >/dev/null 2>&1 || true

for image in "$@"; do
  case "$image" in */*) qualified="$image" ;; *) qualified="docker.io/library/$image" ;; esac
  id=$(docker image inspect --format '{{.Id}}' "$image" | sed 's/^sha256://')
  # Rootful: loaded under localhost/, then named as a pull would name it; reloaded only when it changed.
  if [ "$(podman image inspect --format '{{.Id}}' "$qualified" 2>/dev/null)" != "$id" ]; then
    docker save "$image" | podman load -q >/dev/null
    # A short name loads as localhost/NAME (a registry-qualified one keeps its name).
    [ "$qualified" = "$image" ] || { podman tag "localhost/$image" "$qualified" && podman rmi "localhost/$image" >/dev/null; }
  fi
  rootless=
  case "$ROOTLESS_IMAGES" in *" $image "*) rootless=1 ;; esac
  if [ -n "$rootless" ] && [ "$(as_user podman image inspect --format '{{.Id}}' "$qualified" 2>/dev/null)" != "$id" ]; then
    docker save "$image" | as_user podman load -q >/dev/null
    [ "$qualified" = "$image" ] || { as_user podman tag "localhost/$image" "$qualified" && as_user podman rmi "localhost/$image" >/dev/null; }
  fi
  echo "podman-up: $qualified ready (rootful${rootless:+ and for $ROOTLESS_USER})"
done
echo "podman-up: $(podman --version), rootless as $ROOTLESS_USER (uid $uid)"
