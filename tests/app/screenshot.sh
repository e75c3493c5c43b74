#!/bin/sh
# A screenshot of Hearth as a user first sees it with one conversation: the app runs under Xvfb with its
# data and settings in a temporary folder that holds the showcase conversation (Markdown, a highlighted
# code block, a table, a collapsed reasoning section), saves its own window (HEARTH_SCREENSHOT) and quits.
#   tests/app/screenshot.sh [BUILD_DIR] [OUT.png] [LANGUAGE]     e.g. tests/app/screenshot.sh build shot.png de
# SCALE=2 renders at twice the pixel density (QT_SCALE_FACTOR), for checking high-DPI rendering.
set -eu
build=${1:-build}
out=$(realpath -m "${2:-screenshot.png}")
language=${3:-en}
scale=${SCALE:-1}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Everything the app reads or writes stays in $tmp: the user's own conversations are never touched.
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
export LANGUAGE="$language" LC_ALL=C.UTF-8 QT_SCALE_FACTOR="$scale"
mkdir -p "$HOME"

"$build/bin/hearth-sample-db" >/dev/null
HEARTH_SCREENSHOT="$out" xvfb-run -a -s "-screen 0 1600x1200x24" "$build/bin/hearth"
echo "$out"
