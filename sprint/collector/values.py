"""How each column of the raw contract is written in JSON, and the checks of one value or one column.

How a column is written follows from the Arrow type generator/contract.py writes it as:

- ids: an integer or a string, in the dataset's kind (idkinds.py): for an integer column,
  an integer or its exact decimal string; for a string column, a non-empty string or an
  integer (written as its decimal string);
- timestamps: an ISO 8601 instant with an offset or Z, kept as UTC microseconds;
- strings: a string; integers: an integer that fits the column's width;
- floating-point columns: a number (a float32 column's must fit a float32).

`converter` checks one value and says why it is wrong; `column_check` checks a column of
values of the usual JSON type at once and hands any doubt back to the converters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import orjson
import pyarrow as pa

from generator.contract import ID, Column

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_MICROSECOND = dt.timedelta(microseconds=1)
_FLOAT32_MAX = float(np.finfo(np.float32).max)


class Rejected(ValueError):
    """Why one event breaks the contract (a one-line reason naming the field)."""


def converter(column: Column, integer_id: bool | None) -> Callable:
    """The function that checks one JSON value of `column` and returns what is written."""
    name, kind = column.name, column.arrow_type
    if column.kind is ID:
        return _integer_id(name, kind.bit_width) if integer_id else _text_id(name)
    if pa.types.is_timestamp(kind):
        return _instant(name)
    if pa.types.is_string(kind):
        return _text(name)
    if pa.types.is_integer(kind):
        return _integer(name, kind.bit_width)
    if pa.types.is_floating(kind):
        return _number(name, _FLOAT32_MAX if kind == pa.float32() else None)
    raise TypeError(f"the collector does not know how JSON writes {name}'s type {kind}")


def column_check(column: Column, integer_id: bool | None) -> tuple[type, Callable]:
    """The usual JSON type of `column`'s values and the check of a whole column of them: it
    returns the converted column, or None when a value must be checked one by one."""
    kind = column.arrow_type
    if column.kind is ID and not integer_id:
        return str, lambda values: values if all(values) else None  # no empty string
    if pa.types.is_timestamp(kind):
        return str, _instants
    if pa.types.is_string(kind):
        return str, lambda values: values
    if pa.types.is_integer(kind):
        low, high = -(2 ** (kind.bit_width - 1)), 2 ** (kind.bit_width - 1) - 1
        return int, lambda values: values if low <= min(values) and max(values) <= high else None
    if pa.types.is_floating(kind) and kind == pa.float32():
        return float, lambda values: values if -_FLOAT32_MAX <= min(values) and max(values) <= _FLOAT32_MAX else None
    if pa.types.is_floating(kind):
        return float, lambda values: values
    raise TypeError(f"the collector does not know how JSON writes {column.name}'s type {kind}")


def _instants(values: list[str]) -> list[int] | None:
    microseconds = []
    for value in values:
        try:
            instant = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
        if instant.tzinfo is None:
            return None
        microseconds.append((instant - EPOCH) // _MICROSECOND)
    return microseconds


def _integer_id(name: str, bits: int) -> Callable:
    integer = _integer(name, bits)

    def convert(value):
        if type(value) is str:
            number = _decimal(value)
            if number is None:
                raise Rejected(f"{name} {shown(value)} is not an integer, and this dataset's {name}s are integers")
            value = number
        elif type(value) is not int:
            raise Rejected(f"{name} must be an integer or a string, got {shown(value)}")
        return integer(value)

    return convert


def _decimal(text: str) -> int | None:
    """The integer whose decimal form `text` is exactly (no sign +, leading zeros, spaces or _)."""
    try:
        number = int(text)
    except ValueError:
        return None
    return number if str(number) == text else None


def _text_id(name: str) -> Callable:
    def convert(value):
        if type(value) is str and value:
            return value
        if type(value) is int:
            return str(value)
        raise Rejected(f"{name} must be an integer or a non-empty string, got {shown(value)}")

    return convert


def _instant(name: str) -> Callable:
    def convert(value):
        if type(value) is not str:
            raise Rejected(f"{name} must be an ISO 8601 instant string with an offset or Z, got {shown(value)}")
        try:
            instant = dt.datetime.fromisoformat(value)
        except ValueError:
            raise Rejected(f"{name} {shown(value)} is not an ISO 8601 instant") from None
        if instant.tzinfo is None:
            raise Rejected(f"{name} {shown(value)} has no offset: add Z or +HH:MM")
        return (instant - EPOCH) // _MICROSECOND

    return convert


def _text(name: str) -> Callable:
    def convert(value):
        if type(value) is str:
            return value
        raise Rejected(f"{name} must be a string, got {shown(value)}")

    return convert


def _integer(name: str, bits: int) -> Callable:
    low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1

    def convert(value):
        if type(value) is not int:
            raise Rejected(f"{name} must be an integer, got {shown(value)}")
        if not low <= value <= high:
            raise Rejected(f"{name} {value} does not fit a {bits}-bit integer")
        return value

    return convert


def _number(name: str, limit: float | None) -> Callable:
    def convert(value):
        if type(value) is not float and type(value) is not int:
            raise Rejected(f"{name} must be a number, got {shown(value)}")
        value = float(value)
        if limit is not None and abs(value) > limit:
            raise Rejected(f"{name} {value} does not fit a 32-bit float")
        return value

    return convert


def json_type(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    return {type(None): "null", list: "an array", str: "a string", int: "a number", float: "a number"}.get(
        type(value), "an object")


def shown(value) -> str:
    """`value` as JSON, cut to a length that keeps the reason one short line."""
    text = orjson.dumps(value).decode()
    return text if len(text) <= 40 else text[:37] + "..."
