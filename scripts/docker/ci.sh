#!/usr/bin/env bash
# Docker CI stage (`npm run test:docker`, called by .ci/run): prove that the Dockerfiles build and
# the compose stack serves Bookinfo, on a real engine.
#
#  1. validate docker-compose.yml (default and mysql profile) with the compose client
#  2. start a private dockerd (scripts/docker/engine.sh): host networking only, state in a temp dir
#  3. load stand-ins for the base images the Dockerfiles name (scripts/docker/base-image.sh)
#  4. build bookinfo/{productpage,details,reviews,ratings} with the legacy builder, --network host,
#     this machine's npm registry and CA as build args; fail if an image reaches 250 MB
#  5. run docker-compose.yml + docker-compose.ci.yml (host network, one 127.0.50.x per service)
#  6. wait until every container is healthy; check page, API, stars, login, curl in reviews and
#     ratings, UID 1000, no capabilities, read-only rootfs with a writable /tmp; run the
#     whole-system tests against the stack (BOOKINFO_URL)
#  7. stop the stack (every service must exit 0 on SIGTERM), `down`, stop dockerd
#
# If no engine can run here: with CI=true the stage fails; otherwise it prints SKIP and exits 0.
# Environment: BOOKINFO_DOCKER_CACHE (base-image cache, default /var/tmp/bookinfo-docker),
# BOOKINFO_CI_REVIEWS_ADDR (which reviews the page uses, default v3 at 127.0.50.5),
# BOOKINFO_DOCKER_SKIP_SYSTEM_TESTS=1 (only the curl checks).
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/docker/engine.sh
source "$SCRIPT_DIR/engine.sh"
cd "$REPO_ROOT"

export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0
STAGE_START=$(date +%s)
PROJECT=bookinfo-ci
PRODUCTPAGE_URL=http://127.0.50.1:9080
MAX_IMAGE_BYTES=250000000
declare -A ADDR=([productpage]=127.0.50.1 [details]=127.0.50.2 [reviews-v1]=127.0.50.3
  [reviews-v2]=127.0.50.4 [reviews-v3]=127.0.50.5 [ratings]=127.0.50.6)
COMPOSE_SERVICES=(productpage details reviews-v1 reviews-v2 reviews-v3 ratings)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bookinfo-docker-ci.XXXXXX")"
ENGINE_DIR="$WORK/engine"
ENGINE_UP=false
STACK_UP=false
SIZES=""
CI_DB=""
SKIPPED=false

compose() {
  docker-compose -p "$PROJECT" --project-directory "$REPO_ROOT" \
    -f "$WORK/compose.hostnet.yml" -f "$REPO_ROOT/docker-compose.ci.yml" "$@"
}

elapsed() { echo $(( $(date +%s) - $1 )); }

finish() {
  local rc=$?
  set +e
  [ -z "$CI_DB" ] || mariadb -h 127.0.0.1 -P 3306 -u root -e "DROP DATABASE IF EXISTS $CI_DB" >/dev/null 2>&1
  if $STACK_UP; then
    if [ "$rc" != 0 ]; then
      warn "stage failed; last log lines of every service:"
      compose logs --no-color --tail=30 >&2
    fi
    compose down --remove-orphans --timeout 20 >/dev/null 2>&1
  fi
  if $ENGINE_UP || [ -d "$ENGINE_DIR" ]; then
    [ "$rc" = 0 ] || [ ! -f "$ENGINE_DIR/dockerd.log" ] || cp "$ENGINE_DIR/dockerd.log" "${TMPDIR:-/tmp}/bookinfo-dockerd-last-failure.log"
    engine_stop "$ENGINE_DIR"
  fi
  rm -rf "$WORK"
  [ -z "$SIZES" ] || { log "image sizes:"; printf '%s' "$SIZES" >&2; }
  if $SKIPPED; then
    warn "docker stage SKIPPED (see above)"
  elif [ "$rc" = 0 ]; then
    log "docker stage passed in $(elapsed "$STAGE_START") s"
  else
    printf '\033[1;31m[docker] docker stage FAILED (exit %s) after %s s\033[0m\n' "$rc" "$(elapsed "$STAGE_START")" >&2
  fi
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

skip_or_fail() {
  if [ "${CI:-}" = "true" ]; then
    die "$1 (CI=true: the docker stage must run, so this is a failure)"
  fi
  printf '\n\033[1;33m'
  printf '################################################################################\n'
  printf '##  SKIP: docker stage NOT RUN: %s\n' "$1"
  printf '##  (with CI=true this is a failure)\n'
  printf '################################################################################\n'
  printf '\033[0m\n'
  SKIPPED=true
  exit 0
}

check() { # check DESCRIPTION COMMAND...: run, report, fail the stage on a non-zero exit
  local what="$1"; shift
  if "$@"; then
    log "ok: $what"
  else
    die "check failed: $what"
  fi
}

# ---------------------------------------------------------------------------------------------
log "1/7 compose files"
ensure_docker_tools || skip_or_fail "docker.io/docker-compose are not installed and could not be installed"
docker-compose -f docker-compose.yml config -q
docker-compose -f docker-compose.yml --profile mysql config -q
docker-compose -f docker-compose.yml config | /usr/bin/python3 "$SCRIPT_DIR/hostnet-base.py" >"$WORK/compose.hostnet.yml"
compose config -q
log "ok: docker-compose.yml (default and mysql profile) and the CI override validate"

# ---------------------------------------------------------------------------------------------
log "2/7 engine"
[ "$(id -u)" = 0 ] || skip_or_fail "dockerd needs root here"
t=$(date +%s)
engine_start "$ENGINE_DIR" || skip_or_fail "dockerd did not start"
ENGINE_UP=true
log "engine up in $(elapsed "$t") s"

# ---------------------------------------------------------------------------------------------
log "3/7 base images"
t=$(date +%s)
"$SCRIPT_DIR/base-image.sh"
log "base images ready in $(elapsed "$t") s"

# ---------------------------------------------------------------------------------------------
log "4/7 images"
build_args=()
registry="$(npm config get registry 2>/dev/null || true)"
[ -z "$registry" ] || build_args+=(--build-arg "NPM_REGISTRY=$registry")
cafile="$(npm config get cafile 2>/dev/null || true)"
[ -f "$cafile" ] || cafile=""
[ -z "$cafile" ] || build_args+=(--build-arg "NPM_CAFILE=$cafile")
for name in "${SERVICES[@]}"; do
  t=$(date +%s)
  if ! docker build --network host "${build_args[@]}" -f "services/$name/Dockerfile" -t "bookinfo/$name" . \
      >"$WORK/build-$name.log" 2>&1; then
    tail -n 60 "$WORK/build-$name.log" >&2
    die "docker build of bookinfo/$name failed"
  fi
  log "built bookinfo/$name in $(elapsed "$t") s"
done
too_big=""
for name in "${SERVICES[@]}"; do
  bytes="$(docker image inspect --format '{{.Size}}' "bookinfo/$name")"
  SIZES+="$(printf '  bookinfo/%-12s %6.1f MB\n' "$name" "$(awk -v b="$bytes" 'BEGIN { print b / 1000000 }')")"$'\n'
  [ "$bytes" -lt "$MAX_IMAGE_BYTES" ] || too_big+=" bookinfo/$name"
done
printf '%s' "$SIZES" >&2
[ -z "$too_big" ] || die "images at or over 250 MB:$too_big"
# Users build through the compose file's `build:` sections. Building through them again must
# reproduce the same images from the cache, i.e. compose points at the same Dockerfiles and context.
image_ids() { for name in "${SERVICES[@]}"; do docker image inspect --format '{{.Id}}' "bookinfo/$name"; done; }
ids_before="$(image_ids)"
t=$(date +%s)
BOOKINFO_NPM_REGISTRY="$registry" BOOKINFO_NPM_CAFILE="$cafile" compose build "${COMPOSE_SERVICES[@]}" \
  >"$WORK/compose-build.log" 2>&1 || { tail -n 40 "$WORK/compose-build.log" >&2; die "docker-compose build failed"; }
check "docker-compose build ran a build per service ($(elapsed "$t") s)" \
  test "$(grep -c '^Successfully built' "$WORK/compose-build.log")" = "${#COMPOSE_SERVICES[@]}"
check "docker-compose build reproduces the four images from the cache" test "$ids_before" = "$(image_ids)"

# ---------------------------------------------------------------------------------------------
log "5/7 compose stack"
# Host networking: a listener on *:9080 (e.g. `npm start` with HOST=::) or on our addresses would
# keep the services from binding. Say so up front rather than as an unhealthy container.
busy="$(ss -Hltnp 2>/dev/null | awk '$4 ~ /^(0\.0\.0\.0|\*|\[::\]|\[::ffff:0\.0\.0\.0\]|127\.0\.50\.[0-9]+):(9080|19080)$/' || true)"
[ -z "$busy" ] || die "port 9080/19080 is already in use on this machine (the stack binds 127.0.50.x:9080):"$'\n'"$busy"
STACK_UP=true
t=$(date +%s)
compose up -d --no-build >"$WORK/compose-up.log" 2>&1 || { cat "$WORK/compose-up.log" >&2; die "docker-compose up failed"; }

container_of() { compose ps -q "$1"; }
deadline=$(( $(date +%s) + 180 ))
while :; do
  pending=""
  for svc in "${COMPOSE_SERVICES[@]}"; do
    id="$(container_of "$svc")"
    status="$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}}' "$id" 2>/dev/null || echo missing)"
    [ "$status" = healthy ] || pending+=" $svc=$status"
  done
  [ -n "$pending" ] || break
  [ "$(date +%s)" -lt "$deadline" ] || die "not healthy after 180 s:$pending"
  sleep 2
done
log "all ${#COMPOSE_SERVICES[@]} containers healthy in $(elapsed "$t") s"

# ---------------------------------------------------------------------------------------------
log "6/7 checks"
fetch() { curl -fsS --max-time 10 "$@"; }
page="$(fetch "$PRODUCTPAGE_URL/productpage")"
check "page title" grep -q '<title>Simple Bookstore App</title>' <<<"$page"
check "page shows stars (glyphicon glyphicon-star)" grep -q 'glyphicon glyphicon-star' <<<"$page"
check "page shows the reviews pod name" grep -Eq 'reviews-v[123]' <<<"$page"
check "GET /api/v1/products lists The Comedy of Errors" \
  grep -q '"title":"The Comedy of Errors"' <<<"$(fetch "$PRODUCTPAGE_URL/api/v1/products")"
check "productpage /health" grep -q 'Product page is healthy' <<<"$(fetch "$PRODUCTPAGE_URL/health")"
assets="$(grep -o '/static/[^"]*' <<<"$page" | sort -u)"
check "page links static files" test -n "$assets"
while read -r asset; do
  check "productpage serves $asset from the image" fetch -o /dev/null "$PRODUCTPAGE_URL$asset"
done <<<"$assets"
login_headers="$(curl -sS --max-time 10 -o /dev/null -D - -d 'username=jason&passwd=jason' "$PRODUCTPAGE_URL/login")"
check "POST /login answers 302 and sets a cookie" \
  bash -c 'grep -Eq "^HTTP/[0-9.]+ 302" <<<"$1" && grep -qi "^set-cookie:" <<<"$1"' _ "$login_headers"
cookie="$(sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' <<<"$login_headers" | paste -sd ';' -)"
check "signed-in page greets jason" grep -q 'jason' <<<"$(fetch -H "Cookie: $cookie" "$PRODUCTPAGE_URL/productpage")"
check "reviews-v1 serves no ratings" \
  bash -c '! grep -q "\"rating\"" <<<"$1"' _ "$(fetch "http://${ADDR[reviews-v1]}:9080/reviews/0")"
check "reviews-v2 serves black stars" grep -q '"color":"black"' <<<"$(fetch "http://${ADDR[reviews-v2]}:9080/reviews/0")"
check "reviews-v3 serves red stars" grep -q '"color":"red"' <<<"$(fetch "http://${ADDR[reviews-v3]}:9080/reviews/0")"
check "ratings serves 5 and 4" grep -q '"Reviewer1":5,"Reviewer2":4' <<<"$(fetch "http://${ADDR[ratings]}:9080/ratings/0")"
for svc in ratings reviews-v1; do
  # What Istio's docs run: kubectl exec <pod> -- curl productpage:9080/productpage | grep -o "<title>.*</title>"
  check "curl inside $svc reaches productpage" \
    bash -c 'docker exec "$1" curl -sS productpage:9080/productpage | grep -q "<title>Simple Bookstore App</title>"' _ "$(container_of "$svc")"
done
for svc in "${COMPOSE_SERVICES[@]}"; do
  id="$(container_of "$svc")"
  pid="$(docker inspect --format '{{.State.Pid}}' "$id")"
  uids="$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$pid/status")"
  gids="$(awk '/^Gid:/ {print $2, $3, $4, $5}' "/proc/$pid/status")"
  caps="$(awk '/^CapEff:/ {print $2}' "/proc/$pid/status")"
  check "$svc runs as UID/GID 1000 with no capabilities" \
    test "$uids|$gids|$caps" = "1000 1000 1000 1000|1000 1000 1000 1000|0000000000000000"
  check "$svc has a read-only root filesystem" test "$(docker inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$id")" = true
  check "$svc cannot write /app but can write /tmp" \
    docker exec "$id" sh -c '! touch /app/.write-probe 2>/dev/null && touch /tmp/.write-probe'
done
if [ "${BOOKINFO_DOCKER_SKIP_SYSTEM_TESTS:-0}" = 1 ]; then
  warn "BOOKINFO_DOCKER_SKIP_SYSTEM_TESTS=1: whole-system tests not run against the stack"
elif [ -f tests/system/project.json ]; then
  t=$(date +%s)
  log "whole-system tests against $PRODUCTPAGE_URL"
  BOOKINFO_URL="$PRODUCTPAGE_URL" NX_DAEMON=false NX_NO_CLOUD=true npx nx test system-tests --outputStyle=static \
    || die "whole-system tests failed against the compose stack"
  log "ok: whole-system tests in $(elapsed "$t") s"
else
  warn "tests/system not found: whole-system tests not run"
fi

# The images' defaults, as users and Kubernetes run them: HOST=:: (upstream binds [::]), so the
# HEALTHCHECK probes 127.0.0.1 and the service answers on IPv4 and IPv6 alike. A spare port keeps
# it clear of the stack.
docker run -d --name bookinfo-ci-defaults --network host --read-only --tmpfs /tmp --cap-drop ALL \
  --health-interval 2s -e PORT=19080 bookinfo/details >/dev/null
for _ in $(seq 1 60); do
  [ "$(docker inspect --format '{{.State.Health.Status}}' bookinfo-ci-defaults)" = healthy ] && break
  sleep 1
done
check "default HOST=:: passes the image's HEALTHCHECK" \
  test "$(docker inspect --format '{{.State.Health.Status}}' bookinfo-ci-defaults)" = healthy
check "default HOST=:: answers on 127.0.0.1 and [::1]" \
  bash -c 'curl -fsS --max-time 5 http://127.0.0.1:19080/health >/dev/null && curl -fsS --max-time 5 -g "http://[::1]:19080/health" >/dev/null'
docker rm -f bookinfo-ci-defaults >/dev/null

# ratings v2 from the bookinfo/ratings image against a real MySQL-compatible server: the machine's
# MariaDB on 127.0.0.1:3306 (no MySQL image can be pulled here), loaded with the compose profile's
# own schema and seed into a database of its own.
if mariadb -h 127.0.0.1 -P 3306 -u root -e 'SELECT 1' >/dev/null 2>&1; then
  CI_DB=bookinfo_docker_ci
  sed -e "s/^CREATE DATABASE IF NOT EXISTS test;/CREATE DATABASE IF NOT EXISTS $CI_DB;/" -e "s/^USE test;/USE $CI_DB;/" \
    deploy/compose/mysql/init/01-ratings.sql | mariadb -h 127.0.0.1 -P 3306 -u root
  docker run -d --name bookinfo-ci-ratings-v2 --network host --read-only --tmpfs /tmp --cap-drop ALL \
    -e HOST=127.0.50.7 -e SERVICE_VERSION=v2 -e DB_TYPE=mysql -e MYSQL_DB_HOST=127.0.0.1 -e MYSQL_DB_PORT=3306 \
    -e MYSQL_DB_USER=root -e MYSQL_DB_PASSWORD= -e MYSQL_DB_NAME="$CI_DB" bookinfo/ratings >/dev/null
  for _ in $(seq 1 60); do
    [ "$(docker inspect --format '{{.State.Health.Status}}' bookinfo-ci-ratings-v2)" = healthy ] && break
    sleep 1
  done
  check "ratings v2 serves the seeded 5 and 4 from MySQL" \
    grep -q '"Reviewer1":5,"Reviewer2":4' <<<"$(fetch http://127.0.50.7:9080/ratings/0)"
  mariadb -h 127.0.0.1 -P 3306 -u root -e "UPDATE $CI_DB.ratings SET Rating = 1 WHERE ReviewID = 1"
  check "ratings v2 reads every request from MySQL" \
    grep -q '"Reviewer1":1,"Reviewer2":4' <<<"$(fetch http://127.0.50.7:9080/ratings/0)"
  docker rm -f bookinfo-ci-ratings-v2 >/dev/null
  mariadb -h 127.0.0.1 -P 3306 -u root -e "DROP DATABASE $CI_DB"
  CI_DB=""
else
  warn "no MySQL-compatible server on 127.0.0.1:3306: ratings v2 (MySQL) not checked"
fi

# ---------------------------------------------------------------------------------------------
log "7/7 shutdown"
compose stop --timeout 20 >/dev/null 2>&1
for svc in "${COMPOSE_SERVICES[@]}"; do
  check "$svc exited 0 on SIGTERM" test "$(docker inspect --format '{{.State.ExitCode}}' "$(container_of "$svc")")" = 0
done
compose down --remove-orphans >/dev/null 2>&1
STACK_UP=false
