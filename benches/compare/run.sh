#!/usr/bin/env bash
# Performance benchmark: paratopic vs the feature-matched Python peer (issue #4).
#
# Usage: bash benches/compare/run.sh [--sizes 30M,300M,1G] [--systems paratopic,peer]
#                                    [--k 20] [--threads N] [--repeat N] [--mem-limit MB]
#                                    [--keep] [--out FILE.md]
#
# One command: installs what it needs (GNU time via apt-get when /usr/bin/time is missing;
# the virtualenv benches/compare/.venv with the pinned requirements.txt), builds
# target/release/paratopic when PARATOPIC_BIN is not set and the binary is missing or
# older than the sources, builds the corpora under benches/compare/work/ (cached), runs
# both systems on each size and prints the table, also written to
# benches/compare/results/<date>_<sizes>.md (+ .json with every number).
# Default sizes: 30M,300M,1G; run a subset with e.g. --sizes 30M or --sizes 30M,300M.
# Set PARATOPIC_BIN=/path/to/paratopic to benchmark a given binary (no build).
# Set PYTHON to choose the interpreter for the virtualenv (default: python3, 3.11+).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
    exit 0
fi

# 1. GNU time (peak RSS of both systems is measured with /usr/bin/time -v).
if [ ! -x /usr/bin/time ]; then
    echo "run.sh: installing GNU time (apt-get install time)" >&2
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq time >&2
fi

# 2. Python environment, reinstalled only when requirements.txt changes.
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "run.sh: $python is missing or older than 3.11; set PYTHON=/path/to/python3.11" >&2
    exit 1
fi
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

# 3. The paratopic binary.
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

# 4. Corpora, runs, table.
exec "$venv/bin/python" "$here/compare.py" "$@"
