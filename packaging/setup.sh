#!/usr/bin/env bash
# Sets up a Debian 12 or Ubuntu 24.04 machine for Hearth, builds it, then starts it or runs the tests.
#
#   packaging/setup.sh            install what is missing and build (build/, preset "dev")
#   packaging/setup.sh --start    ... then start Hearth (under Xvfb when there is no display)
#   packaging/setup.sh --test     ... then run the whole test suite except the `gpu` label
#
# Idempotent: packages already installed are not touched, and KSyntaxHighlighting is built only once.
# Neither distribution packages a Qt 6 build of KSyntaxHighlighting, so it is built from the distribution's
# own source package into HEARTH_DEPS_PREFIX (default /opt/hearth-deps), which the CMake build searches.
# Repository addresses come from the machine's existing apt configuration.
set -euo pipefail

mode="${1:-}"
case "$mode" in
  ""|--start|--test) ;;
  *) echo "usage: $0 [--start|--test]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="${HEARTH_DEPS_PREFIX:-/opt/hearth-deps}"
export HEARTH_DEPS_PREFIX="$prefix"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
log() { printf '\033[1m[hearth setup]\033[0m %s\n' "$*"; }

# --- 1. Distribution packages --------------------------------------------------------------------------
. /etc/os-release
case "${ID:-}" in
  debian|ubuntu) ;;
  *) log "warning: ${PRETTY_NAME:-this system} is not Debian or Ubuntu; trying anyway" ;;
esac

packages=(
  build-essential cmake ninja-build pkg-config git xz-utils dpkg-dev perl
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev libqt6svg6
  extra-cmake-modules libsqlite3-dev libpcre2-dev nlohmann-json3-dev
  clang libclang-rt-dev
  xvfb xauth
  python3 python3-numpy python3-jinja2 ca-certificates
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm (the tokenizer's reference tests) may come from the distribution or another channel.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  log "distribution packages: all present"
fi

# --- 2. KSyntaxHighlighting for Qt 6 --------------------------------------------------------------------
# Debian takes the source from trixie (5.116, builds against bookworm's Qt 6.4); Ubuntu 24.04 from its own
# release. Known tarballs are checked against a pinned hash; apt checks every download against the signed index.
ksh_marker="$prefix/share/hearth/ksyntaxhighlighting-qt6.done"
declare -A known_sha256=(
  [ksyntax-highlighting_5.116.0.orig.tar.xz]=6f8ccacebd0dc9ce050b2b23b715750c97938b3336fbbb80967920cb8c1dfaa7
)

apt_source_uri() {
  # The first plain "deb" repository of this release in the apt configuration (one-line or deb822 format).
  local codename="$1" f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v c="$codename" '$1=="deb" { i=2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i+1)==c) { print $i; exit } }' "$f"
  done | head -n1 | grep . && return 0
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v c="$codename" '
      /^[[:space:]]*$/ { if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " c " ") && uri != "") { print uri; exit } types=""; suites=""; uri=""; next }
      /^Types:/ { $1=""; types=$0 } /^Suites:/ { $1=""; suites=$0 } /^URIs:/ { uri=$2 }
      END { if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " c " ") && uri != "") print uri }' "$f"
  done | head -n1
}

build_ksyntaxhighlighting() {
  local suite components uri work
  case "${ID:-}" in
    ubuntu) suite="${HEARTH_KSH_SUITE:-$VERSION_CODENAME}"; components="main universe" ;;
    *) suite="${HEARTH_KSH_SUITE:-trixie}"; components="main" ;;
  esac
  uri="$(apt_source_uri "$VERSION_CODENAME")"
  if [ -z "$uri" ]; then
    log "error: found no apt repository for $VERSION_CODENAME to take the KSyntaxHighlighting source from" >&2
    exit 1
  fi
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  log "fetching the ksyntax-highlighting source package ($suite) from the configured repository"
  mkdir -p "$work/lists/partial"
  echo "deb-src $uri $suite $components" > "$work/sources.list"
  local apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=$work/none"
                  -o "Dir::State::Lists=$work/lists" -o "Acquire::Languages=none" -o "APT::Sandbox::User=root")
  apt-get "${apt_opts[@]}" update -qq
  # Some mirrors serve only the upstream tarball, not the .dsc or the Debian patches; we need only the tarball.
  (cd "$work" && apt-get "${apt_opts[@]}" source --download-only ksyntax-highlighting >/dev/null 2>&1) || true
  local tarball
  tarball="$(cd "$work" && ls ksyntax-highlighting_*.orig.tar.* 2>/dev/null | head -n1)"
  if [ -z "$tarball" ]; then
    log "error: the ksyntax-highlighting source tarball could not be downloaded from $uri ($suite)" >&2
    exit 1
  fi
  local want="${known_sha256[$tarball]:-}"
  if [ -n "$want" ]; then
    echo "$want  $work/$tarball" | sha256sum -c --quiet - || { log "error: $tarball has the wrong SHA-256" >&2; exit 1; }
  fi
  log "building $tarball for Qt 6 into $prefix"
  mkdir -p "$work/src"
  tar -xf "$work/$tarball" -C "$work/src" --strip-components=1
  # KF 5.x asks for an ECM of its own version; the distribution's older ECM has every module it uses.
  local ecm_version
  ecm_version="$(dpkg-query -W -f='${Version}' extra-cmake-modules | sed 's/^[0-9]*://; s/[-+~].*//')"
  sed -i -E "s/find_package\(ECM [0-9.]+ /find_package(ECM ${ecm_version} /" "$work/src/CMakeLists.txt"
  cmake -S "$work/src" -B "$work/build" -G Ninja -Wno-dev -DQT_MAJOR_VERSION=6 -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DBUILD_TESTING=OFF -DBUILD_QCH=OFF \
    -DCMAKE_DISABLE_FIND_PACKAGE_Qt6Quick=ON >"$work/configure.log" 2>&1 \
    || { cat "$work/configure.log" >&2; exit 1; }
  cmake --build "$work/build" --parallel "$(nproc)" >"$work/build.log" 2>&1 || { tail -50 "$work/build.log" >&2; exit 1; }
  "${sudo_cmd[@]}" cmake --install "$work/build" >/dev/null
  "${sudo_cmd[@]}" mkdir -p "$(dirname "$ksh_marker")"
  echo "$tarball" | "${sudo_cmd[@]}" tee "$ksh_marker" >/dev/null
}

if [ -f "$ksh_marker" ]; then
  log "KSyntaxHighlighting for Qt 6: present in $prefix ($(cat "$ksh_marker"))"
else
  build_ksyntaxhighlighting
fi

# --- 3. Build ---------------------------------------------------------------------------------------------
cd "$root"
log "configuring and building (preset dev, into build/)"
cmake --preset dev >/dev/null
cmake --build --preset dev

# --- 4. Start or test ---------------------------------------------------------------------------------------
case "$mode" in
  --start)
    log "starting build/bin/hearth"
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      log "no display: running under Xvfb"
      exec xvfb-run -a -s "-screen 0 1280x900x24" "$root/build/bin/hearth"
    fi
    exec "$root/build/bin/hearth"
    ;;
  --test)
    log "running the tests (all labels but gpu)"
    exec ctest --preset dev
    ;;
esac
