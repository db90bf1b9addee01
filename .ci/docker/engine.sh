#!/usr/bin/env bash
# A private Docker engine for CI machines, where none runs: host networking only, state in one
# folder. `npm run test:docker` itself only needs some engine (DOCKER_HOST) and Compose v2.
#
#   .ci/docker/engine.sh start [STATE_DIR]   start dockerd, print the DOCKER_HOST to export
#   .ci/docker/engine.sh stop  [STATE_DIR]   stop it and delete its state
#
# dockerd runs with --bridge=none --iptables=false --ip6tables=false: no docker0, no NAT rules, so
# containers can only use `network_mode: host` and every address they touch is on 127.0.0.0/8.
# Sourcing this file (as run.sh does) only defines the functions.
set -euo pipefail
# shellcheck source=.ci/docker/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEFAULT_ENGINE_DIR="${TMPDIR:-/tmp}/bookinfo-dockerd"

# Debian's docker.io (dockerd 20.10, containerd, runc) and the compose v1 client.
ensure_docker_tools() {
  if command -v dockerd >/dev/null && command -v docker >/dev/null && command -v docker-compose >/dev/null; then
    return 0
  fi
  [ "$(id -u)" = 0 ] || { warn "dockerd/docker-compose missing and not root: cannot apt-get install"; return 1; }
  log "installing docker.io and docker-compose from Debian"
  # A source that cannot be reached only warns; the install below tells whether Debian's did.
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-compose >/dev/null || return 1
}

# engine_start DIR: start dockerd with its data, exec root, socket and log under DIR and export
# DOCKER_HOST. Returns non-zero (leaving the log in DIR/dockerd.log) if it is not up in 60 s.
engine_start() {
  local dir="$1"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  export DOCKER_HOST="unix://$dir/docker.sock"
  if [ -f "$dir/dockerd.pid" ] && running "$(cat "$dir/dockerd.pid")"; then
    log "dockerd already running (pid $(cat "$dir/dockerd.pid"))"
    return 0
  fi
  log "starting dockerd, state in $dir"
  # setsid: the engine must not receive the Ctrl-C meant for the calling script; the caller stops it.
  setsid dockerd \
    --bridge=none --iptables=false --ip6tables=false \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    -H "$DOCKER_HOST" >"$dir/dockerd.log" 2>&1 </dev/null &
  echo $! >"$dir/dockerd.launcher.pid"
  for _ in $(seq 1 60); do
    if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
      log "dockerd $(docker version --format '{{.Server.Version}}') is up"
      return 0
    fi
    running "$(cat "$dir/dockerd.launcher.pid")" || break
    sleep 1
  done
  warn "dockerd did not come up; last lines of $dir/dockerd.log:"
  tail -n 20 "$dir/dockerd.log" >&2 || true
  return 1
}

# running PID: alive and not a zombie (dockerd is a child of run.sh, which reaps it only on exit).
running() { [ -r "/proc/$1/stat" ] && [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# engine_stop DIR: stop the dockerd started by engine_start DIR, then delete DIR.
engine_stop() {
  local dir="$1" pid="" mnt f
  [ -d "$dir" ] || return 0
  for f in "$dir/dockerd.pid" "$dir/dockerd.launcher.pid"; do
    if [ -z "$pid" ] && [ -f "$f" ] && running "$(cat "$f")"; then pid="$(cat "$f")"; fi
  done
  if [ -n "$pid" ]; then
    log "stopping dockerd (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do running "$pid" || break; sleep 0.1; done
    if running "$pid"; then
      warn "dockerd ignored SIGTERM for 30 s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "dockerd exited; removing its state"
  fi
  # Anything the engine left mounted under DIR (overlay layers, netns files) must go before rm.
  awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mnt; do
    umount -l "$mnt" 2>/dev/null || true
  done
  rm -rf "$dir"
  log "engine stopped and its state removed"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  cmd="${1:-}"
  dir="${2:-$DEFAULT_ENGINE_DIR}"
  case "$cmd" in
    start)
      ensure_docker_tools || die "could not install docker.io/docker-compose"
      engine_start "$dir" || die "dockerd did not start"
      echo "export DOCKER_HOST=$DOCKER_HOST"
      ;;
    stop) engine_stop "$dir" ;;
    *) echo "usage: $0 start|stop [STATE_DIR]" >&2; exit 2 ;;
  esac
fi
