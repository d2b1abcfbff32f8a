"""Events as clients send them (SPEC §5), checked against the raw contract.

An event is a JSON object with "type" (a dataset's name in the singular: "heartbeat" for
`heartbeats`) and exactly the columns of that dataset in generator/contract.py. How a
column is written in JSON follows from the Arrow type the contract writes it as:

- ids: an integer or a string, written in the dataset's kind (sprint/collector/idkinds.py);
- timestamps: an ISO 8601 instant with an offset or Z, kept as UTC microseconds;
- strings: a string; integers: an integer that fits the column's width;
- floating-point columns: a number (a float32 column's must fit a float32).

Value rules (non-negative counts, positions on the map, known skus) are not checked here:
staging quarantines rows that break them, with the reason, as it does for any producer.
An event that breaks the shape is rejected with a one-line reason naming the field.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import orjson
import pyarrow as pa

from generator.contract import DATASET_NAMES, DATASETS, ID, Column
from sprint.collector.idkinds import IdKinds, Kinds, first_kinds

EVENT_TYPES = {name.removesuffix("s"): name for name in DATASET_NAMES}  # "heartbeat" -> "heartbeats"
TYPE_FIELD = "type"
TIME_COLUMN = "event_ts"  # the event's instant; its UTC date is the day folder it lands in
DAY_US = 86_400_000_000
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_MICROSECOND = dt.timedelta(microseconds=1)
_FLOAT32_MAX = float(np.finfo(np.float32).max)


class Rejected(ValueError):
    """Why one event breaks the contract (a one-line reason naming the field)."""


class NotJson:
    """An NDJSON line that did not parse: rejected at its index, kept aside as text."""

    def __init__(self, text: str, error: str):
        self.text, self.error = text, error


@dataclass
class Checked:
    """One request's events after checking: the accepted rows and the rejected events."""

    accepted: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (index, reason)
    rejected_events: list = field(default_factory=list)  # the events as sent, beside `rejected`
    # dataset -> UTC day (YYYY-MM-DD) -> columns in contract order -> values
    rows: dict[str, dict[str, list[list]]] = field(default_factory=dict)
    kinds: dict[str, Kinds] = field(default_factory=dict)  # the id kinds of the datasets in `rows`


def check_events(events: list, id_kinds: IdKinds, one_by_one: bool = False) -> Checked:
    """Check every event of one request; settle the id kinds of datasets that had none.

    Most events hold exactly the usual JSON types (an int for an integer id, a float for a
    position, ...): those are checked a column at a time (ranges by min and max, timestamps
    in one loop), several times faster than one by one. Any other event, and every event of
    a column that fails there, is checked one by one with the converters, which decide every
    reason; `one_by_one` checks all events that way (the tests compare the two).
    """
    kinds = _kinds_for(events, id_kinds)
    plans = {name: _Plan(dataset, kinds[dataset]) for name, dataset in EVENT_TYPES.items()}
    usual: dict[_Plan, tuple[list[int], list[tuple]]] = {plan: ([], []) for plan in plans.values()}
    unusual = []
    for index, event in enumerate(events):
        plan = _plan_or_none(event, plans)
        if not one_by_one and plan is not None and event.keys() == plan.fields:
            values = plan.values(event)
            if tuple(map(type, values)) == plan.usual_types:
                usual[plan][0].append(index)
                usual[plan][1].append(values)
                continue
        unusual.append(index)
    checked = Checked()
    # (dataset, day) -> chunks of columns; each chunk's last column holds the events' indices
    parts: dict[tuple[str, int], list[list[list]]] = defaultdict(list)
    for plan, (indices, rows) in usual.items():
        columns = plan.columns(rows) if rows else None
        if columns is None:
            unusual += indices
            continue
        for day, day_columns in _by_day([*columns, indices], plan.time_position):
            parts[plan.dataset, day].append(day_columns)
    rows_of: dict[tuple[str, int], list[list]] = defaultdict(list)
    for index in sorted(unusual):
        event = events[index]
        try:
            plan = _plan_of(event, plans)
            row = [convert(event[name]) for name, convert in plan.converters]
        except Rejected as reason:
            checked.rejected.append((index, str(reason)))
            checked.rejected_events.append(event.text if isinstance(event, NotJson) else event)
            continue
        rows_of[plan.dataset, row[plan.time_position] // DAY_US].append([*row, index])
    for key, rows in rows_of.items():
        parts[key].append([list(values) for values in zip(*rows)])
    checked.accepted = len(events) - len(checked.rejected)
    for (dataset, day), chunks in sorted(parts.items()):
        iso_day = (_EPOCH + dt.timedelta(days=day)).date().isoformat()
        checked.rows.setdefault(dataset, {})[iso_day] = _in_request_order(chunks)
        checked.kinds[dataset] = kinds[dataset]
        id_kinds.settle(dataset, kinds[dataset])
    return checked


def _in_request_order(chunks: list[list[list]]) -> list[list]:
    """The columns of `chunks` joined, rows in the order of their events' indices (the last column, dropped)."""
    if len(chunks) == 1:
        return chunks[0][:-1]
    *columns, indices = [sum(column, []) for column in zip(*chunks)]
    order = sorted(range(len(indices)), key=indices.__getitem__)
    return [[column[row] for row in order] for column in columns]


def _by_day(columns: list[list], time_position: int) -> list[tuple[int, list[list]]]:
    """Columns split by the UTC day of their time column (most requests hold one day)."""
    days = [micros // DAY_US for micros in columns[time_position]]
    if min(days) == max(days):
        return [(days[0], columns)]
    rows_of: dict[int, list[int]] = defaultdict(list)
    for row, day in enumerate(days):
        rows_of[day].append(row)
    return [(day, [[column[row] for row in rows] for column in columns]) for day, rows in rows_of.items()]


def _kinds_for(events: list, id_kinds: IdKinds) -> dict[str, Kinds]:
    """Each dataset's id kinds: fixed ones, else those this request's events give it."""
    kinds = {}
    for name, dataset in EVENT_TYPES.items():
        known = id_kinds.of(dataset)
        if known is None:
            known = first_kinds(dataset, (e for e in events if type(e) is dict and e.get(TYPE_FIELD) == name))
        kinds[dataset] = known
    return kinds


class _Plan:
    """How to check and convert the events of one dataset, given its id kinds."""

    def __init__(self, dataset: str, kinds: Kinds):
        columns = DATASETS[dataset].columns
        self.dataset = dataset
        self.fields = frozenset([TYPE_FIELD, *(c.name for c in columns)])
        self.converters = [(c.name, converter(c, kinds.get(c.name))) for c in columns]
        self.time_position = [c.name for c in columns].index(TIME_COLUMN)
        self.values = operator.itemgetter(*(c.name for c in columns))
        checks = [column_check(c, kinds.get(c.name)) for c in columns]
        self.usual_types = tuple(usual_type for usual_type, _ in checks)
        self._column_checks = [check for _, check in checks]

    def columns(self, rows: list[tuple]) -> list[list] | None:
        """The converted columns of `rows` (of the usual types), or None if one needs a closer look."""
        columns = []
        for check, values in zip(self._column_checks, zip(*rows)):
            column = check(list(values))
            if column is None:
                return None
            columns.append(column)
        return columns


def _plan_or_none(event, plans: dict[str, _Plan]) -> _Plan | None:
    name = event.get(TYPE_FIELD) if type(event) is dict else None
    return plans.get(name) if type(name) is str else None  # a list or an object is not a key


def _plan_of(event, plans: dict[str, _Plan]) -> _Plan:
    if isinstance(event, NotJson):
        raise Rejected(f"not valid JSON ({event.error})")
    if type(event) is not dict:
        raise Rejected(f"an event must be a JSON object, got {_json_type(event)}")
    plan = _plan_or_none(event, plans)
    if plan is None:
        raise Rejected(f"{TYPE_FIELD} must be one of {', '.join(EVENT_TYPES)}, got {_shown(event.get(TYPE_FIELD))}")
    if event.keys() != plan.fields:
        missing = sorted(plan.fields - event.keys())
        if missing:
            raise Rejected(f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing")
        unknown = sorted(event.keys() - plan.fields)
        raise Rejected(f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
                       f"(a {event[TYPE_FIELD]} has {', '.join(sorted(plan.fields - {TYPE_FIELD}))})")
    return plan


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
        microseconds.append((instant - _EPOCH) // _MICROSECOND)
    return microseconds


def _integer_id(name: str, bits: int) -> Callable:
    integer = _integer(name, bits)

    def convert(value):
        if type(value) is str:
            number = _decimal(value)
            if number is None:
                raise Rejected(f"{name} {_shown(value)} is not an integer, and this dataset's {name}s are integers")
            value = number
        elif type(value) is not int:
            raise Rejected(f"{name} must be an integer or a string, got {_shown(value)}")
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
        raise Rejected(f"{name} must be an integer or a non-empty string, got {_shown(value)}")

    return convert


def _instant(name: str) -> Callable:
    def convert(value):
        if type(value) is not str:
            raise Rejected(f"{name} must be an ISO 8601 instant string with an offset or Z, got {_shown(value)}")
        try:
            instant = dt.datetime.fromisoformat(value)
        except ValueError:
            raise Rejected(f"{name} {_shown(value)} is not an ISO 8601 instant") from None
        if instant.tzinfo is None:
            raise Rejected(f"{name} {_shown(value)} has no offset: add Z or +HH:MM")
        return (instant - _EPOCH) // _MICROSECOND

    return convert


def _text(name: str) -> Callable:
    def convert(value):
        if type(value) is str:
            return value
        raise Rejected(f"{name} must be a string, got {_shown(value)}")

    return convert


def _integer(name: str, bits: int) -> Callable:
    low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1

    def convert(value):
        if type(value) is not int:
            raise Rejected(f"{name} must be an integer, got {_shown(value)}")
        if not low <= value <= high:
            raise Rejected(f"{name} {value} does not fit a {bits}-bit integer")
        return value

    return convert


def _number(name: str, limit: float | None) -> Callable:
    def convert(value):
        if type(value) is not float and type(value) is not int:
            raise Rejected(f"{name} must be a number, got {_shown(value)}")
        value = float(value)
        if limit is not None and abs(value) > limit:
            raise Rejected(f"{name} {value} does not fit a 32-bit float")
        return value

    return convert


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    return {type(None): "null", list: "an array", str: "a string", int: "a number", float: "a number"}.get(
        type(value), "an object")


def _shown(value) -> str:
    """`value` as JSON, cut to a length that keeps the reason one short line."""
    text = orjson.dumps(value).decode()
    return text if len(text) <= 40 else text[:37] + "..."
