"""The simulator's days as game clients send them: SPEC §5 events read from SPEC §1 files.

Day by day, each dataset's files in name order, cut into batches; timestamps are written as
ISO 8601 with Z, ids and values as the files hold them. `sprint generate --send` replays
what it generated; the tests and the benchmark use the same events.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from generator.contract import DATASET_NAMES
from sprint.collector.events import EVENT_TYPES, TYPE_FIELD

_TYPE_OF = {dataset: name for name, dataset in EVENT_TYPES.items()}


def day_batches(raw_root: Path, size: int = 500) -> Iterator[list[dict]]:
    """Every event under `raw_root`, day by day, in batches of at most `size`."""
    days = sorted({folder.name for dataset in DATASET_NAMES for folder in (raw_root / dataset).glob("event_date=*")})
    for day in days:
        for dataset in DATASET_NAMES:
            for path in sorted((raw_root / dataset / day).glob("*.parquet")):
                for batch in pq.ParquetFile(path).iter_batches(batch_size=size):
                    yield events(dataset, batch)


def events(dataset: str, batch: pa.RecordBatch) -> list[dict]:
    """The rows of `batch` (of `dataset`) as event objects."""
    names = [TYPE_FIELD, *batch.schema.names]
    columns = [[_TYPE_OF[dataset]] * batch.num_rows]
    for column in batch.columns:
        if pa.types.is_timestamp(column.type):
            column = pc.strftime(column, format="%Y-%m-%dT%H:%M:%SZ")  # %S keeps the microseconds
        columns.append(column.to_pylist())
    return [dict(zip(names, row)) for row in zip(*columns)]
