#!/usr/bin/env bash
# The Docker stage of .ci/run on a CI machine: give `npm run test:docker` what only such a machine
# lacks, run it unchanged, then a few checks that need this machine's host networking and MariaDB.
#
#  1. Debian's docker.io (dockerd 20.10) and the Compose v1 client (bookworm has no Compose v2
#     package); a private dockerd with host networking only, state in a temp dir (engine.sh)
#  2. stand-ins for the base images the Dockerfiles name, assembled from this machine's Debian
#     mirror and npm registry, since no container registry can be reached (base-images.sh)
#  3. `docker compose` for test:docker: a CLI plugin over the v1 client (docker-compose-v1-shim),
#     in a private DOCKER_CONFIG
#  4. the compose stack on the host network: COMPOSE_FILE = docker-compose.yml without the keys
#     host networking forbids (hostnet-base.py) + compose.hostnet.yml (one 127.0.50.x per
#     service); builds get this machine's npm registry and CA bundle
#  5. `npm run test:docker` with BOOKINFO_DOCKER_URL at productpage's address
#  6. with the images built by 5: the defaults (HOST=::) pass the HEALTHCHECK and answer on IPv4
#     and IPv6; ratings v2 reads the machine's MariaDB (the compose mysql profile needs an image
#     that cannot be pulled here)
#  7. stop dockerd and delete its state (also on failure)
#
# Needs root. Environment: BOOKINFO_DOCKER_CACHE (base-image cache, default /var/tmp/bookinfo-docker).
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=.ci/docker/engine.sh
source "$SCRIPT_DIR/engine.sh"
cd "$REPO_ROOT"

STAGE_START=$(date +%s)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bookinfo-ci-docker.XXXXXX")"
ENGINE_DIR="$WORK/engine"
ENGINE_UP=false
CI_DB=""
EXTRA_CONTAINERS=(bookinfo-ci-defaults bookinfo-ci-ratings-v2)

elapsed() { echo $(( $(date +%s) - $1 )); }

finish() {
  local rc=$?
  set +e
  [ -z "$CI_DB" ] || mariadb -h 127.0.0.1 -P 3306 -u root -e "DROP DATABASE IF EXISTS $CI_DB" >/dev/null 2>&1
  if $ENGINE_UP || [ -d "$ENGINE_DIR" ]; then
    docker rm -f "${EXTRA_CONTAINERS[@]}" >/dev/null 2>&1
    [ "$rc" = 0 ] || [ ! -f "$ENGINE_DIR/dockerd.log" ] || cp "$ENGINE_DIR/dockerd.log" "${TMPDIR:-/tmp}/bookinfo-dockerd-last-failure.log"
    engine_stop "$ENGINE_DIR"
  fi
  rm -rf "$WORK"
  if [ "$rc" = 0 ]; then
    log "CI docker stage passed in $(elapsed "$STAGE_START") s"
  else
    printf '\033[1;31m[ci docker] CI docker stage FAILED (exit %s) after %s s\033[0m\n' "$rc" "$(elapsed "$STAGE_START")" >&2
  fi
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

check() { # check DESCRIPTION COMMAND...: run, report, fail the stage on a non-zero exit
  local what="$1"; shift
  if "$@"; then log "ok: $what"; else die "check failed: $what"; fi
}

# ---------------------------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || die "the CI docker stage needs root (dockerd, debootstrap)"
log "1/7 engine"
t=$(date +%s)
ensure_docker_tools || die "could not install docker.io/docker-compose"
engine_start "$ENGINE_DIR" || die "dockerd did not start"
ENGINE_UP=true
log "engine up in $(elapsed "$t") s"

# ---------------------------------------------------------------------------------------------
log "2/7 base images"
t=$(date +%s)
"$SCRIPT_DIR/base-images.sh"
log "base images ready in $(elapsed "$t") s"

# ---------------------------------------------------------------------------------------------
log "3/7 docker compose (v1 shim)"
export DOCKER_CONFIG="$WORK/docker-config"
mkdir -p "$DOCKER_CONFIG/cli-plugins"
install -m 0755 "$SCRIPT_DIR/docker-compose-v1-shim" "$DOCKER_CONFIG/cli-plugins/docker-compose"
# dockerd 20.10 has no BuildKit frontend that works without a registry; the v1 client builds with
# the classic builder anyway.
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0
docker compose version >&2

# ---------------------------------------------------------------------------------------------
log "4/7 compose files for the host network"
docker-compose -f docker-compose.yml config | /usr/bin/python3 "$SCRIPT_DIR/hostnet-base.py" >"$WORK/compose.hostnet-base.yml"
export COMPOSE_FILE="$WORK/compose.hostnet-base.yml:$SCRIPT_DIR/compose.hostnet.yml"
export COMPOSE_PROJECT_NAME=bookinfo-ci
BOOKINFO_NPM_REGISTRY="$(npm config get registry 2>/dev/null || true)"
BOOKINFO_NPM_CAFILE="$(npm config get cafile 2>/dev/null || true)"
[ -f "$BOOKINFO_NPM_CAFILE" ] || BOOKINFO_NPM_CAFILE=""
export BOOKINFO_NPM_REGISTRY BOOKINFO_NPM_CAFILE
docker compose config -q
# Host networking: a listener on *:9080 (e.g. `npm start` with HOST=::) or on our addresses would
# keep the services from binding. Say so up front rather than as an unhealthy container.
busy="$(ss -Hltnp 2>/dev/null | awk '$4 ~ /^(0\.0\.0\.0|\*|\[::\]|\[::ffff:0\.0\.0\.0\]|127\.0\.50\.[0-9]+):(9080|19080)$/' || true)"
[ -z "$busy" ] || die "port 9080/19080 is already in use on this machine (the stack binds 127.0.50.x:9080):"$'\n'"$busy"

# ---------------------------------------------------------------------------------------------
log "5/7 npm run test:docker"
t=$(date +%s)
BOOKINFO_DOCKER_URL=http://127.0.50.1:9080 npm run test:docker
log "npm run test:docker passed in $(elapsed "$t") s"

# ---------------------------------------------------------------------------------------------
log "6/7 host-network checks"
fetch() { curl -fsS --max-time 10 "$@"; }
wait_healthy() {
  for _ in $(seq 1 60); do
    [ "$(docker inspect --format '{{.State.Health.Status}}' "$1")" = healthy ] && return 0
    sleep 1
  done
  return 1
}
# The images' defaults, as users and Kubernetes run them: HOST=:: (upstream binds [::]), so the
# HEALTHCHECK probes 127.0.0.1 and the service answers on IPv4 and IPv6 alike.
docker run -d --name bookinfo-ci-defaults --network host --read-only --tmpfs /tmp --cap-drop ALL \
  --health-interval 2s -e PORT=19080 bookinfo/details >/dev/null
check "default HOST=:: passes the image's HEALTHCHECK" wait_healthy bookinfo-ci-defaults
check "default HOST=:: answers on 127.0.0.1 and [::1]" \
  bash -c 'curl -fsS --max-time 5 http://127.0.0.1:19080/health >/dev/null && curl -fsS --max-time 5 -g "http://[::1]:19080/health" >/dev/null'
docker rm -f bookinfo-ci-defaults >/dev/null

# ratings v2 from the bookinfo/ratings image against a real MySQL-compatible server: the machine's
# MariaDB on 127.0.0.1:3306, loaded with the compose profile's own schema and seed into a database
# of its own.
if mariadb -h 127.0.0.1 -P 3306 -u root -e 'SELECT 1' >/dev/null 2>&1; then
  CI_DB=bookinfo_docker_ci
  sed -e "s/^CREATE DATABASE IF NOT EXISTS test;/CREATE DATABASE IF NOT EXISTS $CI_DB;/" -e "s/^USE test;/USE $CI_DB;/" \
    deploy/compose/mysql/init/01-ratings.sql | mariadb -h 127.0.0.1 -P 3306 -u root
  docker run -d --name bookinfo-ci-ratings-v2 --network host --read-only --tmpfs /tmp --cap-drop ALL \
    -e HOST=127.0.50.7 -e SERVICE_VERSION=v2 -e DB_TYPE=mysql -e MYSQL_DB_HOST=127.0.0.1 -e MYSQL_DB_PORT=3306 \
    -e MYSQL_DB_USER=root -e MYSQL_DB_PASSWORD= -e MYSQL_DB_NAME="$CI_DB" bookinfo/ratings >/dev/null
  check "ratings v2 becomes healthy" wait_healthy bookinfo-ci-ratings-v2
  check "ratings v2 serves the seeded 5 and 4 from MySQL" \
    grep -q '"Reviewer1":5,"Reviewer2":4' <<<"$(fetch http://127.0.50.7:9080/ratings/0)"
  mariadb -h 127.0.0.1 -P 3306 -u root -e "UPDATE $CI_DB.ratings SET Rating = 1 WHERE ReviewID = 1"
  check "ratings v2 reads every request from MySQL" \
    grep -q '"Reviewer1":1,"Reviewer2":4' <<<"$(fetch http://127.0.50.7:9080/ratings/0)"
  docker rm -f bookinfo-ci-ratings-v2 >/dev/null
  mariadb -h 127.0.0.1 -P 3306 -u root -e "DROP DATABASE $CI_DB"
  CI_DB=""
else
  die "no MySQL-compatible server on 127.0.0.1:3306: ratings v2 (MySQL) cannot be checked (.ci/run starts MariaDB)"
fi

log "7/7 engine stop (on exit)"
