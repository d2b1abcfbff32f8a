"""Shared set-up for the fault-injection suite (tests/test_reliability_*.py, docs/RELIABILITY.md).

Every scenario runs the real `sprint` / `sqlmesh` CLIs as subprocesses on the real project,
with the raw root, the warehouse, SQLMesh's cache and its logs in a temporary folder.

Planning prod costs more than a run, so it happens once: a template warehouse is planned
over an empty raw root, and each scenario starts from a copy of it. The raw root's path is
part of the raw views' fingerprint (a copy run against another root would silently keep
reading the old one), so every scenario lands its files in the same folder, `Suite.raw`,
emptied when the next scenario starts. Tests run one at a time (no pytest-xdist), so
scenarios never share it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from generator import FaultConfig, generate
from sprint.project import DATASETS, LAUNCH_DATE, PROJECT_ROOT

BIN = Path(sys.executable).parent
PLAYERS, SEED, DAYS = 1500, 5, 5  # a few hundred sessions a day: seconds per run
# Faults for delivery scenarios: late files arrive with the next day (SPEC §1).
FAULTS = FaultConfig(duplicate_rate=0.05, late_rate=0.1, late_delay_days=1)
# Models whose rows depend on how the data was delivered, not on what it says.
DELIVERY_MODELS = ("staging.load_counts", "staging.quarantine_session_ends",
                   "staging.quarantine_purchases", "staging.quarantine_heartbeats")


def day(n: int) -> dt.date:
    """The n-th day of the generated range (0 = launch day)."""
    return LAUNCH_DATE + dt.timedelta(days=n)


def day_folder(root: Path, dataset: str, n: int) -> Path:
    return root / dataset / f"event_date={day(n).isoformat()}"


def land(source: Path, raw: Path, n: int, pattern: str = "*.parquet") -> None:
    """Copy day n's files matching `pattern` from a generated `source` into `raw`, `_SUCCESS` last."""
    for dataset in DATASETS:
        target = day_folder(raw, dataset, n)
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(day_folder(source, dataset, n).glob(pattern)):
            shutil.copy2(path, target / f".{path.name}.tmp")  # whole or not at all, as SPEC §1 asks
            os.replace(target / f".{path.name}.tmp", target / path.name)
    for dataset in DATASETS:
        (day_folder(raw, dataset, n) / "_SUCCESS").touch()


class Warehouse:
    """One warehouse file, driven by the real CLIs against the suite's raw root."""

    def __init__(self, file: Path, raw: Path, work: Path, cache: Path):
        self.file, self.work = file, work
        self.env = {**os.environ, "SPRINT_RAW_ROOT": str(raw), "SPRINT_WAREHOUSE": str(file),
                    "SQLMESH__CACHE_DIR": str(cache)}

    def cli(self, program: str, *args: str) -> subprocess.CompletedProcess:
        # cwd: sqlmesh writes its logs/ folder into the current directory, never into the repo.
        return subprocess.run([str(BIN / program), *args], env=self.env, cwd=self.work, capture_output=True, text=True)

    def sqlmesh(self, *args: str) -> subprocess.CompletedProcess:
        """The sqlmesh CLI on the real project, which must succeed."""
        result = self.cli("sqlmesh", "--paths", str(PROJECT_ROOT), *args)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result

    def run(self) -> subprocess.CompletedProcess:
        """`sprint run`, which must succeed."""
        result = self.cli("sprint", "run")
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result

    def connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        con.execute(f"ATTACH '{self.file}' AS sprint (READ_ONLY)")  # the catalog SQLMesh's views name
        con.execute("USE sprint")
        return con

    def query(self, sql: str, *params) -> list[tuple]:
        con = self.connect()
        try:
            return con.execute(sql, list(params)).fetchall()
        finally:
            con.close()

    def recorded_days(self, model: str) -> set[dt.date]:
        """The days SQLMesh's state records as done for `model` in prod."""
        schema, name = model.split(".")
        rows = self.query(
            "SELECT start_ts, end_ts FROM sqlmesh._intervals WHERE name = ? AND NOT is_dev AND NOT is_removed",
            f'"sprint"."{schema}"."{name}"',
        )
        done = set()
        for start, end in rows:
            for ms in range(start, end, 86_400_000):
                done.add(dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).date())
        return done

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every materialised model of the warehouse as a sorted frame (views over raw files left out)."""
        con = self.connect()
        try:
            physical = {name for (name,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'sprint'").fetchall()}
            models = sorted(
                f"{schema}.{name}"
                for schema, name in con.execute(
                    "SELECT table_schema, table_name FROM information_schema.tables "
                    "WHERE table_catalog = 'sprint' AND table_schema IN ('staging', 'core', 'marts')"
                ).fetchall()
                if any(table.startswith(f"{schema}__{name}__") for table in physical)
            )
            return {model: _sorted(con.execute(f"SELECT * FROM {model}").df()) for model in models}
        finally:
            con.close()


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def rows_on(frame: pd.DataFrame, column: str, days: set[dt.date]) -> pd.DataFrame:
    """A model's rows whose `column` falls on one of `days`."""
    return frame[pd.to_datetime(frame[column]).dt.date.isin(days)].reset_index(drop=True)


def content(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """What the rows say, not how they were delivered: without duplicate and load bookkeeping."""
    return {model: _sorted(frame.drop(columns="duplicates", errors="ignore"))
            for model, frame in tables.items() if model not in DELIVERY_MODELS}


def assert_same_tables(actual: dict[str, pd.DataFrame], expected: dict[str, pd.DataFrame]) -> None:
    """Same models, same rows (floats to 1e-9: sums may add up in another order)."""
    assert sorted(actual) == sorted(expected)
    assert {m: len(f) for m, f in actual.items()} == {m: len(f) for m, f in expected.items()}
    for model in expected:
        pd.testing.assert_frame_equal(actual[model], expected[model], check_exact=False, rtol=1e-9, obj=model)


@dataclass
class Suite:
    base: Path
    clean: Path  # DAYS generated days, no faults
    faulted: Path  # DAYS + 1 generated days with FAULTS: the extra day delivers the last late file
    _clean_tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def raw(self) -> Path:
        return self.base / "raw"

    def warehouse(self, name: str) -> Warehouse:
        """A scenario's warehouse, copied from the template, over an emptied raw root."""
        shutil.rmtree(self.raw, ignore_errors=True)
        self.raw.mkdir()
        work = self.base / name
        work.mkdir()
        shutil.copy2(self.base / "template.duckdb", work / "sprint.duckdb")
        return Warehouse(work / "sprint.duckdb", self.raw, work, self.base / "cache")

    def clean_tables(self) -> dict[str, pd.DataFrame]:
        """What every faulty delivery must end as: DAYS clean days processed by one `sprint run`."""
        if not self._clean_tables:
            wh = self.warehouse("clean")
            for n in range(DAYS):
                land(self.clean, self.raw, n)
            wh.run()
            self._clean_tables.update(wh.tables())
        return self._clean_tables


_SUITES: dict[Path, Suite] = {}


def _build(base: Path) -> Suite:
    suite = Suite(base, base / "src-clean", base / "src-faulted")
    generate(suite.clean, players=PLAYERS, start=LAUNCH_DATE, days=DAYS, seed=SEED)
    generate(suite.faulted, players=PLAYERS, start=LAUNCH_DATE, days=DAYS + 1, seed=SEED, faults=FAULTS)
    suite.raw.mkdir()
    template = Warehouse(base / "template.duckdb", suite.raw, base, base / "cache")
    template.sqlmesh("plan", "prod", "--auto-apply", "--no-prompts", "--skip-tests", "--skip-linter")
    return suite


@pytest.fixture(scope="session")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Suite:
    # Memoised by hand: each test module imports this fixture, and pytest would build one per module.
    key = tmp_path_factory.getbasetemp()
    if key not in _SUITES:
        _SUITES[key] = _build(tmp_path_factory.mktemp("reliability"))
    return _SUITES[key]
