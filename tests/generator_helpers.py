"""Shared helpers for the generator tests: one small dataset (conftest.small_raw), and readers for it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from generator import FaultConfig, generate
from generator.calendar import LAUNCH_DATE
from generator.contract import DATASET_NAMES as DATASETS

SMALL = dict(players=3000, start=LAUNCH_DATE, days=4, seed=7)


def run(out: Path, faults: FaultConfig | None = None, **overrides) -> Path:
    generate(out=out, faults=faults, **{**SMALL, **overrides})
    return out


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
