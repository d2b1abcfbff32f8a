"""Events as clients send them (SPEC §5), checked against the raw contract.

An event is a JSON object with "type" (a dataset's name in the singular: "heartbeat" for
`heartbeats`) and exactly the columns of that dataset in generator/contract.py, each
written as values.py says. Accepted rows are grouped by dataset and UTC day, the day of
their `event_ts`.

Value rules (non-negative counts, positions on the map, known skus) are not checked here:
staging quarantines rows that break them, with the reason, as it does for any producer.
An event that breaks the shape is rejected with a one-line reason naming the field.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections import defaultdict
from dataclasses import dataclass, field

from generator.contract import DATASET_NAMES, DATASETS
from sprint.collector.idkinds import IdKinds, Kinds, first_kinds
from sprint.collector.values import EPOCH, Rejected, column_check, converter, json_type, shown

EVENT_TYPES = {name.removesuffix("s"): name for name in DATASET_NAMES}  # "heartbeat" -> "heartbeats"
TYPE_FIELD = "type"
TIME_COLUMN = "event_ts"  # the event's instant; its UTC date is the day folder it lands in
DAY_US = 86_400_000_000


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
    position, ...): those are checked a column at a time (ranges by min and max, instants in
    one loop), about twice as fast as one by one. Any other event, and every event of a
    column that fails there, is checked one by one by the converters, which decide every
    reason; `one_by_one` checks all events that way (the tests compare the two).
    """
    kinds = _kinds_for(events, id_kinds)
    plans = {name: _Plan(dataset, kinds[dataset]) for name, dataset in EVENT_TYPES.items()}
    # (dataset, day) -> chunks of converted columns; a chunk's last column holds its events' indices
    parts: dict[tuple[str, int], list[list[list]]] = defaultdict(list)
    checked = Checked()
    unusual = list(range(len(events))) if one_by_one else _check_usual(events, plans, parts)
    _check_one_by_one(events, sorted(unusual), plans, parts, checked)
    checked.accepted = len(events) - len(checked.rejected)
    for (dataset, day), chunks in sorted(parts.items()):
        iso_day = (EPOCH + dt.timedelta(days=day)).date().isoformat()
        checked.rows.setdefault(dataset, {})[iso_day] = _in_request_order(chunks)
        checked.kinds[dataset] = kinds[dataset]
        id_kinds.settle(dataset, kinds[dataset])
    return checked


def _check_usual(events: list, plans: dict[str, _Plan], parts: dict) -> list[int]:
    """Check the events of the usual JSON types a column at a time; the indices of the others."""
    usual: dict[_Plan, tuple[list[int], list[tuple]]] = {plan: ([], []) for plan in plans.values()}
    unusual = []
    for index, event in enumerate(events):
        plan = _plan_or_none(event, plans)
        if plan is not None and event.keys() == plan.fields:
            values = plan.values(event)
            if tuple(map(type, values)) == plan.usual_types:
                usual[plan][0].append(index)
                usual[plan][1].append(values)
                continue
        unusual.append(index)
    for plan, (indices, rows) in usual.items():
        columns = plan.columns(rows) if rows else None
        if columns is None:
            unusual += indices
            continue
        for day, day_columns in _by_day([*columns, indices], plan.time_position):
            parts[plan.dataset, day].append(day_columns)
    return unusual


def _check_one_by_one(events: list, indices: list[int], plans: dict[str, _Plan], parts: dict,
                      checked: Checked) -> None:
    rows_of: dict[tuple[str, int], list[list]] = defaultdict(list)
    for index in indices:
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


def _in_request_order(chunks: list[list[list]]) -> list[list]:
    """The columns of `chunks` joined, rows in the order of their events' indices (the last column, dropped)."""
    if len(chunks) == 1:
        return chunks[0][:-1]
    *columns, indices = [list(itertools.chain.from_iterable(column)) for column in zip(*chunks)]
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
        raise Rejected(f"an event must be a JSON object, got {json_type(event)}")
    plan = _plan_or_none(event, plans)
    if plan is None:
        raise Rejected(f"{TYPE_FIELD} must be one of {', '.join(EVENT_TYPES)}, got {shown(event.get(TYPE_FIELD))}")
    if event.keys() != plan.fields:
        missing = sorted(plan.fields - event.keys())
        if missing:
            raise Rejected(f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing")
        unknown = sorted(event.keys() - plan.fields)
        raise Rejected(f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
                       f"(a {event[TYPE_FIELD]} has {', '.join(sorted(plan.fields - {TYPE_FIELD}))})")
    return plan
