"""The rows of one UTC date of each raw dataset, as Arrow tables in the contract's schemas."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import pyarrow as pa

from generator import calendar, contract
from generator.catalogue import PRICES, SKUS
from generator.heartbeats import heartbeat_chunks
from generator.ids import with_string_ids
from generator.population import COUNTRY_CODES
from generator.purchases import Purchases
from generator.sessions import DaySessions
from generator.writer import encoding_options

SCHEMAS: dict[str, pa.Schema] = {name: contract.arrow_schema(name) for name in contract.DATASET_NAMES}
# Heartbeats are ordered by session, not time: their delta-packed timestamps are as small as
# zstd gets them (3.9 bytes a row either way), and skipping zstd there saves a third of the
# column's write time. Time-ordered session_ends do shrink further with zstd.
UNCOMPRESSED = {"heartbeats": ("event_ts",)}
_COUNTRIES, _SKUS = pa.array(COUNTRY_CODES), pa.array(SKUS)  # strings by index with Arrow's take


def write_options(dataset: str) -> dict:
    """ParquetWriter keyword arguments for `dataset`'s files."""
    return encoding_options(SCHEMAS[dataset], UNCOMPRESSED.get(dataset, ()))


def as_written(
    dataset: str, tables: Iterable[pa.Table], string_ids: bool
) -> tuple[pa.Schema, dict, Iterable[pa.Table]]:
    """The schema, writer options and tables of `dataset`'s files: with `string_ids`, its ids
    as the strings a game's backend would send (generator/ids.py), else as simulated."""
    if not string_ids:
        return SCHEMAS[dataset], write_options(dataset), tables
    schema = contract.arrow_schema(dataset, string_ids=True)
    id_columns = contract.DATASETS[dataset].id_columns
    return (
        schema,
        encoding_options(schema, UNCOMPRESSED.get(dataset, ())),
        (with_string_ids(table, id_columns) for table in tables),
    )


def table(dataset: str, columns: dict[str, np.ndarray | pa.Array]) -> pa.Table:
    """Arrow table of `dataset` from numpy columns (timestamps as int64 epoch microseconds)."""
    schema = SCHEMAS[dataset]
    return pa.Table.from_arrays([_column(columns[f.name], f.type) for f in schema], schema=schema)


def _column(values: np.ndarray | pa.Array, type_: pa.DataType) -> pa.Array:
    if isinstance(values, pa.Array):
        return values
    if pa.types.is_timestamp(type_):  # zero-copy: converting int64 to timestamp costs ~150 ns/row
        return pa.array(values, type=pa.int64()).view(type_)
    return pa.array(values, type=type_)


def _on_day(ts_s: np.ndarray, day: int) -> np.ndarray:
    start = calendar.day_start_s(day)
    return (ts_s >= start) & (ts_s < start + calendar.DAY_S)


def session_ends(sessions: DaySessions, day: int) -> pa.Table:
    """Player-sessions that ended on UTC `day`, ordered by end time."""
    rows = np.flatnonzero(_on_day(sessions.end_s, day))
    rows = rows[np.argsort(sessions.end_s[rows], kind="stable")]
    end_s = sessions.end_s[rows]
    return table(
        "session_ends",
        {
            "session_id": sessions.session_id[rows],
            "player_id": sessions.player_id[rows],
            "event_ts": end_s * 1_000_000,
            "country": _COUNTRIES.take(sessions.country[rows]),
            "event_length_s": (end_s - sessions.start_s[rows]).astype(np.int32),
            "kills": sessions.kills[rows],
            "deaths": sessions.deaths[rows],
        },
    )


def purchases(bought: Purchases, day: int) -> pa.Table:
    """Purchases made on UTC `day`, ordered by time."""
    rows = np.flatnonzero(_on_day(bought.ts_us // 1_000_000, day))
    rows = rows[np.argsort(bought.ts_us[rows], kind="stable")]
    product = bought.product[rows]
    return table(
        "purchases",
        {
            "purchase_id": bought.purchase_id[rows],
            "player_id": bought.player_id[rows],
            "event_ts": bought.ts_us[rows],
            "item_sku": _SKUS.take(product),
            "price_usd": PRICES[product],
        },
    )


def heartbeats(sessions: DaySessions, day: int, seed: int, chunk_rows: int) -> Iterator[pa.Table]:
    for columns in heartbeat_chunks(sessions, day, seed, chunk_rows):
        yield table("heartbeats", columns)
