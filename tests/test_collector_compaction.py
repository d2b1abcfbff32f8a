"""A day's collector files merged into one before it closes (sprint/collector/compaction.py)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from generator.contract import DATASETS
from sprint.collector.compaction import MERGED, compact, finish, part_name
from sprint.collector.parquet import arrow_schema

KINDS = dict.fromkeys(DATASETS["purchases"].id_columns, True)


def write_part(folder, name: str, ids: range) -> None:
    schema = arrow_schema("purchases", KINDS)
    columns = {"purchase_id": list(ids), "player_id": list(ids), "event_ts": [0] * len(ids),
               "item_sku": ["cur_500"] * len(ids), "price_usd": [4.99] * len(ids)}
    pq.write_table(pa.table(columns, schema=schema), folder / name)


def test_parts_merge_into_one_file_and_a_later_merge_takes_the_merged_file_in(tmp_path):
    for n in range(3):
        write_part(tmp_path, part_name(f"segment-{n}"), range(n * 10, n * 10 + 10))
    write_part(tmp_path, "part-0000.parquet", range(100, 105))  # another producer's file stays as it is
    compact(tmp_path, "purchases")
    assert sorted(p.name for p in tmp_path.iterdir()) == [MERGED, "part-0000.parquet"]
    assert pq.read_table(tmp_path / MERGED)["purchase_id"].to_pylist() == list(range(30))
    write_part(tmp_path, part_name("segment-3"), range(30, 40))
    compact(tmp_path, "purchases")
    assert sorted(p.name for p in tmp_path.iterdir()) == [MERGED, "part-0000.parquet"]
    assert pq.read_table(tmp_path / MERGED)["purchase_id"].to_pylist() == list(range(40))
    assert pq.read_metadata(tmp_path / MERGED).schema.to_arrow_schema().remove_metadata() == arrow_schema(
        "purchases", KINDS)


def test_parts_a_crash_left_beside_their_merged_file_are_deleted(tmp_path):
    for n in range(2):
        write_part(tmp_path, part_name(f"segment-{n}"), range(n * 10, n * 10 + 10))
    compact(tmp_path, "purchases")
    write_part(tmp_path, part_name("segment-0"), range(0, 10))  # as if the merge died before deleting it
    write_part(tmp_path, part_name("segment-2"), range(20, 30))  # a newer part, not in the merged file
    finish(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [MERGED, part_name("segment-2")]
