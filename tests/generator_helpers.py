"""Shared helpers for the generator tests: one small dataset, and readers for it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from generator import FaultConfig, generate
from sprint.project import DATASETS, LAUNCH_DATE

SMALL = dict(players=3000, start=LAUNCH_DATE, days=4, seed=7)


def run(out: Path, faults: FaultConfig | None = None, **overrides) -> Path:
    generate(out=out, faults=faults, **{**SMALL, **overrides})
    return out


@pytest.fixture(scope="session")
def small_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SMALL generated once per test session (read-only for the tests that use it)."""
    return run(tmp_path_factory.mktemp("raw"))


def read(root: Path, dataset: str) -> pd.DataFrame:
    """Every row of a dataset, with its partition date and file name."""
    frames = []
    for path in sorted((root / dataset).glob("event_date=*/*.parquet")):
        frame = pq.read_table(path).to_pandas()
        frame["event_date"] = dt.date.fromisoformat(path.parent.name.removeprefix("event_date="))
        frame["file"] = path.name
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def files(root: Path) -> dict[str, pa.Table]:
    """Relative path -> content of every Parquet file under `root`."""
    return {str(p.relative_to(root)): pq.read_table(p) for p in sorted(root.rglob("*.parquet"))}


def day_folders(root: Path) -> list[Path]:
    return sorted(p for dataset in DATASETS for p in (root / dataset).glob("event_date=*"))
