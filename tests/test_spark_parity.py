"""The same models on DuckDB and on Apache Spark give the same tables (issues 8 and 13,
docs/SCALING.md), after each step of a warehouse's life: the first plan, the daily run of a
newly landed day, and the restatement `sprint run` makes when a late file lands.

A small generated game (duplicates, late files three days late, a few contract-breaking
rows) is built into prod on the default DuckDB gateway and on the `spark` gateway (local
Spark, SPRINT_SPARK=1), side by side, by one process per engine (tests/spark_helpers.py), so
Spark's JVM starts once for all three steps:

1. `plan` over the first 8 days (launch to the second Monday, so the weekly player state
   has a snapshot with rows);
2. `run` after day 8 lands, with a late file for day 5 (older than any lookback);
3. the restatement of that late file: the raw views of the datasets whose files changed,
   day 5 +/- 1, chosen by sprint/catchup.py as `sprint run` does, and everything
   downstream.

After each step every model is read back from both and compared row by row: same row
count, and per row the same values of the same Python type, floats to a relative 1e-9
(sums add up in another order). Rows are sorted by the model's grain, then by all columns.
All steps run with one execution time, so the calendar ends on the same day.

Needs pyspark (`pip install -e '.[spark]'`) and Java 17. Outside CI it is skipped without
them; in CI (CI=true) it fails instead, so the check cannot silently stop running.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
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
from generator.calendar import LAUNCH_DATE
from generator.contract import DATASET_NAMES
from scratch import REPO, Scratch
from spark_helpers import Table
from sprint import catchup, filerecord
from warehouse_fixtures import copy_project, ts, write_day

# ~130 active players a day: every model gets rows, Spark stays quick.
PLAYERS = 2_000
DAYS = 8  # launch (a Monday) to the next Monday: core.dim_player_state has a snapshot with rows
SEED = 11
# Late files arrive three days late: the one for day 5 lands with day 8, past every lookback.
FAULTS = FaultConfig(duplicate_rate=0.02, late_rate=0.05, late_delay_days=3)
# dim_date runs to the day before: fixed (not the wall clock) so both builds agree, and long
# enough for a month boundary and several ISO weeks.
EXECUTION_TIME = "2026-11-01"
GATEWAYS = ("duckdb", "spark")
STEPS = ("plan", "run", "restate")
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


class Engine:
    """One gateway's build process (tests/spark_helpers.py), driven step by step."""

    def __init__(self, gateway: str, project: Path, root: Path, env: dict[str, str]):
        self.gateway, self.out = gateway, root / "steps" / gateway
        self.out.mkdir(parents=True)
        helper = [sys.executable, str(Path(__file__).with_name("spark_helpers.py")), str(project), gateway,
                  EXECUTION_TIME, str(self.out)]
        self.log = (root / f"{gateway}.log").open("w")
        self.process = subprocess.Popen(helper, cwd=project, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.log, text=True)

    def send(self, **command: t.Any) -> t.Any:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            self.log.flush()
            tail = Path(self.log.name).read_text()[-4000:]
            raise AssertionError(f"{self.gateway}: {command['do']} failed:\n{tail}")
        return json.loads(answer)

    def step(self, **command: t.Any) -> dict[str, Table]:
        return pickle.loads(Path(self.send(**command)).read_bytes())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=300)
        self.log.close()


def files_given(raw: Path) -> dict:
    """What a run is given of each landed day (sprint run's record, sprint/catchup.py)."""
    return catchup.given(catchup.survey(raw, DATASET_NAMES, filerecord.Record()))


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, dict[str, dict[str, Table]]]:
    """{step: {gateway: {model: table}}}"""
    require_spark()
    root = tmp_path_factory.mktemp("spark_parity")
    raw, project = root / "raw", copy_project(root / "project")
    options = dict(players=PLAYERS, seed=SEED, faults=FAULTS)
    generate(raw, start=LAUNCH_DATE, days=DAYS, **options)
    write_contract_breakers(raw)
    env = Scratch(root, raw=raw, project=project)
    envs = {"duckdb": env, "spark": {**env, "SPRINT_SPARK": "1", "SPRINT_SPARK_DIR": str(root / "spark")}}
    engines = {gateway: Engine(gateway, project, root, envs[gateway]) for gateway in GATEWAYS}
    built: dict[str, dict[str, dict[str, Table]]] = {}
    try:
        with ThreadPoolExecutor(len(GATEWAYS)) as pool:

            def on_both(**command: t.Any) -> dict[str, dict[str, Table]]:
                # Side by side: DuckDB is done while Spark still works.
                futures = {gateway: pool.submit(engine.step, **command) for gateway, engine in engines.items()}
                return {gateway: future.result() for gateway, future in futures.items()}

            built["plan"] = on_both(do="plan")
            before = files_given(raw)
            generate(raw, start=LAUNCH_DATE + dt.timedelta(days=DAYS), days=1, **options)  # and day 5's late file
            built["run"] = on_both(do="run")
            # What `sprint run` restates: the days whose files changed since a run was given them.
            stale = catchup.stale_ranges(before, files_given(raw))
            assert stale, "the late file of day 5 is not seen as stale"
            spans = [span for ranges in stale.values() for span in ranges]
            built["restate"] = on_both(do="restate", models=[f"raw.{dataset}" for dataset in sorted(stale)],
                                       start=min(s for s, _ in spans).isoformat(), end=max(e for _, e in spans).isoformat())
    finally:
        for engine in engines.values():
            engine.close()
    return built


@pytest.mark.slow
@pytest.mark.spark
@pytest.mark.parametrize("step", STEPS)
def test_every_model_is_built_and_compared(tables, step):
    for gateway in GATEWAYS:
        assert sorted(tables[step][gateway]) == MODELS, gateway
    empty = [name for name, (_, _, rows) in tables[step]["duckdb"].items() if not rows]
    assert not empty, f"models without rows compare nothing: {empty}"


@pytest.mark.slow
@pytest.mark.spark
def test_each_step_changes_the_warehouse(tables):
    """The run adds a day and the restatement changes rows: each step compares something new."""
    for earlier, later in zip(STEPS, STEPS[1:]):
        changed = [model for model in MODELS
                   if tables[earlier]["duckdb"][model][2] != tables[later]["duckdb"][model][2]]
        assert "staging.stg_session_ends" in changed, (earlier, later)


@pytest.mark.slow
@pytest.mark.spark
@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("model", MODELS)
def test_model_agrees(tables, step, model):
    duckdb_table, spark_table = tables[step]["duckdb"][model], tables[step]["spark"][model]
    assert spark_table[:2] == duckdb_table[:2], "columns or grain differ"
    differences = compare(duckdb_table, spark_table)
    assert not differences, f"{model} after {step}: {len(differences)} rows differ (DuckDB | Spark):\n" + "\n".join(
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
