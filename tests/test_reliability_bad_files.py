"""Unreadable files: a clear error naming the file, the other days unaffected, fixed by replacing it.

Five clean days land with three broken files: day 1's heartbeats file truncated, day 2's
session_ends file without its `kills` column, day 3's with `event_length_s` as strings.
Then five clean days land with damage a footer check cannot see, day 3's session_ends file
with corrupt data pages behind an intact footer, and with the launch day's heartbeats file
truncated: the first file of its dataset, which DuckDB takes the columns from, and a file
Q7 (`sprint answer q7` and the dashboard's answers page) reads as well.
"""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from reliability_helpers import (DAYS, Suite, assert_same_tables, corrupt_pages, day, day_folder, land, rows_on,
                                 truncate)
from sprint.dashboard import APP

pytestmark = pytest.mark.slow

PART = "part-0000.parquet"
BROKEN = {  # (dataset, day): what the message must say
    ("heartbeats", 1): "not a readable Parquet file",
    ("session_ends", 2): "column kills is missing",
    ("session_ends", 3): "column event_length_s is string, not a 32-bit integer",
}


def rewrite(path, change) -> None:
    table = change(pq.read_table(path))
    pq.write_table(table, path.with_suffix(".tmp"))
    path.with_suffix(".tmp").rename(path)


def break_files(raw) -> None:
    truncate(day_folder(raw, "heartbeats", 1) / PART)
    rewrite(day_folder(raw, "session_ends", 2) / PART, lambda t: t.drop_columns(["kills"]))
    rewrite(day_folder(raw, "session_ends", 3) / PART,
            lambda t: t.set_column(t.schema.get_field_index("event_length_s"), "event_length_s",
                                   t["event_length_s"].cast(pa.string())))


@pytest.fixture(scope="module")
def broken(suite: Suite):
    wh = suite.warehouse("bad-files")
    for n in range(DAYS):
        land(suite.clean, suite.raw, n)
    break_files(suite.raw)
    first = wh.cli("sprint", "run")
    waiting = wh.tables()
    recorded = {model: wh.recorded_days(model) for model in ("core.fct_close_runs", "staging.stg_session_ends")}
    for _, n in BROKEN:
        land(suite.clean, suite.raw, n)  # the producer delivers the files again, whole
    wh.run()
    return first, waiting, recorded, wh.tables()


def test_each_broken_file_is_named_once_with_what_to_do_and_the_run_fails(broken, suite):
    first, *_ = broken
    assert first.returncode == 2
    errors = [line for line in first.stderr.splitlines() if line.startswith("sprint run: error: ")]
    assert len(errors) == len(BROKEN)
    for (dataset, n), reason in BROKEN.items():
        [line] = [e for e in errors if f"{day_folder(suite.raw, dataset, n) / PART}: " in e]
        assert reason in line and f"day {day(n)} waits: replace the file, then run again" in line
    # A plain `sqlmesh run` shows the same lines, from the signal, once per file.
    assert sum(line.startswith("raw_day_landed: ") for line in first.stderr.splitlines()) == len(BROKEN)


@pytest.mark.parametrize("model, column, held, unaffected", [
    ("core.fct_close_runs", "run_date", {1}, {0, 2, 3, 4}),
    ("staging.stg_session_ends", "event_date", {2, 3}, {0, 1, 4}),
    ("core.fct_player_sessions", "end_date", {2, 3}, {0, 1, 4}),
    # encounters of a day read the ticks of the days next to it
    ("core.fct_encounters", "encounter_date", {1}, {3, 4}),
])
def test_days_with_broken_files_wait_and_other_days_are_unaffected(broken, suite, model, column, held, unaffected):
    _, waiting, recorded, _ = broken
    assert rows_on(waiting[model], column, set(map(day, held))).empty
    same = set(map(day, unaffected))
    assert_same_tables({model: rows_on(waiting[model], column, same)},
                       {model: rows_on(suite.clean_tables()[model], column, same)})
    if model in recorded:
        assert recorded[model].isdisjoint(map(day, held))


def test_after_the_files_are_replaced_the_next_run_equals_the_clean_build(broken, suite):
    *_, final = broken
    assert_same_tables(final, {model: table for model, table in suite.clean_tables().items() if model in final})


# ---------------------------------------------------------------- damage a footer check does not see


@pytest.fixture(scope="module")
def damaged(suite: Suite, tmp_path_factory):
    wh = suite.warehouse("damaged-pages")
    for n in range(DAYS):
        land(suite.clean, suite.raw, n)
    corrupt_pages(day_folder(suite.raw, "session_ends", 3) / PART)
    truncate(day_folder(suite.raw, "heartbeats", 0) / PART)
    first = wh.cli("sprint", "run")
    waiting = wh.tables()
    q7 = wh.cli("sprint", "answer", "q7", "--json")
    with pytest.MonkeyPatch.context() as env:  # the dashboard reads both paths from the environment
        env.setenv("SPRINT_WAREHOUSE", str(wh.file))
        env.setenv("SPRINT_RAW_ROOT", str(suite.raw))
        page = AppTest.from_file(str(APP), default_timeout=120)
        page.run()
    for dataset, n in (("session_ends", 3), ("heartbeats", 0)):
        land(suite.clean, suite.raw, n, pattern=PART)  # delivered again, whole
    wh.run()
    return first, waiting, q7, page, wh.tables()


def test_corrupt_data_pages_hold_back_their_day_with_one_line_not_a_failed_run(damaged, suite):
    first, waiting, *_ = damaged
    pages = day_folder(suite.raw, "session_ends", 3) / PART
    assert first.returncode == 2, first.stderr[-3000:]
    assert "Traceback" not in first.stderr and "Failed to read file" not in first.stdout + first.stderr
    errors = [line for line in first.stderr.splitlines() if line.startswith("sprint run: error: ")]
    assert len(errors) == 2
    [line] = [e for e in errors if str(pages) in e]
    assert line.startswith(f"sprint run: error: {pages}: data pages cannot be read (")
    assert line.endswith(f"; day {day(3)} waits: replace the file, then run again")
    # Each day waits in the models that read its dataset; the other days do not, not even
    # those of the dataset whose first file is broken.
    for model, column, held in (("staging.stg_session_ends", "event_date", 3), ("core.fct_close_runs", "run_date", 0)):
        assert rows_on(waiting[model], column, {day(held)}).empty
        same = {day(n) for n in range(DAYS) if n != held}
        assert_same_tables({model: rows_on(waiting[model], column, same)},
                           {model: rows_on(suite.clean_tables()[model], column, same)})


def test_q7_and_the_answers_page_name_an_unreadable_file_and_measure_the_rest(damaged, suite):
    _, _, q7, page, _ = damaged
    truncated = day_folder(suite.raw, "heartbeats", 0) / PART
    assert q7.returncode == 2
    assert q7.stderr.startswith(f"sprint answer: error: {truncated}: not a readable Parquet file (")
    assert q7.stderr.endswith("); left out of Q7's raw sizes\n") and q7.stderr.count("\n") == 1
    answer = json.loads(q7.stdout)
    assert answer["unreadable_files"] == [{"file": str(truncated), "reason": answer["unreadable_files"][0]["reason"]}]
    assert {t["table"] for t in answer["tables"]} >= {"raw.purchases", "raw.heartbeats", "staging.stg_session_ends"}
    assert not page.exception, [e.value for e in page.exception]
    assert [w.value for w in page.warning if str(truncated) in w.value], [w.value for w in page.warning]


def test_once_the_damaged_files_are_delivered_again_the_next_run_equals_the_clean_build(damaged, suite):
    *_, final = damaged
    assert_same_tables(final, {model: table for model, table in suite.clean_tables().items() if model in final})
