#!/usr/bin/env bash
# Make sure a Docker engine answers on this machine, installing and starting one if needed.
#
# Usage: scripts/engine-up.sh
#
# - If `/usr/bin/docker info` already answers: print that and do nothing else.
# - Otherwise (must be root): apt-get update once, install docker.io (Debian's 20.10, which
#   brings dockerd + a client with native BuildKit) and mmdebstrap (used by
#   scripts/stand-ins/build.ts) if missing, start dockerd in the background and wait
#   (bounded) until it answers.
#
# Network: dockerd runs as users have it, with its default bridge (docker0; builds and containers
# on the bridge, published ports reached on 127.0.0.1). Tests address containers only through
# their published loopback ports. --bip keeps docker0 on 172.17.0.0/16, clear of the machine's own
# 192.0.2.0/24 and its resolver. SLIM_DOCKERD_ARGS replaces these arguments (e.g. "--bridge=none
# --iptables=false" for a host-network-only daemon).
#
# Environment overrides: DOCKERD_LOG (default /tmp/dockerd.log),
# ENGINE_UP_TIMEOUT (seconds to wait for the engine, default 60).
set -euo pipefail

DOCKER=/usr/bin/docker          # Debian's client: the /usr/local/bin one (28.x) has no buildx
DOCKERD=/usr/sbin/dockerd         # Debian installs the daemon under sbin
DOCKERD_LOG=${DOCKERD_LOG:-/tmp/dockerd.log}
TIMEOUT=${ENGINE_UP_TIMEOUT:-60}
# shellcheck disable=SC2206 # word-split on purpose: a list of daemon flags
DOCKERD_ARGS=(${SLIM_DOCKERD_ARGS:---bip=172.17.0.1/16})

say() { echo "engine-up: $*"; }
die() { echo "engine-up: ERROR: $*" >&2; exit 1; }

engine_answers() {
  # `docker info` can hang on a half-started daemon: bound it.
  [ -x "$DOCKER" ] && timeout 10 "$DOCKER" info >/dev/null 2>&1
}

show_log_tail() {
  if [ -f "$DOCKERD_LOG" ]; then
    echo "---- last 30 lines of $DOCKERD_LOG ----" >&2
    tail -n 30 "$DOCKERD_LOG" >&2 || true
    echo "----" >&2
  fi
}

if engine_answers; then
  say "Docker engine already answers ($("$DOCKER" version --format '{{.Server.Version}}' 2>/dev/null || echo '?')); nothing to do."
  exit 0
fi

[ "$(id -u)" = 0 ] || die "no Docker engine answers and installing/starting one needs root."

# ---- 1. install what is missing (apt-get update at most once) -------------------------------
missing=()
[ -x "$DOCKERD" ] && [ -x "$DOCKER" ] || missing+=(docker.io)
command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)

if [ "${#missing[@]}" -gt 0 ]; then
  say "installing: ${missing[*]}"
  # Keep package post-install scripts from starting a docker service: the stock init
  # script would start dockerd WITH the default bridge (a private-range address).
  created_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# temporary, from scripts/engine-up.sh: start no services\nexit 101\n' \
      > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  rc=0
  {
    export DEBIAN_FRONTEND=noninteractive
    timeout 600 apt-get update -q &&
      timeout 900 apt-get install -y -q "${missing[@]}"
  } || rc=$?
  if [ -n "$created_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
  [ "$rc" = 0 ] || die "apt-get failed (exit $rc) while installing: ${missing[*]}"
  [ -x "$DOCKERD" ] || die "$DOCKERD still missing after installing docker.io"
else
  say "docker.io and mmdebstrap already installed"
fi

# Installing may have started a daemon after all (e.g. a machine where policy-rc.d allowed it).
if engine_answers; then
  say "Docker engine answers now; nothing to start."
  exit 0
fi

# ---- 2. start dockerd unless one is already starting ----------------------------------------
# A dockerd that is still coming up must not get a twin: both would fight over
# /var/run/docker.pid and /var/lib/docker.
running_pid=
if [ -s /var/run/docker.pid ]; then
  pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  if [ -n "$pid" ] && [ -d "/proc/$pid" ] && grep -q dockerd "/proc/$pid/cmdline" 2>/dev/null; then
    running_pid=$pid
  fi
fi

if [ -n "$running_pid" ]; then
  say "dockerd (pid $running_pid) is running but not answering yet; waiting for it"
  dockerd_pid=$running_pid
else
  say "starting: $DOCKERD ${DOCKERD_ARGS[*]}  (log: $DOCKERD_LOG)"
  # setsid + nohup: the daemon must outlive this script and its terminal/session.
  # Close inherited fds above 2 first: a daemon holding the caller's pipes open would
  # keep a test runner or CI waiting for an EOF that never comes.
  (
    for fd in "/proc/$BASHPID/fd"/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
    done
    exec setsid nohup "$DOCKERD" "${DOCKERD_ARGS[@]}" >"$DOCKERD_LOG" 2>&1 </dev/null
  ) &
  dockerd_pid=$!
fi

# ---- 3. wait, bounded in count and time -----------------------------------------------------
start=$SECONDS
tries=0
until engine_answers; do
  tries=$((tries + 1))
  if ! kill -0 "$dockerd_pid" 2>/dev/null; then
    show_log_tail
    die "dockerd (pid $dockerd_pid) exited before answering"
  fi
  if [ $((SECONDS - start)) -ge "$TIMEOUT" ] || [ "$tries" -ge "$TIMEOUT" ]; then
    show_log_tail
    die "Docker engine did not answer within ${TIMEOUT}s (dockerd pid $dockerd_pid still running)"
  fi
  sleep 1
done

say "Docker engine answers after $((SECONDS - start))s: server $("$DOCKER" version --format '{{.Server.Version}}' 2>/dev/null || echo '?'), dockerd pid $dockerd_pid, log $DOCKERD_LOG"
say "default bridge: containers publish ports on 127.0.0.1 (docker run -p 127.0.0.1::PORT)"
