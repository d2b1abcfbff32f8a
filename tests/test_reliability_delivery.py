"""Duplicates, late files and a missing day: every event counted once, nothing lost.

One generated delivery with FAULTS (duplicate rows in the on-time file and in an
overlapping redelivery file, 10 % of sessions and purchases held back as late files),
landed as a scheduler would see it, with a `sprint run` after each step:

1. days 0, 1, 3, 4 land on time; day 2 has not landed;
2. the late files of days 0, 1 and 3 land in their already-processed day folders;
3. day 2 lands (with its late file), and the late file of day 4, the newest day.

Then the warehouse must equal the one built from the clean generation of the same days,
and re-running or restating a range must not change a row.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow.parquet as pq
import pytest

from reliability_helpers import DAYS, Suite, assert_same_tables, content, day, day_folder, land, rows_on
from scratch import Scratch
from generator.contract import DATASET_NAMES as DATASETS

pytestmark = pytest.mark.slow

MISSING = 2  # the day that lands last
ON_TIME = "[pr]*.parquet"  # part-0000 and the overlapping redelivery-0000
NATURAL_KEYS = {"session_ends": ["session_id", "player_id"], "purchases": ["purchase_id"],
                "heartbeats": ["session_id", "player_id", "event_ts"]}
STAGED = {"session_ends": "staging.stg_session_ends", "purchases": "staging.stg_purchases",
          "heartbeats": "staging.stg_heartbeats"}


def late_file(n: int) -> str:
    """The name of day n's late file: the generator delivers it with the next day."""
    return f"late-{day(n + 1).isoformat()}.parquet"


def delivered(root, dataset: str, n: int) -> pd.DataFrame:
    return pd.concat([pq.read_table(p).to_pandas() for p in sorted(day_folder(root, dataset, n).glob("*.parquet"))])


@dataclass
class Timeline:
    wh: Scratch
    first: dict  # after step 1
    second: dict  # after step 2
    third: dict  # after step 3
    rerun: dict  # after a `sprint run` with nothing new
    restated: dict  # after restating days 1..3
    delivered_rows: dict  # (dataset, day) -> rows in its files at step 1
    delivered_keys: dict  # (dataset, day) -> distinct natural keys in its files at step 1
    recorded_first: dict  # model -> days SQLMesh recorded as done after step 1
    late_sessions: pd.DataFrame  # the late session_ends of days 0, 1 and 3
    messages: list[str]  # stderr of the four `sprint run`s


def time_partitioned_models(wh: Scratch) -> list[str]:
    names = wh.query("SELECT name FROM sqlmesh._snapshots WHERE kind_name = 'INCREMENTAL_BY_TIME_RANGE'")
    # core.dim_date is a calendar spine with no raw input: it covers every day by design.
    return sorted({name.replace('"', "").removeprefix("sprint.") for (name,) in names} - {"core.dim_date"})


@pytest.fixture(scope="module")
def timeline(suite: Suite) -> Timeline:
    wh = suite.warehouse("timeline")
    landed = [n for n in range(DAYS) if n != MISSING]
    for n in landed:
        land(suite.faulted, suite.raw, n, ON_TIME)
    messages = [wh.run().stderr]
    first = wh.tables("staging.stg_heartbeats")
    delivered_rows = {(d, n): len(delivered(suite.raw, d, n)) for d in DATASETS for n in landed}
    delivered_keys = {(d, n): len(delivered(suite.raw, d, n).drop_duplicates(NATURAL_KEYS[d]))
                      for d in DATASETS for n in landed}
    recorded_first = {model: wh.recorded_days(model) for model in time_partitioned_models(wh)}

    late_days = [0, 1, 3]
    for n in late_days:
        land(suite.faulted, suite.raw, n, late_file(n))
    late_sessions = pd.concat([pq.read_table(day_folder(suite.raw, "session_ends", n) / late_file(n)).to_pandas()
                               for n in late_days])
    messages.append(wh.run().stderr)
    second = wh.tables("staging.stg_heartbeats")

    land(suite.faulted, suite.raw, MISSING, ON_TIME)
    land(suite.faulted, suite.raw, MISSING, late_file(MISSING))
    land(suite.faulted, suite.raw, DAYS - 1, late_file(DAYS - 1))
    messages.append(wh.run().stderr)
    third = wh.tables("staging.stg_heartbeats")

    messages.append(wh.run().stderr)
    rerun = wh.tables("staging.stg_heartbeats")
    wh.sqlmesh("plan", "prod", "--restate-model", "staging.*", "--start", str(day(1)), "--end", str(day(3)),
               "--auto-apply", "--no-prompts", "--skip-tests", "--skip-linter")
    restated = wh.tables("staging.stg_heartbeats")
    return Timeline(wh, first, second, third, rerun, restated, delivered_rows, delivered_keys, recorded_first,
                    late_sessions, messages)


def test_duplicate_and_overlapping_deliveries_are_counted_once(timeline):
    counts = timeline.first["staging.load_counts"].assign(day=lambda f: pd.to_datetime(f["event_date"]).dt.date)
    counts = counts.set_index(["dataset", "day"])
    assert counts["duplicate_rows"].sum() > 0  # the faults did deliver rows twice
    for (dataset, n), rows in timeline.delivered_rows.items():
        keys = timeline.delivered_keys[dataset, n]
        # one staged row per distinct natural key; every other delivered row is a counted duplicate
        expected = (rows, keys, rows - keys, 0)
        columns = ["raw_rows", "staged_rows", "duplicate_rows", "quarantined_rows"]
        actual = tuple(counts.loc[(dataset, day(n)), columns]) if rows else (0, 0, 0, 0)  # no rows, no count row
        assert actual == expected, (dataset, day(n))
        assert len(rows_on(timeline.first[STAGED[dataset]], "event_date", {day(n)})) == keys


def test_a_day_that_has_not_landed_waits_and_is_never_recorded_empty(timeline):
    for model, done in timeline.recorded_first.items():
        assert day(MISSING) not in done, f"{model} recorded {day(MISSING)} before it landed"
    assert day(0) in timeline.recorded_first["staging.stg_session_ends"]
    assert day(DAYS - 1) in timeline.recorded_first["staging.stg_session_ends"]
    for model, column in [("staging.stg_heartbeats", "event_date"), ("core.fct_player_sessions", "end_date"),
                          ("core.fct_player_day", "play_date"), ("marts.q1_daily_play_time", "play_date")]:
        assert rows_on(timeline.first[model], column, {day(MISSING)}).empty, model
        assert rows_on(timeline.second[model], column, {day(MISSING)}).empty, model


def test_late_files_reach_core_and_marts_on_the_next_run(timeline, suite):
    clean = suite.clean_tables()
    sessions = timeline.second["core.fct_player_sessions"]
    keys = set(zip(sessions["session_id"], sessions["player_id"]))
    late = set(zip(timeline.late_sessions["session_id"].astype(str), timeline.late_sessions["player_id"].astype(str)))
    assert late and late <= keys
    # Days whose files are all in already agree with the clean build, in core and in the
    # marts: sessions by the day they end; play time on D also needs the sessions ending on D + 1.
    for model, column, complete in [("core.fct_player_sessions", "end_date", {0, 1, 3}),
                                    ("core.fct_player_day", "play_date", {0}),
                                    ("marts.q1_daily_play_time", "play_date", {0}),
                                    ("marts.q3_daily_country_play_time", "play_date", {0})]:
        days = set(map(day, complete))
        assert_same_tables({model: rows_on(timeline.second[model], column, days)},
                           {model: rows_on(clean[model], column, days)})


def test_sprint_run_restates_the_days_whose_files_changed(timeline):
    restating = [[line for line in stderr.splitlines() if line.startswith("sprint run: restating")]
                 for stderr in timeline.messages]
    reason = "files changed in, or landed next to, days already given to a run"
    assert restating == [
        [],
        # late files (sessions, heartbeats and an empty one of purchases) for days 0, 1 and 3:
        # those days ± 1 where something landed, overlapping ranges merged
        [f"sprint run: restating heartbeats {day(0)} .. {day(4)}; purchases {day(0)} .. {day(4)}; "
         f"session_ends {day(0)} .. {day(4)}: {reason}"],
        # day 2 filled a gap (days 1 and 3 were computed without it), and day 4's late file
        [f"sprint run: restating heartbeats {day(1)} .. {day(4)}; purchases {day(1)} .. {day(4)}; "
         f"session_ends {day(1)} .. {day(4)}: {reason}"],
        [],
    ]


def test_once_everything_landed_the_warehouse_equals_the_clean_build(timeline, suite):
    assert_same_tables(content(timeline.third), content(suite.clean_tables()))


def test_rerun_and_restatement_change_nothing(timeline):
    assert_same_tables(timeline.rerun, timeline.third)
    assert_same_tables(timeline.restated, timeline.third)


def test_a_warehouse_built_without_sprint_run_still_has_its_late_files_restated(suite):
    """`sqlmesh plan` or a bare `sqlmesh run` keeps no record of the files it was given: the
    first `sprint run` takes what staging.load_counts counted instead, so a late file that
    landed in between is not taken as already loaded."""
    wh = suite.warehouse("unrecorded")
    for n in range(DAYS - 1):
        land(suite.faulted, suite.raw, n, ON_TIME)
    wh.sqlmesh("run")
    land(suite.faulted, suite.raw, 0, late_file(0))
    late = pq.read_table(day_folder(suite.raw, "session_ends", 0) / late_file(0)).to_pandas()
    stderr = wh.run().stderr
    assert f"sprint run: restating heartbeats {day(0)} .. {day(1)}" in stderr
    staged = wh.tables()["staging.stg_session_ends"]
    assert set(late["session_id"].astype(str)) <= set(staged["session_id"])
