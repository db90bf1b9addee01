# Shared helpers for the CI machine's Docker plumbing in .ci/docker/. Source it; do not run it.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Assembled base-image tarballs and debootstrap output survive between runs here.
BOOKINFO_DOCKER_CACHE="${BOOKINFO_DOCKER_CACHE:-/var/tmp/bookinfo-docker}"

log() { printf '\033[1;34m[ci docker %s]\033[0m %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '\033[1;33m[ci docker] WARNING:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[ci docker] ERROR:\033[0m %s\n' "$*" >&2; exit 1; }

# dockerfile_arg NAME: the default of `ARG NAME=...`, which must be the same in every service's
# Dockerfile (the Dockerfiles are the single source of the pinned base-image versions).
dockerfile_arg() {
  local name="$1" value="" file v
  for file in "$REPO_ROOT"/services/*/Dockerfile; do
    [ -f "$file" ] || continue
    v="$(sed -n "s/^ARG ${name}=\\(.*\\)$/\\1/p" "$file" | head -n1)"
    [ -n "$v" ] || die "$file has no 'ARG ${name}=<default>'"
    if [ -z "$value" ]; then
      value="$v"
    elif [ "$v" != "$value" ]; then
      die "ARG ${name} differs between Dockerfiles ($value vs $v in $file)"
    fi
  done
  [ -n "$value" ] || die "no services/*/Dockerfile found"
  printf '%s\n' "$value"
}

# The two base images every Dockerfile names: the build stage's Node image and the runtime
# stage's Debian image (which receives the very same node binary).
node_base_image() { printf 'node:%s-bookworm-slim\n' "$(dockerfile_arg NODE_VERSION)"; }
debian_base_image() { printf 'debian:%s-slim\n' "$(dockerfile_arg DEBIAN_VERSION)"; }

# apt_source_uri SUITE: the first URI this machine's own apt sources use for SUITE (deb822 files in
# /etc/apt/sources.list.d/*.sources, then one-line sources.list entries). Empty if none does.
apt_source_uri() {
  local suite="$1"
  {
    # deb822 stanzas: print URIs of the stanza whose Suites list SUITE.
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v suite="$suite" '
      function flush() { if (uri != "" && hit && type) print uri; uri = ""; hit = 0; type = 0 }
      /^[[:space:]]*$/ { flush(); next }
      /^Types:/ { type = ($0 ~ /(^|[[:space:]])deb([[:space:]]|$)/) }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) hit = 1 }
      END { flush() }' || true
    # One-line format: deb [options] URI SUITE COMPONENTS...
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk -v suite="$suite" '
      $1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i + 1) == suite) print $i }' || true
  } | sed -n 1p
}
