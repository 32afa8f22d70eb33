#!/usr/bin/env bash
# Side-by-side quality benchmark: paratopic vs scikit-learn.
#
# Usage: bash benches/quality/run.sh CORPUS_DIR [--labels labels.csv] [--k 5] [--seeds 1 2 3 4 5]
#
# Creates (or reuses) the virtualenv benches/quality/.venv with the pinned
# requirements, builds target/release/paratopic when PARATOPIC_BIN is not set and the
# binary is missing or older than the sources, then runs compare.py with the arguments.
# Set PARATOPIC_BIN=/path/to/paratopic to benchmark a given binary instead.
# Set PYTHON to choose the interpreter for the virtualenv (default: python3, 3.11+).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

if [ $# -eq 0 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
    [ $# -eq 0 ] && exit 2 || exit 0
fi

# 1. Python environment, reinstalled only when requirements.txt changes.
if [ ! -x "$venv/bin/python" ]; then
    echo "run.sh: creating $venv" >&2
    "$python" -m venv "$venv"
fi
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "run.sh: installing $here/requirements.txt" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    echo "$want" > "$stamp"
fi

# 2. The paratopic binary.
if [ -z "${PARATOPIC_BIN:-}" ]; then
    bin="$repo/target/release/paratopic"
    stale=""
    if [ -x "$bin" ]; then
        stale="$(cd "$repo" && find src Cargo.toml Cargo.lock build.rs -newer "$bin" -print -quit 2>/dev/null || true)"
    fi
    if [ ! -x "$bin" ] || [ -n "$stale" ]; then
        echo "run.sh: building paratopic (cargo build --release)" >&2
        (cd "$repo" && cargo build --release --quiet)
    fi
    export PARATOPIC_BIN="$bin"
fi
if [ ! -x "$PARATOPIC_BIN" ]; then
    echo "run.sh: PARATOPIC_BIN=$PARATOPIC_BIN is not an executable file" >&2
    exit 1
fi

# 3. The comparison.
exec "$venv/bin/python" "$here/compare.py" "$@"
