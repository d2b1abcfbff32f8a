"""The background writer keeps the order of a day's files and never leaves half a file."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from generator.contract import SUCCESS_MARKER
from generator.datasets import SCHEMAS
from generator.writer import BackgroundWriter, DayFolder

SCHEMA = SCHEMAS["purchases"]


def chunk(first: int, n: int) -> pa.Table:
    return pa.table(
        {
            "purchase_id": pa.array(range(first, first + n), pa.int64()),
            "player_id": pa.array([1] * n, pa.int64()),
            "event_ts": pa.array([0] * n, pa.int64()).view(SCHEMA.field("event_ts").type),
            "item_sku": pa.array(["x"] * n),
            "price_usd": pa.array([1.0] * n),
        },
        schema=SCHEMA,
    )


def test_files_are_whole_and_success_comes_last(tmp_path):
    folder = DayFolder(tmp_path, "purchases", dt.date(2026, 9, 7))
    with BackgroundWriter(backlog=1) as writer:
        writer.reset(folder)
        writer.write(folder, "part-0000.parquet", SCHEMA, (chunk(i * 10, 10) for i in range(5)), "purchases")
        writer.mark_landed(folder)
        writer.flush()
        assert folder.landed()
    file = pq.ParquetFile(folder.path / "part-0000.parquet")
    assert file.metadata.num_rows == 50 and file.metadata.num_row_groups == 5
    assert file.read().column("purchase_id").to_pylist() == list(range(50))
    assert [(f.label, f.rows) for f in writer.files] == [("purchases", 50)]
    assert sorted(p.name for p in folder.path.iterdir()) == [SUCCESS_MARKER, "part-0000.parquet"]


def test_an_error_while_producing_rows_removes_the_file_and_is_raised(tmp_path):
    folder = DayFolder(tmp_path, "purchases", dt.date(2026, 9, 7))

    def failing():
        yield chunk(0, 10)
        raise RuntimeError("simulation failed")

    with pytest.raises(RuntimeError, match="simulation failed"), BackgroundWriter() as writer:
        writer.reset(folder)
        writer.write(folder, "part-0000.parquet", SCHEMA, failing(), "purchases")
        writer.mark_landed(folder)
    assert list(folder.path.iterdir()) == []


def test_an_error_while_writing_is_raised_in_the_caller_and_nothing_lands(tmp_path):
    folder = DayFolder(tmp_path, "purchases", dt.date(2026, 9, 7))
    wrong = pa.table({"other": [1, 2, 3]})
    with pytest.raises(ValueError), BackgroundWriter(backlog=1) as writer:
        writer.reset(folder)
        writer.write(folder, "part-0000.parquet", SCHEMA, [chunk(0, 10), wrong] + [chunk(0, 10)] * 5, "purchases")
        writer.mark_landed(folder)
    assert list(folder.path.iterdir()) == []
