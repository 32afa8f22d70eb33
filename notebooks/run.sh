#!/usr/bin/env bash
# Execute every notebooks/*.ipynb headless and fail if any cell raises.
#
#   bash notebooks/run.sh                  # from anywhere; needs a finished `paratopic run`
#   PARATOPIC_OUT=path/to/out bash notebooks/run.sh
#   bash notebooks/run.sh --clear-outputs  # strip outputs from the notebooks in place
#   bash notebooks/run.sh --setup          # only create/update the venv (README test uses it)
#
# The notebooks read paratopic's output folder: $PARATOPIC_OUT if set (a relative path is
# taken from the directory you run this script in), else data/out in the repo root.
# A virtualenv is created in notebooks/.venv on first use (reused afterwards, and
# reinstalled when requirements.txt changes). Each notebook runs in memory on the venv's
# python3 kernel, with notebooks/ as its working directory and a time limit per cell of
# $CELL_TIMEOUT seconds (default 120). Executed copies, with outputs, go to a temporary
# folder (or $NOTEBOOK_EXECUTED_DIR); the notebooks in this folder are never written to,
# and one that holds outputs is refused: the committed notebooks carry none.
# Exit status: 0 all notebooks ran, 1 a cell failed or a notebook holds outputs, 2 setup
# problem (no paratopic output, no suitable Python, install failed).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
REQ="$HERE/requirements.txt"
PYTHON="${PYTHON:-python3}"
CELL_TIMEOUT="${CELL_TIMEOUT:-120}"

die() { echo "run.sh: $*" >&2; exit 2; }

MODE=run
case "${1:-}" in
  "") ;;
  --clear-outputs) MODE=clear ;;
  --setup) MODE=setup ;;
  -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) die "unknown argument '$1' (try --help)" ;;
esac

# 1. paratopic's outputs must exist before anything is installed.
if [ "$MODE" = run ]; then
  if [ -n "${PARATOPIC_OUT:-}" ]; then
    case "$PARATOPIC_OUT" in
      /*) OUT="$PARATOPIC_OUT" ;;
      *) OUT="$PWD/$PARATOPIC_OUT" ;;
    esac
  else
    OUT="$HERE/../data/out"
  fi
  missing=()
  for f in topics.csv doc_topics.csv paragraphs.csv tfidf.mtx vocab.tsv run.json \
           charts/doc_topics.svg charts/topic_terms.svg charts/heatmap.svg charts/paragraph_map.svg; do
    [ -f "$OUT/$f" ] || missing+=("$f")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    {
      if [ -d "$OUT" ]; then
        echo "run.sh: no complete paratopic output in $OUT"
        echo "        missing: ${missing[*]}"
      else
        echo "run.sh: no paratopic output: $OUT does not exist"
      fi
      echo "        The notebooks read the results of a paratopic run. Make them first, e.g. from"
      echo "        the repo root: 'paratopic run' (reads seeds/, writes data/out), or point"
      echo "        PARATOPIC_OUT at the output.dir of an earlier run."
    } >&2
    exit 2
  fi
  OUT="$(cd "$OUT" && pwd)"
fi

# 2. The virtualenv: create once, reinstall only when requirements.txt or Python changes.
if ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  command -v "$PYTHON" >/dev/null 2>&1 || die "'$PYTHON' not found: install Python 3.11+ or set PYTHON=/path/to/python3"
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "$("$PYTHON" --version 2>&1) is too old: the pinned packages need Python 3.11+ (set PYTHON=...)"
  echo "run.sh: creating $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV" || die "could not create a virtualenv with $PYTHON (Debian: apt-get install python3-venv)"
fi
STAMP="$VENV/.requirements.sha256"
want="$( (cat "$REQ"; "$VENV/bin/python" --version) | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  echo "run.sh: installing notebooks/requirements.txt into $VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ" \
    || die "pip install -r $REQ failed"
  # Register the venv's own python as the python3 kernel, inside the venv.
  "$VENV/bin/python" -m ipykernel install --sys-prefix --name python3 >/dev/null \
    || die "could not install the ipykernel kernelspec into $VENV"
  echo "$want" > "$STAMP"
fi
[ "$MODE" = setup ] && exit 0

# 3. Run. The venv's kernelspec directory goes first on JUPYTER_PATH so a python3 kernel
#    registered elsewhere (~/.local/share/jupyter) cannot shadow it.
export PATH="$VENV/bin:$PATH"
export JUPYTER_PATH="$VENV/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export JUPYTER_PLATFORM_DIRS=1
export PYDEVD_DISABLE_FILE_VALIDATION=1
[ "$MODE" = run ] && export PARATOPIC_OUT="$OUT"
if [ "$MODE" = run ]; then
  EXECUTED="${NOTEBOOK_EXECUTED_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/paratopic-notebooks.XXXXXX")}"
  mkdir -p "$EXECUTED"
else
  EXECUTED=""
fi

exec "$VENV/bin/python" - "$MODE" "$HERE" "$CELL_TIMEOUT" "$EXECUTED" <<'PY'
import glob
import os
import re
import shutil
import sys
import time

import nbformat

mode, here, timeout, executed = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
paths = sorted(glob.glob(os.path.join(here, "*.ipynb")))
if not paths:
    sys.exit(f"run.sh: no notebooks in {here}")


def has_outputs(nb):
    return [
        i for i, c in enumerate(nb.cells, 1)
        if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)
    ]


if mode == "clear":
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if has_outputs(nb):
            for c in nb.cells:
                if c.cell_type == "code":
                    c.outputs = []
                    c.execution_count = None
            nbformat.write(nb, path)
            print(f"cleared  {os.path.relpath(path)}")
        else:
            print(f"clean    {os.path.relpath(path)}")
    sys.exit(0)

import tempfile

from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from traitlets.config import Config

kernel_python = KernelSpecManager().get_kernel_spec("python3").argv[0]
if not os.path.abspath(kernel_python).startswith(sys.prefix + os.sep):
    sys.exit(f"run.sh: the python3 kernel runs {kernel_python}, not the venv's python in {sys.prefix}")

print(f"paratopic output: {os.environ['PARATOPIC_OUT']}")
print(f"kernel python:    {kernel_python}")
failed = []
for path in paths:
    name = os.path.basename(path)
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = has_outputs(nb)
    if dirty:
        print(f"FAIL  {name}: cells {dirty} (counting from 1) hold outputs; the committed notebooks carry none "
              f"(clear them: bash notebooks/run.sh --clear-outputs)")
        failed.append(name)
        continue
    # The kernel talks over Unix sockets in a private folder, not over TCP.
    sockets = tempfile.mkdtemp(prefix="paratopic-kernel-")
    client = NotebookClient(
        nb,
        config=Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "k")}}),
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": here}},
    )
    start = time.monotonic()
    try:
        client.execute()
    except Exception as exc:  # CellExecutionError, CellTimeoutError, DeadKernelError, ...
        print(f"FAIL  {name} after {time.monotonic() - start:.1f}s: {type(exc).__name__}")
        message = str(exc).rstrip()
        if not sys.stdout.isatty():
            message = re.sub(r"\x1b\[[0-9;]*m", "", message)  # the traceback's colours
        print(message)
        failed.append(name)
    else:
        cells = sum(c.cell_type == "code" for c in nb.cells)
        print(f"ok    {name}: {cells} code cells in {time.monotonic() - start:.1f}s")
    finally:
        nbformat.write(nb, os.path.join(executed, name))
        shutil.rmtree(sockets, ignore_errors=True)

print(f"executed copies (with outputs): {executed}")
if failed:
    print(f"{len(failed)} of {len(paths)} notebooks failed: {', '.join(failed)}")
    sys.exit(1)
print(f"all {len(paths)} notebooks ran without errors")
PY
