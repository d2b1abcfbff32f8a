#!/usr/bin/env bash
# The main job end to end on the embedded default: install, generate a demo dataset,
# build the DuckDB warehouse with sqlmesh and print the answers. Extra arguments go to
# `sprint demo` (try --help).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
exec .venv/bin/sprint demo "$@"
