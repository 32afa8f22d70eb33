#!/usr/bin/env bash
# Opens report.html in headless Chromium and fails on console errors, requests, scripts:
#   1. the seed run's report (data/out/report.html, or $1);
#   2. the report of a corpus with markup in its folder, file name and paragraphs, whose
#      text must show literally (the escaping test, in a real browser).
# Installs Debian's chromium when it is missing (needs root, as on CI). Screenshots go to
# $SCREENSHOT_DIR (default: a temporary folder), and their paths are printed.
set -euo pipefail
cd "$(dirname "$0")/.."

SEED_REPORT="${1:-data/out/report.html}"
SHOTS="${SCREENSHOT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/paratopic-shots.XXXXXX")}"
mkdir -p "$SHOTS"

if ! command -v chromium >/dev/null 2>&1; then
  echo "browser_test: installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 apt-get update -qq
  timeout 900 apt-get install -y -qq chromium >/dev/null
fi
chromium --version 2>/dev/null

[ -f "$SEED_REPORT" ] || { echo "browser_test: no $SEED_REPORT; run 'cargo run --release -- run' first" >&2; exit 2; }
timeout 120 python3 tests/browser/check_report.py "$SEED_REPORT" "$SHOTS/seeds.png" \
  --expect-text "Topic weights per document" --expect-text "Run summary"

work="$(mktemp -d "${TMPDIR:-/tmp}/paratopic-browser.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus/seeds" "$work/corpus/<em>party&co"
cp seeds/*.txt "$work/corpus/seeds/"
for i in 1 2 3 4; do
  printf '%s\n\n' "<script>alert('xss')</script> The zebra and the xylophone met the quartz jukebox <img src=x onerror=alert(1)> while the zebra played the xylophone & \"quoted\" the quartz jukebox. Take $i."
done > "$work/corpus/<em>party&co/<img src=x onerror=alert(2)>.txt"
cargo build --release --quiet
target/release/paratopic run --quiet --config paratopic.toml \
  --set "input.paths=[\"$work/corpus\"]" --set "output.dir=\"$work/out\""
timeout 120 python3 tests/browser/check_report.py "$work/out/report.html" "$SHOTS/hostile.png" \
  --expect-text "<script>alert('xss')</script> The zebra" \
  --expect-text "<em>party&co/<img src=x onerror=alert(2)>"
echo "browser_test: screenshots in $SHOTS"
