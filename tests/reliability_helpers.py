"""Shared set-up for the fault-injection suite (tests/test_reliability_*.py, docs/RELIABILITY.md).

Every scenario runs the real `sprint` / `sqlmesh` CLIs as subprocesses on the real project
(tests/scratch.py), with the raw root, the warehouse and SQLMesh's cache in a temporary folder.

Planning prod costs more than a run, so it happens once: a template warehouse is planned
over an empty raw root, and each scenario starts from a copy of it. The raw root's path is
part of the raw views' fingerprint (a copy run against another root would silently keep
reading the old one), so every scenario lands its files in the same folder, `Suite.raw`,
emptied when the next scenario starts. Tests run one at a time (no pytest-xdist), so
scenarios never share it. conftest.py builds the suite once per test session.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from generator import FaultConfig, generate
from generator.calendar import LAUNCH_DATE
from generator.contract import DATASET_NAMES as DATASETS
from scratch import Scratch, sort_frame

PLAYERS, SEED, DAYS = 1500, 5, 5  # a few hundred sessions a day: seconds per run
# Faults for delivery scenarios: late files arrive with the next day (SPEC §1).
FAULTS = FaultConfig(duplicate_rate=0.05, late_rate=0.1, late_delay_days=1)
# Models whose rows depend on how the data was delivered, not on what it says.
DELIVERY_MODELS = ("staging.load_counts", "staging.quarantine", "staging.superseded_heartbeats")


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


def replace_file(path: Path, data: bytes) -> None:
    """Deliver `data` as `path`, whole or not at all (SPEC §1): written aside, then renamed over it."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def deliver_table(path: Path, table: pa.Table) -> None:
    """Deliver `table` as the Parquet file `path`, whole or not at all."""
    buffer = pa.BufferOutputStream()
    pq.write_table(table, buffer)
    replace_file(path, buffer.getvalue().to_pybytes())


def truncate(path: Path) -> None:
    """The first half of the file, as an interrupted copy leaves it: no footer."""
    replace_file(path, path.read_bytes()[: path.stat().st_size // 2])


def corrupt_pages(path: Path) -> None:
    """64 zero bytes in the middle of the first column's compressed pages, as a bad disk leaves
    them: the footer still reads, the pages do not decompress."""
    chunk = pq.read_metadata(path).row_group(0).column(0)
    data = bytearray(path.read_bytes())
    middle = chunk.data_page_offset + chunk.total_compressed_size // 2
    data[middle:middle + 64] = bytes(64)
    replace_file(path, bytes(data))


def rows_on(frame: pd.DataFrame, column: str, days: set[dt.date]) -> pd.DataFrame:
    """A model's rows whose `column` falls on one of `days`."""
    return frame[pd.to_datetime(frame[column]).dt.date.isin(days)].reset_index(drop=True)


def content(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """What the rows say, not how they were delivered: without duplicate and load bookkeeping."""
    return {model: sort_frame(frame.drop(columns="duplicates", errors="ignore"))
            for model, frame in tables.items() if model not in DELIVERY_MODELS}


def assert_same_tables(actual: dict[str, pd.DataFrame], expected: dict[str, pd.DataFrame]) -> None:
    """Same models, same rows (floats to 1e-9: sums may add up in another order)."""
    assert sorted(actual) == sorted(expected)
    differ = {m: (len(actual[m]), len(f)) for m, f in expected.items() if len(actual[m]) != len(f)}
    assert not differ, f"rows (actual, expected): {differ}"
    for model in expected:
        pd.testing.assert_frame_equal(actual[model], expected[model], check_exact=False, rtol=1e-9, obj=model)


@dataclass
class Suite:
    base: Path
    clean: Path  # DAYS generated days, no faults
    faulted: Path  # DAYS + 1 generated days with FAULTS: the extra day delivers the last late file
    _clean_tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @classmethod
    def build(cls, base: Path) -> Suite:
        """Generate the sources and plan the template warehouse over the (empty) raw root."""
        suite = cls(base, base / "src-clean", base / "src-faulted")
        generate(suite.clean, players=PLAYERS, start=LAUNCH_DATE, days=DAYS, seed=SEED)
        generate(suite.faulted, players=PLAYERS, start=LAUNCH_DATE, days=DAYS + 1, seed=SEED, faults=FAULTS)
        suite.raw.mkdir()
        Scratch(base / "template", raw=suite.raw, cache=base / "cache").plan("--skip-linter")
        return suite

    @property
    def raw(self) -> Path:
        return self.base / "raw"

    def warehouse(self, name: str) -> Scratch:
        """A scenario's warehouse, copied from the template, over an emptied raw root."""
        shutil.rmtree(self.raw, ignore_errors=True)
        self.raw.mkdir()
        scratch = Scratch(self.base / name, raw=self.raw, cache=self.base / "cache")
        shutil.copy2(self.base / "template" / "sprint.duckdb", scratch.file)
        return scratch

    def rebuilt(self, name: str) -> dict[str, pd.DataFrame]:
        """What the files now in `raw` say: a copy of the template processed by one `sprint run`."""
        scratch = Scratch(self.base / name, raw=self.raw, cache=self.base / "cache")
        shutil.copy2(self.base / "template" / "sprint.duckdb", scratch.file)
        scratch.run()
        return scratch.tables("staging.stg_heartbeats")

    def clean_tables(self) -> dict[str, pd.DataFrame]:
        """What every faulty delivery must end as: DAYS clean days processed by one `sprint run`."""
        if not self._clean_tables:
            wh = self.warehouse("clean")
            for n in range(DAYS):
                land(self.clean, self.raw, n)
            wh.run()
            self._clean_tables.update(wh.tables("staging.stg_heartbeats"))
        return self._clean_tables
