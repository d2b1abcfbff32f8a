"""`sprint run` on a warehouse nobody has planned says what to run first, in one line."""

from __future__ import annotations

import duckdb

from scratch import Scratch


def test_a_missing_or_unplanned_warehouse_asks_for_a_plan_first(tmp_path):
    scratch = Scratch(tmp_path)
    for _ in ("missing", "an empty DuckDB file"):
        result = scratch.sprint("run", check=False)
        assert result.returncode == 2 and result.stdout == ""
        [line] = result.stderr.splitlines()
        assert line.startswith("sprint run: error: ") and "run `sqlmesh plan` in the project folder (or `sprint demo`) first" in line
        duckdb.connect(str(scratch.file)).close()  # the second round: the file exists, with no plan in it
