"""Pre-flight checks of landed files and the catch-up rules of `sprint run`, without a warehouse."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from generator.datasets import SCHEMAS
from reliability_helpers import corrupt_pages
from sprint import catchup, filerecord, landing
from generator.contract import DATASET_NAMES as DATASETS

DAY = dt.date(2026, 9, 8)


def write(root, dataset: str, table: pa.Table, name: str = "part-0000.parquet", success: bool = True):
    folder = root / dataset / f"event_date={DAY}"
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, folder / name)
    if success:
        (folder / "_SUCCESS").touch()
    return folder / name


def empty(dataset: str, schema: pa.Schema | None = None) -> pa.Table:
    return (schema or SCHEMAS[dataset]).empty_table()


@pytest.mark.parametrize("dataset", DATASETS)
def test_files_as_the_generator_writes_them_pass(tmp_path, dataset):
    assert landing.file_problem(write(tmp_path, dataset, empty(dataset)), dataset) is None


@pytest.mark.parametrize("change, reason", [
    (lambda s: s.remove(s.get_field_index("kills")), "column kills is missing"),
    (lambda s: s.set(s.get_field_index("event_length_s"), pa.field("event_length_s", pa.string())),
     "column event_length_s is string, not a 32-bit integer"),
    (lambda s: s.set(s.get_field_index("kills"), pa.field("kills", pa.int64())), "column kills is int64, not a 32-bit integer"),
    (lambda s: s.set(s.get_field_index("event_ts"), pa.field("event_ts", pa.timestamp("us"))),
     "column event_ts is timestamp[us], not a timestamp with a time zone"),
    (lambda s: s.set(s.get_field_index("player_id"), pa.field("player_id", pa.float64())),
     "column player_id is double, not an integer or a string"),
])
def test_a_schema_that_breaks_the_contract_is_named(tmp_path, change, reason):
    path = write(tmp_path, "session_ends", empty("session_ends", change(SCHEMAS["session_ends"])))
    assert landing.file_problem(path, "session_ends") == reason


def test_string_ids_pass_and_a_dataset_keeps_the_kind_of_its_first_file(tmp_path):
    strings = SCHEMAS["session_ends"].set(0, pa.field("session_id", pa.string())).set(1, pa.field("player_id", pa.string()))
    first = write(tmp_path, "session_ends", empty("session_ends", strings), name="a.parquet")
    second = write(tmp_path, "session_ends", empty("session_ends"), name="b.parquet")
    assert landing.id_kinds(tmp_path, "session_ends") == {"session_id": False, "player_id": False}
    assert landing.day_problems(tmp_path, "session_ends", DAY) == [landing.Problem(second, (
        "column session_id is int64, but this dataset's session_ids are strings, "
        "column player_id is int64, but this dataset's player_ids are strings"))]
    assert landing.file_problem(first, "session_ends") is None


def test_narrower_or_unsigned_integers_that_fit_pass(tmp_path):
    schema = SCHEMAS["heartbeats"].set(0, pa.field("session_id", pa.uint32())).set(2, pa.field("team_id", pa.int8()))
    assert landing.file_problem(write(tmp_path, "heartbeats", empty("heartbeats", schema)), "heartbeats") is None


def test_a_truncated_file_is_one_line_naming_file_day_and_what_to_do(tmp_path):
    path = write(tmp_path, "purchases", empty("purchases"))
    path.write_bytes(path.read_bytes()[:-10])
    [problem] = landing.day_problems(tmp_path, "purchases", DAY)
    assert str(problem) == (f"{path}: not a readable Parquet file (Parquet magic bytes not found in footer. Either the "
                            f"file is corrupted or this is not a parquet file.); day {DAY} waits: replace the file, "
                            "then run again")
    assert landing.blocked_days(tmp_path, ["purchases", "heartbeats"], [DAY, DAY + dt.timedelta(1)]) == {DAY: [problem]}


def test_a_day_that_has_not_landed_is_not_checked_yet(tmp_path):
    path = write(tmp_path, "purchases", empty("purchases"), success=False)
    path.write_bytes(b"not parquet")
    assert landing.day_problems(tmp_path, "purchases", DAY) == []


def test_a_replaced_file_is_checked_again(tmp_path):
    path = write(tmp_path, "purchases", empty("purchases"))
    path.write_bytes(b"not parquet")
    assert landing.file_problem(path, "purchases")
    write(tmp_path, "purchases", empty("purchases"))
    assert landing.file_problem(path, "purchases") is None


def test_corrupt_data_pages_behind_an_intact_footer_are_named(tmp_path):
    table = pa.table({name: pa.array(range(1000), field.type) if pa.types.is_integer(field.type) else
                      pa.nulls(1000, field.type) for name, field in zip(SCHEMAS["purchases"].names, SCHEMAS["purchases"])},
                     schema=SCHEMAS["purchases"])
    path = write(tmp_path, "purchases", table)
    assert landing.file_problem(path, "purchases") is None
    corrupt_pages(path)
    assert landing.footer(path)[0] is None
    assert landing.file_problem(path, "purchases").startswith("data pages cannot be read (")
    [problem] = landing.day_problems(tmp_path, "purchases", DAY)
    assert str(problem).startswith(f"{path}: data pages cannot be read (") and str(problem).endswith(
        f"; day {DAY} waits: replace the file, then run again")


D = [dt.date(2026, 9, 7) + dt.timedelta(days=n) for n in range(40)]


def given(files: dict[int, dict[str, str]], dataset: str = "session_ends") -> dict:
    return {(dataset, D[n]): names for n, names in files.items()}


def test_nothing_is_restated_when_the_files_are_those_given():
    before = given({0: {"part-0000.parquet": "a"}, 1: {"part-0000.parquet": "b"}})
    assert catchup.changed_days(before, before) == {}
    assert catchup.changed_days(before, before | given({2: {"part-0000.parquet": "c"}})) == {}  # the newest day


def test_a_file_added_replaced_or_removed_changes_its_day_in_its_dataset_only():
    before = given({n: {"part-0000.parquet": str(n)} for n in range(5)}) | given({0: {"p": "x"}}, "heartbeats")
    now = before | given({1: {"part-0000.parquet": "1", "late-2026-09-20.parquet": "l"},  # a late file
                          2: {"part-0000.parquet": "2 corrected, as many rows"},
                          3: {}})  # its file removed
    assert catchup.changed_days(before, now) == {"session_ends": {D[1], D[2], D[3]}}


def test_a_day_landing_after_a_later_one_of_its_dataset_changes():
    before = given({0: {"p": "0"}, 2: {"p": "2"}}) | given({0: {"p": "0"}}, "heartbeats")
    now = before | given({1: {"p": "1"}}) | given({1: {"p": "1"}}, "heartbeats")
    assert catchup.changed_days(before, now) == {"session_ends": {D[1]}}  # heartbeats' day 1 is its newest


def test_each_changed_day_is_restated_with_its_neighbours_and_days_far_apart_stay_apart():
    landed = (D[0], D[39])
    assert catchup.ranges({D[31], D[1]}, landed) == [(D[0], D[2]), (D[30], D[32])]
    assert catchup.ranges({D[1], D[3]}, landed) == [(D[0], D[4])]  # overlapping
    assert catchup.ranges({D[1], D[4]}, landed) == [(D[0], D[5])]  # touching
    assert catchup.ranges({D[0], D[39]}, landed) == [(D[0], D[1]), (D[38], D[39])]  # nothing landed beyond
    before = given({n: {"p": str(n)} for n in range(32)})
    late = {1: {"p": "1", "late": "l"}, 31: {"p": "31", "late": "l"}}  # 30 days ago and yesterday
    assert catchup.stale_ranges(before, before | given(late)) == {"session_ends": [(D[0], D[2]), (D[30], D[31])]}
    assert catchup.describe({"purchases": [(D[0], D[2])], "heartbeats": [(D[0], D[2]), (D[30], D[32])]}) == (
        f"heartbeats {D[0]} .. {D[2]}, {D[30]} .. {D[32]}; purchases {D[0]} .. {D[2]}")


def test_the_survey_hashes_a_version_once_and_a_replaced_file_again(tmp_path, monkeypatch):
    path = write(tmp_path, "purchases", empty("purchases"))
    first = catchup.survey(tmp_path, ["purchases"], filerecord.Record())
    known = filerecord.Record(files={str(path): first["purchases", DAY][path.name]})
    monkeypatch.setattr(filerecord, "sha256", lambda _: pytest.fail("a known version was read again"))
    assert catchup.survey(tmp_path, ["purchases"], known) == first
    monkeypatch.undo()
    write(tmp_path, "purchases", empty("purchases").append_column("extra", pa.array([], pa.int8())))
    assert catchup.survey(tmp_path, ["purchases"], known)["purchases", DAY][path.name].sha256 != first[
        "purchases", DAY][path.name].sha256
