#!/usr/bin/env bash
# The whole test suite: install, then pytest (which also runs the SQLMesh YAML tests).
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k generator -x` (`-n 0`: one process).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# pyspark (the spark extra) for the DuckDB/Spark parity check; it skips outside CI when
# Java is missing.
bash scripts/bootstrap.sh dev,spark
# Two workers, one test file (or the files sharing a session fixture) each: tests/conftest.py.
exec .venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
