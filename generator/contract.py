"""The raw data contract (docs/CONTRACT.md), written once: datasets, columns, types, keys.

Everything that writes or reads raw files derives from this module:

- the generator writes `arrow_schema(dataset)`;
- the landing checks (sprint/landing.py) and the collector (sprint/collector) accept a
  file or an event when every column's value is of its `Kind`;
- the raw views' macro (macros/raw_files.py) reads each column as `Kind.sql_type`;
- tests compare the rendered raw views and the generated files with it.

Ids are integers or strings, decided by the data and fixed per dataset and column by the
dataset's first file (sprint/landing.py refuses a file of the other kind). The warehouse
stores every id as text from staging on, so an integer id and its decimal string are the
same id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pyarrow as pa

SUCCESS_MARKER = "_SUCCESS"  # written last in a day folder: the day has landed
TICK_SECONDS = 30  # heartbeats fall into ticks of floor(unix seconds / 30)


@dataclass(frozen=True)
class Kind:
    """What one column may hold."""

    described: str  # how a message names it: "an integer or a string"
    accepts: Callable[[pa.DataType], bool]  # the Parquet (Arrow) types a file may use
    written_as: pa.DataType  # what the generator writes
    sql_type: str | None  # how the raw views read it; None: the file's own type (ids)


def _integer(bits: int) -> Callable[[pa.DataType], bool]:
    # Any integer that fits `bits` signed bits without loss (an unsigned one needs a spare bit).
    def accepts(kind: pa.DataType) -> bool:
        return pa.types.is_integer(kind) and kind.bit_width <= (bits if pa.types.is_signed_integer(kind) else bits - 1)

    return accepts


def is_text(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def is_integer_id(kind: pa.DataType) -> bool:
    return _integer(64)(kind)


ID = Kind("an integer or a string", lambda t: is_integer_id(t) or is_text(t), pa.int64(), None)
# Instants only: a timestamp without a zone would be read as UTC whatever the producer meant.
INSTANT = Kind(
    "a timestamp with a time zone", lambda t: pa.types.is_timestamp(t) and t.tz is not None,
    pa.timestamp("us", tz="UTC"), "TIMESTAMPTZ",
)
TEXT = Kind("a string", is_text, pa.string(), "TEXT")
COUNT = Kind("a 32-bit integer", _integer(32), pa.int32(), "INT")
POSITION = Kind("a floating-point number", pa.types.is_floating, pa.float32(), "REAL")
MONEY = Kind("a floating-point number", pa.types.is_floating, pa.float64(), "DOUBLE")


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    meaning: str
    written_as: pa.DataType | None = None  # when the generator writes another type than the kind's

    @property
    def arrow_type(self) -> pa.DataType:
        return self.written_as or self.kind.written_as


@dataclass(frozen=True)
class Dataset:
    name: str
    row: str  # what one row is
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]  # a repeated key is a duplicate delivery, counted once

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def id_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.kind is ID]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        Dataset(
            "session_ends",
            "one player leaving one session (match)",
            (
                Column("session_id", ID, "the match"),
                Column("player_id", ID, "the player who left"),
                Column("event_ts", INSTANT, "when the player left"),
                Column("country", TEXT, "ISO 3166-1 alpha-2 country the player played from"),
                Column("event_length_s", COUNT, "seconds the player spent in the session"),
                Column("kills", COUNT, "kills in the session"),
                Column("deaths", COUNT, "deaths in the session"),
            ),
            ("session_id", "player_id"),
        ),
        Dataset(
            "purchases",
            "one in-game purchase",
            (
                Column("purchase_id", ID, "unique purchase id"),
                Column("player_id", ID, "the buyer"),
                Column("event_ts", INSTANT, "when the purchase happened"),
                Column("item_sku", TEXT, "the product bought, a sku of seeds/products.csv"),
                Column("price_usd", MONEY, "price paid in USD"),
            ),
            ("purchase_id",),
        ),
        Dataset(
            "heartbeats",
            "one position report, every 30 s while a player is in a session",
            (
                Column("session_id", ID, "the match"),
                Column("player_id", ID, "the reporting player"),
                Column("team_id", ID, "the player's team within the session", pa.int32()),
                Column("event_ts", INSTANT, "when the position was reported"),
                Column("position_x", POSITION, "map x, units"),
                Column("position_y", POSITION, "map y, units"),
                Column("position_z", POSITION, "map z (height), units"),
            ),
            ("session_id", "player_id", "event_ts"),
        ),
    )
}
DATASET_NAMES = tuple(DATASETS)


def arrow_schema(dataset: str, string_ids: bool = False) -> pa.Schema:
    """The Arrow schema the generator writes `dataset` with (ids as int64, or as strings)."""
    return pa.schema(
        (c.name, pa.string() if string_ids and c.kind is ID else c.arrow_type) for c in DATASETS[dataset].columns
    )


def file_problems(dataset: str, schema: pa.Schema, id_kinds: dict[str, bool] | None = None) -> list[str]:
    """Why a file of `dataset` with `schema` breaks the contract (empty when it does not).

    `id_kinds` maps id columns to whether the dataset's ids are integers (True) or strings
    (False), as fixed by its first file; a file of the other kind is refused.
    """
    problems = []
    for column in DATASETS[dataset].columns:
        index = schema.get_field_index(column.name)
        if index < 0:
            problems.append(f"column {column.name} is missing")
            continue
        kind = schema.field(index).type
        if not column.kind.accepts(kind):
            problems.append(f"column {column.name} is {kind}, not {column.kind.described}")
        elif column.kind is ID and id_kinds and column.name in id_kinds and is_integer_id(kind) != id_kinds[column.name]:
            expected = "integers" if id_kinds[column.name] else "strings"
            problems.append(f"column {column.name} is {kind}, but this dataset's {column.name}s are {expected}")
    return problems
