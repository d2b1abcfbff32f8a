"""Tiny hand-made raw days for warehouse tests, written exactly as the generator writes them.

Each helper takes rows as tuples in the dataset's column order (docs/ARCHITECTURE.md,
"Raw data"), writes one Parquet file into <root>/<dataset>/event_date=<day>/ and, unless
told otherwise, the day's `_SUCCESS` marker last.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from generator.datasets import SCHEMAS  # the raw contract as the generator writes it
from scratch import REPO


def ts(text: str) -> dt.datetime:
    """'2026-09-07 23:59:30' as an aware UTC datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)


def write_day(
    root: Path,
    dataset: str,
    day: str,
    rows: list[tuple],
    *,
    file_name: str = "part-0.parquet",
    success: bool = True,
) -> Path:
    """Write one Parquet file of `rows` for `day`; then the `_SUCCESS` marker unless `success` is False."""
    folder = Path(root) / dataset / f"event_date={day}"
    folder.mkdir(parents=True, exist_ok=True)
    schema = SCHEMAS[dataset]
    columns = list(zip(*rows)) if rows else [[] for _ in schema]
    table = pa.table([pa.array(values, type=field.type) for values, field in zip(columns, schema)], schema=schema)
    path = folder / file_name
    pq.write_table(table, path.with_suffix(".tmp"))
    path.with_suffix(".tmp").rename(path)  # a file appears whole or not at all (SPEC §1)
    if success:
        (folder / "_SUCCESS").touch()
    return path


def copy_project(destination: Path) -> Path:
    """A copy of the SQLMesh project (config, models, macros, signals, audits, seeds, YAML tests) to change freely."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("config.yaml", "models", "macros", "signals", "audits", "seeds", "tests/models"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination
