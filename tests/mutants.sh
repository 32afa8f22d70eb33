#!/usr/bin/env bash
# Mutation testing of the core modules with cargo-mutants (issue #21; results and the
# equivalent mutants are in tests/MUTANTS.md). Too slow for every CI run: about an hour
# on 2 cores (see tests/MUTANTS.md for the measured times). Run it after changing
# src/vectorize, src/topics, src/corpus/segment.rs, src/output/staging.rs or
# src/config.rs (the files are listed in .cargo/mutants.toml), then update MUTANTS.md.
#
#   bash tests/mutants.sh           # both phases
#   bash tests/mutants.sh 1         # phase 1 only
#   bash tests/mutants.sh 2         # phase 2 only, on the survivors of the last phase 1
#   JOBS=1 bash tests/mutants.sh    # build directories in parallel (default 2)
#   PHASE2=unexplained bash tests/mutants.sh 2   # phase 2 only on the survivors that
#                                   # tests/MUTANTS.md does not list (minutes, not hours)
#
# Phase 1: every mutant against the library's unit tests (cargo test --lib, without the
# text:: and plot:: tests, which cannot reach these files): an incremental build of the
# library and a few seconds of tests each.
# Phase 2: the survivors of phase 1 (missed) against the whole suite: integration
# tests, doc tests and unit tests. About 3 minutes a mutant.
# Output: mutants.out/phase1 and mutants.out/phase2 (git-ignored). Exit status 0 when
# every survivor of the last phase is listed in tests/MUTANTS.md as equivalent, 1
# otherwise (the unexplained ones are printed), 2 if cargo-mutants is missing or the
# tree's tests fail.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || { echo "mutants.sh: install cargo-mutants (cargo install --locked cargo-mutants)" >&2; exit 2; }
PHASE="${1:-all}"
JOBS="${JOBS:-2}"
OUT=mutants.out
mkdir -p "$OUT"
# the build directories are copies of this tree, each with its own target/
unset CARGO_TARGET_DIR

# cargo-mutants: 0 all caught, 2 some missed, 3 some timed out, 4 the baseline failed
run() {
  local status=0
  cargo mutants --no-times -j "$JOBS" "$@" || status=$?
  case $status in 0 | 2 | 3) ;; *) echo "mutants.sh: cargo mutants failed ($status)" >&2; exit 2 ;; esac
}

if [ "$PHASE" = all ] || [ "$PHASE" = 1 ]; then
  start=$(date +%s)
  run -o "$OUT/phase1" --cargo-arg=--lib -- -- --skip text:: --skip plot::
  echo "phase 1: $(( ($(date +%s) - start) / 60 )) min"
fi

# tests/MUTANTS.md lists a mutant by its full name in backticks
listed() { grep -qF -- "\`$1\`" tests/MUTANTS.md; }

# the survivors of phase 1 (missed; a timeout is a test that hangs, so it is caught)
# as regexes that select them again
survivors() {
  while IFS= read -r name; do
    [ -n "$name" ] || continue
    if [ "${PHASE2:-all}" = unexplained ] && listed "$name"; then continue; fi
    sed -e 's/[][\\.^$*+?(){}|]/\\&/g' -e 's/^/^/' -e 's/$/$/' <<<"$name"
  done < "$OUT/phase1/mutants.out/missed.txt"
}

if [ "$PHASE" = all ] || [ "$PHASE" = 2 ]; then
  mapfile -t res < <(survivors)
  if [ "${#res[@]}" -eq 0 ]; then
    echo "phase 2: phase 1 left no survivor"
    exit 0
  fi
  args=()
  for r in "${res[@]}"; do args+=(--re "$r"); done
  start=$(date +%s)
  # the unmutated suite runs first (it must pass: a failing test would "catch" every
  # mutant); a mutant gets 10 minutes. TEST_ARGS go to the test binaries, e.g.
  # TEST_ARGS="--skip some_test" to leave out a test that fails without any mutant.
  # shellcheck disable=SC2086
  run -o "$OUT/phase2" --timeout=600 --build-timeout=600 "${args[@]}" -- -- ${TEST_ARGS:-}
  echo "phase 2: ${#res[@]} survivors of phase 1 in $(( ($(date +%s) - start) / 60 )) min"
fi

# every survivor must be explained in tests/MUTANTS.md
last="$OUT/phase2/mutants.out"
[ -d "$last" ] || last="$OUT/phase1/mutants.out"
unexplained=0
while IFS= read -r name; do
  [ -n "$name" ] || continue
  if ! listed "$name"; then
    echo "unexplained survivor: $name"
    unexplained=1
  fi
done < "$last/missed.txt"
for f in caught missed timeout unviable; do
  printf '%s %s\n' "$f" "$(wc -l < "$last/$f.txt" 2>/dev/null || echo 0)"
done
exit $unexplained
