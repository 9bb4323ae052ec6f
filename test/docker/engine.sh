#!/usr/bin/env bash
# Godock's Docker test harness: a private Docker Engine and local stand-in base images.
#
# Usage: test/docker/engine.sh <command>
#   start    Use a reachable engine ($DOCKER_HOST, then /var/run/docker.sock); if none answers, install
#            Debian's docker.io + docker-compose with apt (apt-get update first) and start a private
#            dockerd (own socket, data root, exec root, pidfile under $GODOCK_CACHE/docker).
#            Prints DOCKER_HOST=…, GODOCK_ENGINE=private|external and GODOCK_STARTED=1|0 on stdout.
#            Exit 3 with GODOCK_UNAVAILABLE=<reason> on stdout when Docker cannot run here at all.
#   images   Build the local base images (no registry here) and tag them with the names a user's
#            Dockerfile pulls; skipped per image when one labelled godock.hash=<hash> exists.
#   stop     Stop the private dockerd started by `start` (by its own pidfile); external engines are untouched.
#   env      Print `export DOCKER_HOST=…` for the engine in use (eval "$(test/docker/engine.sh env)").
#   status   Say which engine is in use, if any (exit 1 when none answers).
#   buildx   Build the docker CLI's buildx plugin from its Go module (opt-in: ~5 min cold) and install it
#            into ${DOCKER_CONFIG:-~/.docker}/cli-plugins/docker-buildx.
#   clean    stop, then delete $GODOCK_CACHE/docker (data root, root filesystem tarball, logs).
#
# Environment: GODOCK_CACHE (default ~/.cache/godock), GODOCK_DOCKER_PRIVATE=1 (ignore external engines),
# GODOCK_DOCKERD_ARGS (extra dockerd flags), GODOCK_GO (Go root to put in golang images, default `go env GOROOT`),
# GODOCK_MIRROR (Debian mirror for the root filesystem, default: the one in the apt sources).
# Needs root for a private dockerd (and to build the images: mmdebstrap --mode=root, a tmpfs for scratch work).
#
# Images (all stand-ins, marked with the label godock.standin=true; no registry can be reached here):
#   debian:bookworm-slim, debian:bookworm, debian:12-slim, debian:12
#       Debian bookworm minbase with ca-certificates tzdata git gcc libc6-dev (`mmdebstrap --variant=minbase
#       --include=… bookworm <tar> <mirror of the apt sources>`, then `docker import`).
#   golang:<go>-bookworm, golang:<go>, golang:<major.minor>-bookworm, golang:<major.minor>, plus GOLANG_EXTRA_TAGS
#       that root + a layer with the machine's Go at /usr/local/go (without GOROOT/test and testdata folders)
#       and /go; ENV PATH=/usr/local/go/bin:/go/bin:… GOPATH=/go GOTOOLCHAIN=local, WORKDIR /go.
#   gcr.io/distroless/static-debian12:{latest,nonroot}   passwd/group (root, nobody, nonroot 65532), CA bundle,
#       zoneinfo, /tmp; :nonroot runs as USER 65532:65532 in /home/nonroot, :latest as root.
#   gcr.io/distroless/base-debian12:{latest,nonroot}     static + the libc6 and libssl3 files of the root.
#   alpine:3.20, alpine:latest   Debian's musl + busybox-static (apt-get download, dpkg-deb -x; /bin/sh is
#       busybox; no apk). A glibc-linked binary fails there: "sh: ./app: not found", as on real Alpine.
# The images are cached by a hash of their inputs: the recipe (bash's text of the image-building functions, so
# comments and copies of this script in other work trees do not matter), the Go version, the root filesystem's
# packages and mirror, the musl and busybox versions. An image labelled godock.hash=<hash> is not rebuilt. The
# root filesystem is kept as a tarball in $GODOCK_CACHE/docker (and its debs in debs-rootfs/), so an empty
# data root re-imports without downloading. On an external engine an image without our label is never replaced.
#
# Why mmdebstrap and a tmpfs: this machine's disk (ext4 with online discard) is slow at creating and deleting
# many small files. `debootstrap --variant=minbase --include=…,gcc,libc6-dev` took 175 s on disk and 104 s in a
# tmpfs (45 s of it resolving dependencies in shell); mmdebstrap took 220 s on disk, 51 s in a tmpfs with the
# debs cached and 66 s cold (download included).
#
# BuildKit (the Dockerfiles under test use RUN --mount=type=cache, which the classic builder rejects):
#   - Engine API: dockerode buildImage(…, {version: '2'}) against this dockerd (20.10.24, API 1.41, BuildKit
#     v0.8) works; test/docker/harness.ts uses it. This is the route the tests take.
#   - Debian's docker CLI 20.10 (/usr/bin/docker, installed with docker.io) has BuildKit built in:
#     `DOCKER_BUILDKIT=1 /usr/bin/docker build …` works with cache mounts.
#   - The machine's docker CLI 28.x (/usr/local/bin/docker, first on PATH) needs the buildx plugin for BuildKit
#     (without it: "BuildKit is enabled but the buildx component is missing or broken"). `engine.sh buildx`
#     builds github.com/docker/buildx/cmd/buildx@$BUILDX_VERSION from the Go module proxy (GOFLAGS=-mod=mod):
#     5 min 4 s on 2 cores with a cold module cache (95 MB binary), then cached in $GODOCK_CACHE/docker/bin;
#     with it `docker build` (BuildKit v0.8 of the daemon, "docker" driver) works with cache mounts.
#     Too slow to be part of `start`, so it is opt-in. `--mount` flags are never stripped to make a build pass.
#
# Timings on the 2-core Debian 12 machine:
#   start, cold: apt-get update 2 s (lists fresh) + apt-get install docker.io docker-compose iptables mmdebstrap
#     20 s; dockerd answers in 0.4-1.3 s.  start, running: 0.2 s.
#   images, cold cache: 150 s (root filesystem 66 s, debian import 7 s, golang layer 35-53 s, distroless 10 s,
#     alpine 9 s).  Empty data root with the tarball cached: ~100 s.  Up to date: ~1 s.
set -euo pipefail

# Stand-in tags: images the project's fixtures and examples name. They all carry the machine's Go (not the
# version the tag says), with GOTOOLCHAIN=local so `go` never tries to download a toolchain for a go.mod
# that names another version.
GOLANG_EXTRA_TAGS="1.22.5-bookworm 1.22-bookworm 1.22 1.23-bookworm latest"

# The buildx version `engine.sh buildx` builds (v0.38.2 builds with Go 1.26.8).
BUILDX_VERSION="${GODOCK_BUILDX_VERSION:-v0.38.2}"

SUITE=bookworm
ROOTFS_INCLUDE="ca-certificates,tzdata,git,gcc,libc6-dev"

SCRIPT_PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
CACHE="${GODOCK_CACHE:-$HOME/.cache/godock}"
DIR="$CACHE/docker"
SOCK="$DIR/docker.sock"
DATA="$DIR/data"
EXEC="$DIR/exec"
PIDFILE="$DIR/dockerd.pid"
LOG="$DIR/dockerd.log"
# containerd's sockets live under the exec root: keep it short enough for a unix socket path (108 bytes).
if [ "${#EXEC}" -gt 60 ]; then
  EXEC="/run/godock-docker-$(printf '%s' "$DIR" | sha256sum | cut -c1-12)"
fi
if [ "${#SOCK}" -gt 100 ]; then
  SOCK="$EXEC.sock"
fi
PRIVATE_HOST="unix://$SOCK"

log() { printf '[godock-docker] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

unavailable() {
  log "Docker cannot run here: $*"
  printf 'GODOCK_UNAVAILABLE=%s\n' "$*"
  exit 3
}

# One engine.sh at a time (start, images, stop, clean); the lock file is outside $DIR, which clean deletes.
lock() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/docker.lock"
  flock -w 1200 9 || die "another engine.sh holds $CACHE/docker.lock"
}

# ---------------------------------------------------------------------------------------------------------
# Engines

# ping HOST: true when the engine at HOST answers /_ping.
ping() {
  local host="$1"
  case "$host" in
    unix://*)
      local sock="${host#unix://}"
      [ -S "$sock" ] || return 1
      if command -v curl >/dev/null; then
        [ "$(curl -s --max-time 5 --unix-socket "$sock" http://docker/_ping 2>/dev/null)" = OK ]
      else
        command -v docker >/dev/null && timeout 10 docker -H "$host" version >/dev/null 2>&1
      fi
      ;;
    *) command -v docker >/dev/null && timeout 10 docker -H "$host" version >/dev/null 2>&1 ;;
  esac
}

private_pid() {
  local pid
  [ -f "$PIDFILE" ] || return 1
  pid="$(cat "$PIDFILE" 2>/dev/null)"
  [ -n "$pid" ] && [ -d "/proc/$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] || return 1
  printf '%s\n' "$pid"
}

# external_engine: prints the host of a reachable engine that is not ours.
external_engine() {
  [ "${GODOCK_DOCKER_PRIVATE:-}" = 1 ] && return 1
  local h
  for h in "${DOCKER_HOST:-}" unix:///var/run/docker.sock; do
    [ -n "$h" ] && [ "$h" != "$PRIVATE_HOST" ] || continue
    if ping "$h"; then printf '%s\n' "$h"; return 0; fi
  done
  return 1
}

# current_engine: prints "HOST KIND" of the engine in use (private first when it runs).
current_engine() {
  local h
  if private_pid >/dev/null && ping "$PRIVATE_HOST"; then echo "$PRIVATE_HOST private"; return 0; fi
  if h="$(external_engine)"; then echo "$h external"; return 0; fi
  return 1
}

APT_UPDATED=
apt_update() {
  if [ -z "$APT_UPDATED" ]; then
    local t; t="$(now)"
    log "apt-get update"
    mkdir -p "$DIR"
    apt-get update -qq >"$DIR/apt.log" 2>&1 || { tail -n 20 "$DIR/apt.log" >&2; die "apt-get update failed"; }
    APT_UPDATED=1
    log "apt-get update took $(since "$t") s"
  fi
}

# ensure_packages PKG...: apt-get install the ones not installed (without starting any service).
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || unavailable "packages ${missing[*]} are missing and installing them needs root"
  command -v apt-get >/dev/null || unavailable "packages ${missing[*]} are missing and there is no apt-get"
  apt_update
  local t policy=/usr/sbin/policy-rc.d made_policy=
  t="$(now)"
  # Keep the package's init script from starting a system dockerd: ours is private.
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
  fi
  log "apt-get install ${missing[*]}"
  local rc=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >"$DIR/apt.log" 2>&1 || { rc=$?; tail -n 20 "$DIR/apt.log" >&2; }
  [ -n "$made_policy" ] && rm -f "$policy"
  [ "$rc" = 0 ] || die "apt-get install ${missing[*]} failed"
  log "apt-get install took $(since "$t") s"
}

start_private() {
  [ "$(uname -s)" = Linux ] || unavailable "the Docker engine needs Linux (this is $(uname -s))"
  if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null; then
    # mmdebstrap too, for `images`: one apt-get update and install for all.
    ensure_packages docker.io docker-compose iptables mmdebstrap
  fi
  command -v dockerd >/dev/null || unavailable "dockerd is not installed"
  [ "$(id -u)" = 0 ] || unavailable "no Docker engine answers and starting dockerd needs root"
  mkdir -p "$DIR" "$DATA" "$EXEC"
  rm -f "$PIDFILE"
  [ -S "$SOCK" ] && rm -f "$SOCK"
  # Keep the log short: the last run's lines are what matter.
  if [ -f "$LOG" ] && [ "$(stat -c %s "$LOG")" -gt 5000000 ]; then tail -c 1000000 "$LOG" >"$LOG.old" && mv "$LOG.old" "$LOG"; fi
  local t pid i
  t="$(now)"
  log "starting dockerd on $PRIVATE_HOST (data root $DATA, log $LOG)"
  # shellcheck disable=SC2086
  setsid dockerd --host "$PRIVATE_HOST" --data-root "$DATA" --exec-root "$EXEC" --pidfile "$PIDFILE" \
    ${GODOCK_DOCKERD_ARGS:-} >>"$LOG" 2>&1 </dev/null 9>&- &
  pid=$!
  for i in $(seq 1 600); do
    if ping "$PRIVATE_HOST"; then
      log "dockerd (pid $(cat "$PIDFILE" 2>/dev/null || echo "$pid")) answered after $(since "$t") s"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 15 "$LOG" >&2 || true
      unavailable "dockerd exited at start: $(grep -E 'level=(fatal|error)|failed' "$LOG" | tail -n 1 | cut -c1-300)"
    fi
    sleep 0.1
  done
  tail -n 15 "$LOG" >&2 || true
  kill "$pid" 2>/dev/null || true
  unavailable "dockerd did not answer within 60 s (log: $LOG)"
}

cmd_start() {
  lock
  local h started=0 kind=private
  if private_pid >/dev/null && ping "$PRIVATE_HOST"; then
    h="$PRIVATE_HOST"
  elif h="$(external_engine)"; then
    kind=external
  else
    if pid="$(private_pid)"; then
      log "dockerd (pid $pid) runs but does not answer: stopping it"
      stop_private
    fi
    start_private
    h="$PRIVATE_HOST"
    started=1
  fi
  log "engine: $h ($kind)"
  printf 'DOCKER_HOST=%s\nGODOCK_ENGINE=%s\nGODOCK_STARTED=%s\n' "$h" "$kind" "$started"
}

stop_private() {
  local pid i
  pid="$(private_pid)" || { log "no private dockerd running"; rm -f "$PIDFILE"; return 0; }
  log "stopping dockerd (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do
    [ -d "/proc/$pid" ] || break
    sleep 0.1
  done
  if [ -d "/proc/$pid" ]; then
    log "dockerd did not stop in 30 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE" "$SOCK"
}

cmd_stop() { lock; stop_private; }

cmd_env() {
  local e
  e="$(current_engine)" || die "no Docker engine is running: run $0 start"
  printf 'export DOCKER_HOST=%s\n' "${e%% *}"
}

cmd_status() {
  local e
  if e="$(current_engine)"; then
    echo "engine: ${e%% *} (${e##* })"
    [ "${e##* }" = private ] && echo "private dockerd pid $(private_pid), data root $DATA"
    return 0
  fi
  echo "no engine answers"
  return 1
}

# ---------------------------------------------------------------------------------------------------------
# Images

debian_mirror() {
  if [ -n "${GODOCK_MIRROR:-}" ]; then echo "$GODOCK_MIRROR"; return; fi
  local f uri
  f=/etc/apt/sources.list.d/debian.sources
  if [ -f "$f" ]; then
    # The first stanza whose Suites has the plain suite name (not -security/-updates).
    uri="$(awk -v s="$SUITE" '
      /^$/ { if (u != "" && ok) { print u; exit } u = ""; ok = 0; next }
      /^URIs:/ { u = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) ok = 1 }
      END { if (u != "" && ok) print u }' "$f" | head -n 1)"
  fi
  if [ -z "${uri:-}" ] && [ -f /etc/apt/sources.list ]; then
    uri="$(awk -v s="$SUITE" '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i == s) { print $(i-1); exit } }' \
      /etc/apt/sources.list | sed 's/^\[.*\]$//' | head -n 1)"
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

# mount_build: a tmpfs at $DIR/build for the scratch work (this machine's disk is slow at creating and
# deleting many small files: debootstrap there took 175 s, mmdebstrap 220 s; in a tmpfs mmdebstrap takes ~50 s).
BUILD=
mount_build() {
  [ -n "$BUILD" ] && return 0
  BUILD="$DIR/build"
  mkdir -p "$BUILD"
  if ! mountpoint -q "$BUILD"; then
    if mount -t tmpfs -o size=6g,mode=755 godock-build "$BUILD" 2>/dev/null; then
      trap 'umount "$BUILD" 2>/dev/null || umount -l "$BUILD" 2>/dev/null || true' EXIT
    else
      log "no tmpfs for $BUILD (mount failed): building on disk, slower"
    fi
  fi
}

# ensure_rootfs: sets ROOTFS_TAR to a cached tarball of a Debian minbase root (mmdebstrap, with the debs it
# downloads kept in $DIR/debs-rootfs for the next time).
rootfs_name() {
  local key
  ROOTFS_MIRROR="$(debian_mirror)"
  key="$(printf 'rootfs-v2 %s minbase %s %s %s' "$SUITE" "$ROOTFS_INCLUDE" "$ROOTFS_MIRROR" "$(dpkg --print-architecture)" |
    sha256sum | cut -c1-16)"
  ROOTFS_TAR="$DIR/rootfs-$SUITE-$key.tar"
}

ensure_rootfs() {
  local t mirror="$ROOTFS_MIRROR"
  [ -f "$ROOTFS_TAR" ] && return 0
  command -v mmdebstrap >/dev/null || ensure_packages mmdebstrap
  mount_build
  mkdir -p "$DIR/debs-rootfs" "$BUILD/tmp"
  t="$(now)"
  log "mmdebstrap --variant=minbase --include=$ROOTFS_INCLUDE $SUITE from $mirror"
  TMPDIR="$BUILD/tmp" mmdebstrap --mode=root --variant=minbase --include="$ROOTFS_INCLUDE" \
    --skip=essential/unlink \
    --setup-hook='mkdir -p "$1"/var/cache/apt/archives' \
    --setup-hook="sync-in $DIR/debs-rootfs /var/cache/apt/archives" \
    --customize-hook="sync-out /var/cache/apt/archives $DIR/debs-rootfs" \
    --customize-hook='rm -rf "$1"/var/log/apt "$1"/var/log/dpkg.log "$1"/var/cache/debconf/*-old' \
    "$SUITE" "$BUILD/rootfs.tar" "$mirror" >"$DIR/rootfs.log" 2>&1 ||
    { tail -n 20 "$DIR/rootfs.log" >&2; die "mmdebstrap failed (log: $DIR/rootfs.log)"; }
  rm -f "$DIR"/rootfs-"$SUITE"-*.tar
  mv "$BUILD/rootfs.tar" "$ROOTFS_TAR.part" && mv "$ROOTFS_TAR.part" "$ROOTFS_TAR"
  log "root filesystem ($(du -h "$ROOTFS_TAR" | cut -f1) tarball) made in $(since "$t") s"
}

# ensure_deb NAME: sets DEB to a cached .deb of NAME (apt-get download).
ensure_deb() {
  local name="$1" f
  mkdir -p "$DIR/debs"
  f="$(ls "$DIR/debs/${name}"_*.deb 2>/dev/null | head -n 1 || true)"
  if [ -z "$f" ]; then
    if ! apt-cache show "$name" >/dev/null 2>&1; then apt_update; fi
    (cd "$DIR/debs" && apt-get download -qq -o APT::Sandbox::User=root "$name" >&2) || die "apt-get download $name failed"
    f="$(ls "$DIR/debs/${name}"_*.deb | head -n 1)"
  fi
  DEB="$f"
}

ENGINE_HOST=
ENGINE_KIND=
dk() { docker -H "$ENGINE_HOST" "$@"; }

# up_to_date TAG...: true when every TAG exists with our hash (or, on an external engine, exists at all
# without our label: a real image we must not replace).
up_to_date() {
  local tag label
  for tag in "$@"; do
    label="$(dk image inspect --format '{{ index .Config.Labels "godock.hash" }}' "$tag" 2>/dev/null)" || return 1
    [ "$label" = "$IMAGE_HASH" ] && continue
    if [ "$ENGINE_KIND" = external ] && { [ -z "$label" ] || [ "$label" = '<no value>' ]; }; then
      log "$tag exists on the external engine without the godock label: kept as it is"
      continue
    fi
    return 1
  done
}

# import_tar NAME TAG [--change ...]: reads a tar on stdin and imports it as TAG, labelled.
import_tar() {
  local tag="$1"; shift
  dk import -c "LABEL godock.hash=$IMAGE_HASH" -c "LABEL godock.standin=true" "$@" - "$tag" >/dev/null
}

retag() {
  local src="$1" t; shift
  for t in "$@"; do [ "$t" = "$src" ] || dk tag "$src" "$t"; done
}

build_golang() {
  local tags=("golang:$GO_VERSION-bookworm" "golang:$GO_VERSION" "golang:$GO_MM-bookworm" "golang:$GO_MM") x
  for x in $GOLANG_EXTRA_TAGS; do tags+=("golang:$x"); done
  up_to_date "${tags[@]}" && { log "golang images up to date"; return 0; }
  local t stage ctr; t="$(now)"
  mount_build
  stage="$BUILD/gopath"
  mkdir -p "$stage/go/bin" "$stage/go/src" && chmod -R 1777 "$stage/go"
  local goroot_args=(-C / usr/local/go)
  if [ "$GOROOT" != /usr/local/go ]; then
    goroot_args=(-C "$(dirname "$GOROOT")" --transform "s,^$(basename "$GOROOT")\(/\|\$\),usr/local/go\1,S"
      "$(basename "$GOROOT")")
  fi
  # A layer on top of the debian image: the root filesystem is stored once.
  ctr="$(dk create "debian:$SUITE-slim" true)"
  # Go's own test suite and testdata folders (half of GOROOT's 15k files) are left out: not needed to build.
  tar --numeric-owner --exclude=./go/test --exclude=usr/local/go/test --exclude=testdata \
    -cf - -C "$stage" ./go "${goroot_args[@]}" | dk cp - "$ctr:/"
  # The machine's CA bundle, so `go install` in a build reaches the Go module proxy through whatever TLS
  # inspection this network does (the host trusts it; a stock bundle would not).
  [ -f /etc/ssl/certs/ca-certificates.crt ] && dk cp /etc/ssl/certs/ca-certificates.crt "$ctr:/etc/ssl/certs/ca-certificates.crt"
  dk commit -c "LABEL godock.hash=$IMAGE_HASH" -c "LABEL godock.standin=true" -c "LABEL godock.image=golang" \
    -c "ENV PATH=/usr/local/go/bin:/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    -c "ENV GOLANG_VERSION=$GO_VERSION" -c "ENV GOPATH=/go" -c "ENV GOTOOLCHAIN=local" \
    -c "WORKDIR /go" -c 'CMD ["bash"]' "$ctr" "${tags[0]}" >/dev/null
  dk rm -f "$ctr" >/dev/null
  retag "${tags[0]}" "${tags[@]}"
  log "golang images (Go $GO_VERSION): ${tags[*]} in $(since "$t") s"
}

build_debian() {
  local tags=("debian:$SUITE-slim" "debian:$SUITE" "debian:12-slim" "debian:12")
  up_to_date "${tags[@]}" && { log "debian images up to date"; return 0; }
  local t; t="$(now)"
  ensure_rootfs
  import_tar "${tags[0]}" -c "LABEL godock.image=debian" \
    -c "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" -c 'CMD ["bash"]' <"$ROOTFS_TAR"
  retag "${tags[0]}" "${tags[@]}"
  log "debian images: ${tags[*]} in $(since "$t") s"
}

# The distroless stand-ins: files picked from the debootstrap root.
write_distroless_static() {
  local root="$1" s="$2"
  mkdir -p "$s/etc/ssl/certs" "$s/usr/share" "$s/tmp" "$s/root" "$s/home/nonroot" "$s/var/lib"
  chmod 1777 "$s/tmp"; chmod 700 "$s/root" "$s/home/nonroot"
  chown 65532:65532 "$s/home/nonroot" 2>/dev/null || true
  cat >"$s/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
  cat >"$s/etc/group" <<'EOF'
root:x:0:
nobody:x:65534:
tty:x:5:
staff:x:50:
nonroot:x:65532:
EOF
  printf 'hosts: files dns\n' >"$s/etc/nsswitch.conf"
  cat >"$s/etc/os-release" <<'EOF'
PRETTY_NAME="Distroless (godock stand-in built from Debian 12 files)"
NAME="Debian GNU/Linux"
ID="debian"
VERSION_ID="12"
HOME_URL="https://github.com/GoogleContainerTools/distroless"
EOF
  cp "$root/etc/ssl/certs/ca-certificates.crt" "$s/etc/ssl/certs/"
  cp -a "$root/usr/share/zoneinfo" "$s/usr/share/"
}

# write_libs ROOT STAGE PKG...: copies the files (not folders) dpkg lists for PKG..., keeping merged /usr.
write_libs() {
  local root="$1" s="$2" arch p list f; shift 2
  arch="$(dpkg --print-architecture)"
  for f in bin sbin lib lib32 lib64 libx32; do
    [ -L "$root/$f" ] && cp -a "$root/$f" "$s/"
  done
  for p in "$@"; do
    list="$root/var/lib/dpkg/info/$p:$arch.list"
    [ -f "$list" ] || list="$root/var/lib/dpkg/info/$p.list"
    [ -f "$list" ] || die "no dpkg file list for $p in the root filesystem"
    while IFS= read -r f; do
      case "$f" in /usr/share/doc/* | /usr/share/lintian/* | /usr/share/man/*) continue ;; esac
      # Merged /usr: /lib/x → /usr/lib/x, etc.
      case "$f" in /bin/* | /sbin/* | /lib/* | /lib32/* | /lib64/* | /libx32/*) f="/usr$f" ;; esac
      if [ -L "$root$f" ] || [ -f "$root$f" ]; then
        (cd "$root" && cp -a --parents ".$f" "$s/")
      fi
    done <"$list"
  done
  [ -f "$root/etc/ld.so.cache" ] && mkdir -p "$s/etc" && cp "$root/etc/ld.so.cache" "$s/etc/"
  return 0
}

DISTROLESS_ENV=(-c "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  -c "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt")

build_distroless() {
  local static=(gcr.io/distroless/static-debian12:latest gcr.io/distroless/static-debian12:nonroot)
  local base=(gcr.io/distroless/base-debian12:latest gcr.io/distroless/base-debian12:nonroot)
  if up_to_date "${static[@]}" "${base[@]}"; then log "distroless images up to date"; return 0; fi
  local t root s; t="$(now)"
  ensure_rootfs
  mount_build
  root="$BUILD/root"; s="$BUILD/distroless"
  rm -rf "$root" "$s" && mkdir -p "$root" "$s"
  tar -C "$root" -xf "$ROOTFS_TAR" ./etc ./usr/share/zoneinfo ./var/lib/dpkg/info ./usr/lib ./usr/lib64 \
    ./bin ./sbin ./lib ./lib64 2>/dev/null || tar -C "$root" -xf "$ROOTFS_TAR"
  write_distroless_static "$root" "$s"
  tar --numeric-owner -C "$s" -cf - . | import_tar "${static[0]}" -c "LABEL godock.image=distroless-static" \
    "${DISTROLESS_ENV[@]}" -c "USER 0:0" -c "WORKDIR /"
  tar --numeric-owner -C "$s" -cf - . | import_tar "${static[1]}" -c "LABEL godock.image=distroless-static" \
    "${DISTROLESS_ENV[@]}" -c "USER 65532:65532" -c "WORKDIR /home/nonroot"
  local libs=(libc6)
  [ -n "$(ls "$root"/var/lib/dpkg/info/libssl3*.list 2>/dev/null)" ] && libs+=(libssl3)
  write_libs "$root" "$s" "${libs[@]}"
  tar --numeric-owner -C "$s" -cf - . | import_tar "${base[0]}" -c "LABEL godock.image=distroless-base" \
    "${DISTROLESS_ENV[@]}" -c "USER 0:0" -c "WORKDIR /"
  tar --numeric-owner -C "$s" -cf - . | import_tar "${base[1]}" -c "LABEL godock.image=distroless-base" \
    "${DISTROLESS_ENV[@]}" -c "USER 65532:65532" -c "WORKDIR /home/nonroot"
  rm -rf "$root" "$s"
  log "distroless images: ${static[*]} ${base[*]} in $(since "$t") s"
}

# golang:*-alpine: the alpine stand-in plus the machine's Go. The go command is static, and with no C compiler
# in the image cgo is off by default, as in the real golang:alpine images.
GOLANG_ALPINE_EXTRA_TAGS="1.22-alpine 1.22.5-alpine 1.22-alpine3.20 alpine"
build_golang_alpine() {
  local tags=("golang:$GO_VERSION-alpine" "golang:$GO_MM-alpine" "golang:$GO_MM-alpine3.20") x
  for x in $GOLANG_ALPINE_EXTRA_TAGS; do tags+=("golang:$x"); done
  up_to_date "${tags[@]}" && { log "golang alpine images up to date"; return 0; }
  local t ctr goroot_args=(-C / usr/local/go); t="$(now)"
  if [ "$GOROOT" != /usr/local/go ]; then
    goroot_args=(-C "$(dirname "$GOROOT")" --transform "s,^$(basename "$GOROOT")\(/\|\$\),usr/local/go\1,S"
      "$(basename "$GOROOT")")
  fi
  ctr="$(dk create alpine:3.20 true)"
  tar --numeric-owner --exclude=usr/local/go/test --exclude=testdata -cf - "${goroot_args[@]}" | dk cp - "$ctr:/"
  dk commit -c "LABEL godock.hash=$IMAGE_HASH" -c "LABEL godock.standin=true" -c "LABEL godock.image=golang-alpine" \
    -c "ENV PATH=/usr/local/go/bin:/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    -c "ENV GOLANG_VERSION=$GO_VERSION" -c "ENV GOPATH=/go" -c "ENV GOTOOLCHAIN=local" \
    -c "WORKDIR /go" -c 'CMD ["sh"]' "$ctr" "${tags[0]}" >/dev/null
  dk rm -f "$ctr" >/dev/null
  retag "${tags[0]}" "${tags[@]}"
  log "golang alpine images (Go $GO_VERSION): ${tags[*]} in $(since "$t") s"
}

build_alpine() {
  local tags=(alpine:3.20 alpine:latest)
  up_to_date "${tags[@]}" && { log "alpine images up to date"; return 0; }
  local t s a; t="$(now)"
  mount_build
  s="$BUILD/alpine"
  rm -rf "$s" && mkdir -p "$s"
  dpkg-deb -x "$MUSL_DEB" "$s"
  dpkg-deb -x "$BUSYBOX_DEB" "$s"
  rm -rf "$s/usr/share/doc" "$s/usr/share/man"
  [ -x "$s/bin/busybox" ] || die "busybox-static has no /bin/busybox"
  mkdir -p "$s/etc" "$s/tmp" "$s/root" "$s/usr/bin" "$s/usr/sbin" "$s/sbin" "$s/var" "$s/home"
  chmod 1777 "$s/tmp"; chmod 700 "$s/root"
  # busybox's applets as symlinks, where busybox puts them (bin/sh, usr/bin/env, …).
  "$s/bin/busybox" --list-full | while IFS= read -r a; do
    [ -e "$s/$a" ] || [ -L "$s/$a" ] || { mkdir -p "$s/$(dirname "$a")" && ln -s /bin/busybox "$s/$a"; }
  done
  [ -e "$s/bin/sh" ] || ln -s /bin/busybox "$s/bin/sh"
  cat >"$s/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/:/sbin/nologin
EOF
  printf 'root:x:0:root\nnobody:x:65534:\n' >"$s/etc/group"
  printf '3.20.0\n' >"$s/etc/alpine-release"
  cat >"$s/etc/os-release" <<'EOF'
NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.20.0
PRETTY_NAME="Alpine Linux v3.20 (godock stand-in: Debian's musl and busybox-static, no apk)"
EOF
  tar --numeric-owner -C "$s" -cf - . | import_tar "${tags[0]}" -c "LABEL godock.image=alpine" \
    -c "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" -c 'CMD ["/bin/sh"]'
  retag "${tags[0]}" "${tags[@]}"
  rm -rf "$s"
  log "alpine images: ${tags[*]} in $(since "$t") s"
}

cmd_images() {
  lock
  local e t
  e="$(current_engine)" || die "no Docker engine is running: run $0 start first"
  ENGINE_HOST="${e%% *}"; ENGINE_KIND="${e##* }"
  command -v docker >/dev/null || ensure_packages docker.io
  t="$(now)"
  GOROOT="${GODOCK_GO:-$(go env GOROOT 2>/dev/null || echo /usr/local/go)}"
  [ -x "$GOROOT/bin/go" ] || die "no Go toolchain at $GOROOT (set GODOCK_GO)"
  GO_VERSION="$("$GOROOT/bin/go" env GOVERSION)"; GO_VERSION="${GO_VERSION#go}"
  GO_MM="$(printf '%s' "$GO_VERSION" | cut -d. -f1,2)"
  rootfs_name
  ensure_deb musl; MUSL_DEB="$DEB"
  ensure_deb busybox-static; BUSYBOX_DEB="$DEB"
  # The recipe is the code that makes the images (bash's canonical text of those functions: comments and the
  # rest of this file do not count, so copies of the script in other work trees agree unless a recipe differs).
  IMAGE_HASH="$({
    declare -f build_debian build_golang build_distroless write_distroless_static write_libs build_alpine \
      build_golang_alpine import_tar ensure_rootfs
    echo "$GOLANG_EXTRA_TAGS $GOLANG_ALPINE_EXTRA_TAGS ${DISTROLESS_ENV[*]}"
    echo "go $GO_VERSION $(uname -m)"
    basename "$ROOTFS_TAR"
    dpkg-deb -f "$MUSL_DEB" Package Version
    dpkg-deb -f "$BUSYBOX_DEB" Package Version
  } | sha256sum | cut -c1-16)"
  log "images for $ENGINE_HOST ($ENGINE_KIND), hash $IMAGE_HASH, Go $GO_VERSION"
  build_debian
  build_golang
  build_distroless
  build_alpine
  build_golang_alpine
  # Untagged leftovers of earlier hashes.
  dk image prune -f --filter label=godock.standin=true >/dev/null 2>&1 || true
  log "images ready in $(since "$t") s"
}

# ---------------------------------------------------------------------------------------------------------
# buildx (opt-in)

cmd_buildx() {
  local bin="$DIR/bin/docker-buildx-$BUILDX_VERSION" plugins t
  plugins="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
  if [ ! -x "$bin" ]; then
    command -v go >/dev/null || die "no go command to build buildx"
    mkdir -p "$DIR/bin"
    t="$(now)"
    log "go install github.com/docker/buildx/cmd/buildx@$BUILDX_VERSION (about 5 min on 2 cores, cold)"
    local gobin; gobin="$(mktemp -d)"
    GOFLAGS=-mod=mod GOBIN="$gobin" GOTOOLCHAIN=local go install "github.com/docker/buildx/cmd/buildx@$BUILDX_VERSION" >&2 ||
      die "building buildx $BUILDX_VERSION failed"
    mv "$gobin/buildx" "$bin" && rmdir "$gobin"
    log "buildx built in $(since "$t") s"
  fi
  mkdir -p "$plugins"
  cp "$bin" "$plugins/docker-buildx.part" && mv "$plugins/docker-buildx.part" "$plugins/docker-buildx"
  log "installed $plugins/docker-buildx ($BUILDX_VERSION)"
}

# unmount_under DIR...: what a killed dockerd may leave mounted (netns files, overlay layers, the data root).
unmount_under() {
  local d m
  for d in "$@"; do
    awk -v d="$d" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r | while IFS= read -r m; do
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
    done
  done
}

cmd_clean() {
  lock
  stop_private
  unmount_under "$DIR" "$EXEC"
  case "$DIR" in */docker) rm -rf "$DIR" ;; *) die "refusing to delete $DIR" ;; esac
  [ -d "$EXEC" ] && case "$EXEC" in /run/godock-docker-*) rm -rf "$EXEC" ;; esac
  log "deleted $DIR"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  status) cmd_status ;;
  images) cmd_images ;;
  buildx) cmd_buildx ;;
  clean) cmd_clean ;;
  *) sed -n '2,20p' "$SCRIPT_PATH" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
