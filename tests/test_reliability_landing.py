"""Pre-flight checks of landed files and the catch-up rule of `sprint run`, without a warehouse."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from generator.datasets import SCHEMAS
from sprint import catchup, landing
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


D = [dt.date(2026, 9, 7) + dt.timedelta(days=n) for n in range(6)]


def counts(rows: dict[int, int], dataset: str = "session_ends") -> catchup.Counts:
    return {(dataset, D[n]): r for n, r in rows.items()}


def test_nothing_is_restated_when_the_run_loaded_what_landed():
    landed = counts({0: 10, 1: 12, 2: 9})
    assert catchup.stale_days(landed, counts({0: 10, 1: 11}), landed) == {}


def test_a_late_file_restates_its_day_and_neighbours_in_its_dataset_only():
    before = counts({0: 10, 1: 12, 2: 9, 3: 8, 4: 7}) | counts({n: 100 for n in range(5)}, "heartbeats")
    landed = before | counts({1: 15, 4: 8})
    assert catchup.stale_days(landed, before, before) == {"session_ends": {D[0], D[1], D[2], D[3], D[4]}}
    assert catchup.staging_models(["session_ends"]) == ["raw.session_ends"]


def test_a_filled_gap_restates_its_neighbours_in_every_dataset():
    before = counts({0: 10, 1: 12, 3: 8, 4: 7}) | counts({0: 1, 1: 1, 3: 1, 4: 1}, "heartbeats")
    after = before | counts({2: 9}) | counts({2: 1}, "heartbeats")
    assert catchup.stale_days(after, before, after) == {d: {D[1], D[2], D[3]} for d in ("heartbeats", "session_ends")}


def test_landed_rows_leave_out_days_that_wait(tmp_path):
    for dataset in DATASETS:
        write(tmp_path, dataset, SCHEMAS[dataset].empty_table())
    assert catchup.landed_rows(tmp_path, DATASETS) == {(d, DAY): 0 for d in DATASETS}
    assert catchup.landed_rows(tmp_path, DATASETS, today=DAY) == {}  # not over yet: no run processes it
    (tmp_path / "heartbeats" / f"event_date={DAY}" / "late.parquet").write_bytes(b"broken")
    assert catchup.landed_rows(tmp_path, DATASETS) == {}
