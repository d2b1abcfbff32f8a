"""Checking events against the raw contract, and the id-kind rule (sprint/collector/events.py, idkinds.py)."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from collector_helpers import heartbeat, purchase, session_end
from generator.contract import DATASETS
from sprint.collector.body import BodyError, parse, unzip
from sprint.collector.events import EVENT_TYPES, check_events
from sprint.collector.values import converter
from sprint.collector.idkinds import IdKinds

DAY = dt.date(2026, 9, 7)
INTEGERS = {"heartbeats": {"session_id": True, "player_id": True, "team_id": True},
            "purchases": {"purchase_id": True, "player_id": True}}
STRINGS = {"purchases": {"purchase_id": False, "player_id": False}}


def test_event_types_are_specs_names_for_the_contracts_datasets():
    assert EVENT_TYPES == {"session_end": "session_ends", "purchase": "purchases", "heartbeat": "heartbeats"}


def test_every_contract_column_has_a_json_form():
    for dataset in DATASETS.values():
        for column in dataset.columns:
            for integer in (True, False):
                assert callable(converter(column, integer))


def test_rows_are_grouped_by_dataset_and_utc_day_in_contract_order():
    checked = check_events([
        heartbeat(1, DAY, event_ts="2026-09-08T01:30:00.123456+02:00"),  # 23:30 UTC on the 7th
        heartbeat(2, DAY, event_ts="2026-09-08T00:00:00Z"),
        session_end(3, DAY),
    ], IdKinds({}))
    assert checked.accepted == 3 and checked.rejected == []
    assert list(checked.rows["heartbeats"]) == ["2026-09-07", "2026-09-08"]
    columns = dict(zip(DATASETS["heartbeats"].column_names, checked.rows["heartbeats"]["2026-09-07"]))
    instant = dt.datetime(2026, 9, 7, 23, 30, 0, 123456, tzinfo=dt.timezone.utc)
    assert columns["event_ts"] == [int(instant.timestamp()) * 1_000_000 + 123456]
    assert columns["player_id"] == [1] and columns["position_y"] == [20.25]
    assert list(checked.rows["session_ends"]) == ["2026-09-07"]


def test_a_dataset_without_files_takes_its_kinds_from_its_first_request():
    kinds = IdKinds({})
    first = check_events([purchase(1, DAY), purchase(2, DAY, purchase_id="p-2"), heartbeat(3, DAY)], kinds)
    assert first.kinds == {"purchases": {"purchase_id": False, "player_id": True},
                           "heartbeats": {"session_id": True, "player_id": True, "team_id": True}}
    assert first.rows["purchases"]["2026-09-07"][0] == ["1", "p-2"]  # the integer written as its string
    later = check_events([purchase(3, DAY, player_id="7"), heartbeat(4, DAY, player_id="x")], kinds)
    assert later.rows["purchases"]["2026-09-07"][:2] == [["3"], [7]]
    assert later.rejected == [(1, 'player_id "x" is not an integer, and this dataset\'s player_ids are integers')]


@pytest.mark.parametrize("value, reason", [
    ("042", 'purchase_id "042" is not an integer'),
    ("+42", 'purchase_id "+42" is not an integer'),
    (" 42", 'purchase_id " 42" is not an integer'),
    ("4_2", 'purchase_id "4_2" is not an integer'),
    (2**63, f"purchase_id {2**63} does not fit a 64-bit integer"),
    (4.0, "purchase_id must be an integer or a string, got 4.0"),
])
def test_an_integer_dataset_takes_only_integers_and_their_decimal_strings(value, reason):
    checked = check_events([purchase(1, DAY, purchase_id=value), purchase(2, DAY, purchase_id="-42")],
                           IdKinds(INTEGERS))
    assert [r for _, r in checked.rejected] == [reason + (", and this dataset's purchase_ids are integers"
                                                          if "not an integer" in reason else "")]
    assert checked.rows["purchases"]["2026-09-07"][0] == [-42]


def test_team_ids_keep_the_contracts_width():
    checked = check_events([heartbeat(1, DAY, team_id=2**31)], IdKinds(INTEGERS))
    assert checked.rejected == [(0, f"team_id {2**31} does not fit a 32-bit integer")]


def test_a_string_dataset_writes_integers_as_their_strings():
    checked = check_events([purchase(1, DAY, purchase_id=42), purchase(2, DAY, player_id="")], IdKinds(STRINGS))
    assert checked.rows["purchases"]["2026-09-07"][:2] == [["42"], ["1"]]
    assert checked.rejected == [(1, 'player_id must be an integer or a non-empty string, got ""')]


@pytest.mark.parametrize("changes, reason", [
    ({"position_z": 1e39}, "position_z 1e+39 does not fit a 32-bit float"),
    ({"position_x": False}, "position_x must be a number, got false"),
    ({"event_ts": 1788739200}, "event_ts must be an ISO 8601 instant string with an offset or Z, got 1788739200"),
    ({"event_ts": "2026-09-07"}, 'event_ts "2026-09-07" has no offset: add Z or +HH:MM'),
    ({"type": None}, "type must be one of session_end, purchase, heartbeat, got null"),
    ({"extra": 1, "more": 2}, "unknown fields extra, more (a heartbeat has event_ts, player_id, position_x, "
                              "position_y, position_z, session_id, team_id)"),
])
def test_reasons_name_the_field(changes, reason):
    assert check_events([heartbeat(1, DAY, **changes)], IdKinds(INTEGERS)).rejected == [(0, reason)]


def test_long_values_are_cut_in_reasons():
    checked = check_events([session_end(1, DAY, country=["x" * 100])], IdKinds({}))
    assert checked.rejected == [(0, 'country must be a string, got ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...')]


def test_bodies():
    assert parse(b'{"a": 1}\n\n  \n[2]\n', "application/x-ndjson; charset=utf-8") == [{"a": 1}, [2]]
    assert parse(b"[]", None) == []
    with pytest.raises(BodyError, match="it ends before the gzip stream does"):
        unzip(gzip.compress(b"[1, 2, 3]")[:-6], "gzip")
    assert unzip(gzip.compress(b"[1]"), " GZIP ") == b"[1]"


def test_the_docs_event_table_is_the_contract():
    import re
    from pathlib import Path

    import pyarrow as pa

    from generator.contract import ID

    def json_value(column) -> str:  # how docs/COLLECTOR.md words each Arrow type
        kind = column.arrow_type
        if column.kind is ID:
            return "an id" if kind.bit_width == 64 else f"an id ({kind.bit_width}-bit if an integer)"
        if pa.types.is_timestamp(kind):
            return "an instant"
        if pa.types.is_string(kind):
            return "a string"
        if pa.types.is_integer(kind):
            return f"a {kind.bit_width}-bit integer"
        return "a number (fits a 32-bit float)" if kind == pa.float32() else "a number"

    docs = (Path(__file__).parent.parent / "docs" / "COLLECTOR.md").read_text()
    rows = re.findall(r"^\| `(\w+)` \| `(\w+)` \| (.+?) \| (.+?) \|$", docs, re.MULTILINE)
    assert rows == [(name, c.name, json_value(c), c.meaning)
                    for name, dataset in EVENT_TYPES.items() for c in DATASETS[dataset].columns]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("known", [{}, INTEGERS, STRINGS])
def test_column_checks_decide_as_the_one_by_one_checks(seed, known, monkeypatch):
    """The fast path (a column at a time) accepts, converts and rejects exactly as the converters do."""
    import random

    from sprint.collector import events as module

    taken = []  # columns the fast path converted (None: it handed them to the one-by-one checks)
    columns = module._Plan.columns
    monkeypatch.setattr(module._Plan, "columns", lambda plan, rows: taken.append(columns(plan, rows)) or taken[-1])
    generator = random.Random(seed)
    odd_share = 0.3 if seed % 2 else 0.01  # few odd events: some whole columns pass the fast path
    odd_values = [None, True, 0, -1, 2**31, 2**63, 1.5, 1e39, "", "7", "042", "x", "2026-09-07T10:00:00",
                  "2026-09-07T23:30:00-02:00", "2026-09-08T00:00:00.5+00:00", "not a time", [], {}]
    events = []
    for n in range(400):
        event = generator.choice([heartbeat, session_end, purchase])(n, DAY)
        if generator.random() < odd_share:  # one odd value, field or type
            field = generator.choice([*event, "extra"])
            if generator.random() < 0.1:
                event.pop(field, None)
            else:
                event[field] = generator.choice(odd_values)
        events.append(event)
    events.insert(7, ["not an object"])
    fast = check_events(events, IdKinds(known))
    assert fast == check_events(events, IdKinds(known), one_by_one=True)
    assert 0 < fast.accepted < len(events)
    if odd_share < 0.1:
        assert any(column is not None for column in taken)
