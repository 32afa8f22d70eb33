#!/usr/bin/env bash
# Performance benchmark: paratopic vs the feature-matched Python peer (issue #4).
#
# Usage: bash benches/compare/run.sh [--sizes 30M,300M,1G] [--systems paratopic,peer]
#                                    [--k 20] [--threads N] [--repeat N] [--warmup N] [--mem-limit MB]
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

# 2. Python environment and 3. the paratopic binary (benches/setup.sh).
# shellcheck source=../setup.sh
source "$here/../setup.sh"
setup_venv
setup_paratopic

# 4. Corpora, runs, table.
exec "$venv/bin/python" "$here/compare.py" "$@"
