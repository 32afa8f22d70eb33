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

# 1. Python environment and 2. the paratopic binary (benches/setup.sh).
# shellcheck source=../setup.sh
source "$here/../setup.sh"
setup_venv
setup_paratopic

# 3. The comparison.
exec "$venv/bin/python" "$here/compare.py" "$@"
