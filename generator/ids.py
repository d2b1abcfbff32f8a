"""Ids written as strings, as many real games send them (`generate(..., string_ids=True)`).

The simulation numbers everything; with string ids the writer turns each id, one to one,
into what a game's backend would send instead: a UUID for a match, an account name for a
player, an order number for a purchase, a colour for a team. `as_string` is that mapping,
so a test can compare a string-id game with the same game's integer ids.
"""

from __future__ import annotations

import uuid

import numpy as np
import pyarrow as pa

TEAM_NAMES = ("red", "blue", "green", "gold", "purple", "orange")  # team_id 1, 2, ...
# A fixed namespace, so a match's UUID depends only on its number.
_MATCHES = uuid.UUID("6f1c0b6e-3d4a-5b2c-9e8f-7a6b5c4d3e2f")


def as_string(column: str, value: int) -> str:
    """The string id that stands for integer `value` of id column `column`."""
    if column == "session_id":
        return str(uuid.uuid5(_MATCHES, str(value)))
    if column == "player_id":
        return f"player-{value}"
    if column == "purchase_id":
        return f"order-{value}"
    if column == "team_id":
        return TEAM_NAMES[value - 1]
    raise ValueError(f"{column} is not an id column")


def with_string_ids(table: pa.Table, id_columns: list[str]) -> pa.Table:
    """`table` with its id columns as strings (each distinct id is converted once)."""
    for column in id_columns:
        values = table.column(column).to_numpy()
        distinct, positions = np.unique(values, return_inverse=True)
        strings = pa.array([as_string(column, int(value)) for value in distinct], type=pa.string())
        table = table.set_column(table.schema.get_field_index(column), column, strings.take(pa.array(positions)))
    return table
