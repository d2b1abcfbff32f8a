"""The same models on DuckDB and on Apache Spark give the same tables (issue 8, docs/SCALING.md).

A small generated dataset (duplicates, late files and a few contract-breaking rows) is built
into prod twice with the real sqlmesh CLI, on the default DuckDB gateway and on the `spark`
gateway (local Spark, SPRINT_SPARK=1), both with the same execution time so the calendar
ends on the same day. Every model is then read back from both and compared row by row:
same row count, and per row the same values of the same Python type, floats to a relative
1e-9 (sums add up in another order). Rows are sorted by the model's grain, then by all
columns.

Needs pyspark (`pip install -e '.[spark]'`) and Java 17. Outside CI it is skipped without
them; in CI (CI=true) it fails instead, so the check cannot silently stop running.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import os
import pickle
import shutil
import subprocess
import sys
import typing as t
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator import FaultConfig, generate
from sprint import warehouse
from generator.calendar import LAUNCH_DATE
from scratch import REPO, Scratch
from spark_helpers import Table
from warehouse_fixtures import copy_project, ts, write_day

# ~600 active players a day in the days after launch: every model gets rows, Spark stays quick.
PLAYERS = 10_000
DAYS = 3
SEED = 11
FAULTS = FaultConfig(duplicate_rate=0.02, late_rate=0.05, late_delay_days=1)
# dim_date runs to the day before: fixed (not the wall clock) so both builds agree, and long
# enough for a month boundary and several ISO weeks.
EXECUTION_TIME = "2026-11-01"
GATEWAYS = ("duckdb", "spark")
# One model per file, the folder is its schema (STYLE.md): no model goes uncompared.
MODELS = sorted(f"{path.parent.name}.{path.stem}" for path in (REPO / "models").glob("*/*.sql"))
FLOAT_TOLERANCE = 1e-9
SHOWN_DIFFERENCES = 5


def require_spark() -> None:
    missing = []
    if importlib.util.find_spec("pyspark") is None:
        missing.append("pyspark (pip install -e '.[spark]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        missing.append("Java 17 (apt-get install openjdk-17-jre-headless)")
    if missing:
        message = "the Spark parity check needs " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def write_contract_breakers(raw: Path) -> None:
    """One bad row per dataset in a late file of the first day: the quarantine models get rows."""
    day = LAUNCH_DATE.isoformat()
    noon = ts(f"{day} 12:00:00")
    write_day(raw, "session_ends", day, [(9_000_000_001, 1, noon, "DE", -5, 0, 0)], file_name="broken-0.parquet")
    write_day(raw, "purchases", day, [(9_000_000_001, 1, noon, "no_such_sku", 1.99)], file_name="broken-0.parquet")
    write_day(raw, "heartbeats", day, [(9_000_000_001, 1, 1, noon, 5000.0, 10.0, 10.0)], file_name="broken-0.parquet")


def build_and_read(root: Path, project: Path, gateway: str, env: dict[str, str]) -> dict[str, Table]:
    """Build prod on `gateway` with the sqlmesh CLI, then read every model back."""
    plan = warehouse.sqlmesh_command(
        "--gateway", gateway, "plan", "prod", "--auto-apply", "--no-prompts",
        "--skip-tests",  # the YAML tests run in tests/test_sqlmesh_unit_tests.py
        "--execution-time", EXECUTION_TIME,
    )
    result = subprocess.run(plan, cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{gateway} build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    out = root / f"{gateway}.pickle"
    read = [sys.executable, str(Path(__file__).with_name("spark_helpers.py")), str(project), gateway, str(out)]
    result = subprocess.run(read, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"reading {gateway} failed:\n{result.stderr[-4000:]}"
    return pickle.loads(out.read_bytes())


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, dict[str, Table]]:
    require_spark()
    root = tmp_path_factory.mktemp("spark_parity")
    raw, project = root / "raw", copy_project(root / "project")
    generate(raw, players=PLAYERS, start=LAUNCH_DATE, days=DAYS, seed=SEED, faults=FAULTS)
    write_contract_breakers(raw)
    (root / "spark").mkdir()  # DuckDB cannot create the state file in a missing folder
    env = Scratch(root, raw=raw, project=project)
    envs = {"duckdb": env, "spark": {**env, "SPRINT_SPARK": "1", "SPRINT_SPARK_DIR": str(root / "spark")}}
    # Side by side: the DuckDB build is done while Spark still starts its JVM.
    with ThreadPoolExecutor(len(GATEWAYS)) as pool:
        built = {gateway: pool.submit(build_and_read, root, project, gateway, envs[gateway]) for gateway in GATEWAYS}
        return {gateway: future.result() for gateway, future in built.items()}


@pytest.mark.slow
@pytest.mark.spark
def test_every_model_is_built_and_compared(tables):
    for gateway in GATEWAYS:
        assert sorted(tables[gateway]) == MODELS, gateway
    empty = [name for name, (_, _, rows) in tables["duckdb"].items() if not rows]
    assert not empty, f"models without rows compare nothing: {empty}"


@pytest.mark.slow
@pytest.mark.spark
@pytest.mark.parametrize("model", MODELS)
def test_model_agrees(tables, model):
    duckdb_table, spark_table = tables["duckdb"][model], tables["spark"][model]
    assert spark_table[:2] == duckdb_table[:2], "columns or grain differ"
    differences = compare(duckdb_table, spark_table)
    assert not differences, f"{model}: {len(differences)} rows differ (DuckDB | Spark):\n" + "\n".join(
        f"  {a}\n  {b}\n" for a, b in differences[:SHOWN_DIFFERENCES]
    )


def compare(duckdb_table: Table, spark_table: Table) -> list[tuple[tuple | None, tuple | None]]:
    """The row pairs that differ, after sorting both sides the same way; a missing row pairs with None."""
    columns, grain_names, _ = duckdb_table
    grain = [columns.index(name) for name in grain_names]

    def order(row: tuple) -> tuple:
        return tuple(sort_value(row[i]) for i in [*grain, *range(len(row))])

    left, right = sorted(duckdb_table[2], key=order), sorted(spark_table[2], key=order)
    differences = [(a, b) for a, b in zip(left, right) if not all(map(same_value, a, b))]
    differences += [(a, None) for a in left[len(right):]] + [(None, b) for b in right[len(left):]]
    return differences


def sort_value(value: t.Any) -> tuple:
    # NULLs first; values of one column share a type, so the rest compares as is.
    return (0, 0) if value is None else (1, value)


def same_value(a: t.Any, b: t.Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return math.isclose(a, b, rel_tol=FLOAT_TOLERANCE, abs_tol=FLOAT_TOLERANCE) or (math.isnan(a) and math.isnan(b))
    return a == b


def test_compare_finds_every_kind_of_difference():
    columns, grain = ["day", "value"], ["day"]
    day = LAUNCH_DATE
    table = (columns, grain, [(day, 1.0), (day + dt.timedelta(days=1), None)])

    def differing(rows: list[tuple]) -> int:
        return len(compare(table, (columns, grain, rows)))

    assert differing([(day + dt.timedelta(days=1), None), (day, 1.0 + 1e-12)]) == 0  # order, float noise
    assert differing([(day, 1.001), (day + dt.timedelta(days=1), None)]) == 1  # a value
    assert differing([(day, 1), (day + dt.timedelta(days=1), None)]) == 1  # a type
    assert differing([(day, 1.0), (day + dt.timedelta(days=1), 0.0)]) == 1  # NULL against a value
    assert differing([(day, 1.0)]) == 1  # a missing row
