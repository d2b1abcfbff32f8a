"""Merging a day's collector files into one just before the day closes.

The flusher writes a file per dataset and day every few seconds: tens of thousands a day
under steady load, each a glob entry and a footer for the warehouse to read. Until the
day has its `_SUCCESS` no model reads it, so its files can be merged then without any
reader seeing both the parts and the whole: `collector-day.parquet` is written (whole,
renamed) and the parts it holds are deleted. Files that arrive after the close are late
files (SPEC §1) and stay as they are.

The merged file names its parts in its Parquet metadata. A crash after its rename and before
every part is deleted would leave rows twice, so before a day is closed, and at start,
parts that a merged file names are deleted first.
"""

from __future__ import annotations

import logging
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from sprint.collector.files import sync_folder, write_whole
from sprint.collector.parquet import write_options

MERGED = "collector-day.parquet"
PART_GLOB = "collector-*.parquet"  # every collector file of a day folder, MERGED included
_PARTS_KEY = b"sprint.collector.parts"
ROW_GROUP_ROWS = 1_000_000  # the generator's row group size
log = logging.getLogger("sprint.collector")


def part_name(segment: str) -> str:
    """The file a spool segment's events of one dataset and day land in."""
    return f"collector-{segment}.parquet"


def compact(folder: Path, dataset: str) -> None:
    """Merge the collector files of `folder`, a day folder of `dataset`, into MERGED."""
    finish(folder)
    parts = sorted(p for p in folder.glob(PART_GLOB) if p.name != MERGED)
    sources = [folder / MERGED] * (folder / MERGED).exists() + parts
    if len(sources) < 2:
        return
    schema = pq.read_schema(sources[0])
    if any(pq.read_schema(source) != schema for source in sources[1:]):
        log.warning("%s: files of different schemas, left unmerged", folder)
        return
    metadata = {_PARTS_KEY: orjson.dumps([p.name for p in parts])}
    options = write_options(dataset, schema)

    def write(path: Path) -> None:
        with pq.ParquetWriter(str(path), schema.with_metadata(metadata), **options) as out:
            pending: list[pa.RecordBatch] = []  # re-cut into row groups of ROW_GROUP_ROWS
            for source in sources:  # streamed: a merged file from before a crash may hold a whole day
                for batch in pq.ParquetFile(source).iter_batches(batch_size=ROW_GROUP_ROWS):
                    pending.append(batch)
                    if sum(b.num_rows for b in pending) >= ROW_GROUP_ROWS:
                        out.write_table(pa.Table.from_batches(pending, schema), row_group_size=ROW_GROUP_ROWS)
                        pending = []
            if pending:
                out.write_table(pa.Table.from_batches(pending, schema), row_group_size=ROW_GROUP_ROWS)

    write_whole(folder / MERGED, write)
    finish(folder)


def finish(folder: Path) -> None:
    """Delete the parts that the merged file of `folder` already holds (after a crash)."""
    merged = folder / MERGED
    if not merged.exists():
        return
    parts = orjson.loads((pq.read_schema(merged).metadata or {}).get(_PARTS_KEY, b"[]"))
    leftovers = [folder / name for name in parts if (folder / name).exists()]
    for part in leftovers:
        part.unlink()
    if leftovers:
        sync_folder(folder)
