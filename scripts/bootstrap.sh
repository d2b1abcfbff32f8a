#!/usr/bin/env bash
# Make the project's virtual environment (.venv) and install Sprint into it, with the
# extras named in $1 (e.g. `dev,spark`). Run by demo.sh and test.sh; safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    echo "bootstrap: Sprint needs Python 3.11; $PYTHON is $("$PYTHON" --version 2>&1). Set PYTHON=/path/to/python3.11." >&2
    exit 2
fi
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
fi
EXTRAS="${1:-}"
# pip's build backend prints deprecation notices even when quiet: keep them in a log and
# show it only if the install fails.
if ! .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${EXTRAS:+[$EXTRAS]}" >.venv/install.log 2>&1; then
    cat .venv/install.log >&2
    echo "bootstrap: installing Sprint failed; the log above is also in .venv/install.log" >&2
    exit 1
fi
