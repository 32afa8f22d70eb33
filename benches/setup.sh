# Shared set-up for the benchmark scripts (sourced by benches/compare/run.sh and
# benches/quality/run.sh, which set `here`, `repo`, `venv` and `python` first).
#
# setup_venv: the virtualenv $venv with $here/requirements.txt, created once and
#   reinstalled only when requirements.txt changes (Python 3.11+ required).
# setup_paratopic: exports PARATOPIC_BIN, building target/release/paratopic when it is
#   not set and the binary is missing or older than the sources.

setup_venv() {
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "run.sh: $python is missing or older than 3.11; set PYTHON=/path/to/python3.11" >&2
        exit 1
    fi
    if [ ! -x "$venv/bin/python" ]; then
        echo "run.sh: creating $venv" >&2
        "$python" -m venv "$venv"
    fi
    local stamp="$venv/.requirements.sha256"
    local want
    want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "run.sh: installing $here/requirements.txt" >&2
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
        echo "$want" > "$stamp"
    fi
}

setup_paratopic() {
    if [ -z "${PARATOPIC_BIN:-}" ]; then
        local bin="$repo/target/release/paratopic"
        local stale=""
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
}
