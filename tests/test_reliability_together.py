"""Faults that arrive together, and changes a row count does not show.

- A wedge: day 2 lands in session_ends and purchases while its heartbeats file is broken, so
  the staging of sessions and purchases runs for day 2 and the models that need heartbeats
  wait. Then the producer delivers day 2 again: other session_ends and purchases files and a
  whole heartbeats file. The next `sprint run` must bring the warehouse to what the files now
  say, though `staging.load_counts`, computed for day 2 at last, checks every raw row against
  the staged ones.
- Changes far apart: a correction of day 0's sessions with as many rows, and a late file in
  day 4. Each is restated with its neighbours, as two ranges; day 2 is left alone.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from reliability_helpers import (DAYS, Suite, assert_same_tables, content, day, day_folder, deliver_table, land,
                                 replace_file, rows_on, truncate)

pytestmark = pytest.mark.slow

PART = "part-0000.parquet"
REASON = "files changed in, or landed next to, days already given to a run"


def batches(output: str, model: str) -> list[tuple[str, str]]:
    """The day ranges `sqlmesh run` printed for `model`'s batches."""
    return re.findall(rf"\] {re.escape(model)} +\[insert ([\d-]+) - ([\d-]+)", output)


@pytest.fixture(scope="module")
def wedged(suite: Suite):
    wh = suite.warehouse("wedged")
    for n in range(DAYS):
        land(suite.clean, suite.raw, n)
    truncate(day_folder(suite.raw, "heartbeats", 2) / PART)
    held = wh.cli("sprint", "run")
    staged = wh.recorded_days("staging.stg_session_ends"), wh.recorded_days("staging.load_counts")
    # Delivered again: the same sessions and purchases with their first ten rows repeated
    # (an overlapping delivery), and the heartbeats file whole.
    for dataset in ("session_ends", "purchases"):
        path = day_folder(suite.raw, dataset, 2) / PART
        table = pq.read_table(path)
        deliver_table(path, pa.concat_tables([table, table.slice(0, 10)]))
    replace_file(day_folder(suite.raw, "heartbeats", 2) / PART, (day_folder(suite.clean, "heartbeats", 2) / PART).read_bytes())
    healed = wh.cli("sprint", "run")
    return held, staged, healed, wh.tables("staging.stg_heartbeats"), wh.cli("sprint", "run")


def test_a_day_wedged_by_datasets_changing_apart_heals_on_the_next_run(wedged, suite):
    held, (sessions_done, counts_done), healed, tables, again = wedged
    assert held.returncode == 2
    assert day(2) in sessions_done and day(2) not in counts_done  # the wedge: staged, not yet counted
    assert healed.returncode == 0, healed.stdout[-3000:] + healed.stderr[-3000:]
    # Every dataset changed on day 2: sessions and purchases delivered again, heartbeats whole at last.
    days = f"{day(1)} .. {day(3)}"
    assert healed.stderr.splitlines()[0] == (
        f"sprint run: restating heartbeats {days}; purchases {days}; session_ends {days}: {REASON}")
    assert_same_tables(content(tables), content(suite.clean_tables()))
    counts = rows_on(tables["staging.load_counts"], "event_date", {day(2)})
    [sessions] = counts[counts["dataset"] == "session_ends"].itertuples()
    assert (sessions.raw_rows - sessions.staged_rows, sessions.duplicate_rows) == (10, 10)
    assert again.returncode == 0 and "restating" not in again.stderr  # nothing left to catch up


@pytest.fixture(scope="module")
def corrected(suite: Suite):
    wh = suite.warehouse("corrected")
    for n in range(DAYS):
        land(suite.clean, suite.raw, n)
    wh.run()
    # Day 0: every player scored one kill more than first reported; as many rows, other values.
    path = day_folder(suite.raw, "session_ends", 0) / PART
    table = pq.read_table(path)
    deliver_table(path, table.set_column(table.schema.get_field_index("kills"), "kills",
                                   pc.add(table["kills"], pa.scalar(1, table.schema.field("kills").type))))
    # Day 4: a late file with five sessions of new players.
    late = pq.read_table(day_folder(suite.raw, "session_ends", 4) / PART).slice(0, 5)
    late = late.set_column(1, "player_id", pc.add(late["player_id"], pa.scalar(10**9, late.schema.field(1).type)))
    deliver_table(day_folder(suite.raw, "session_ends", 4) / "late-0001.parquet", late)
    run = wh.cli("sprint", "run")
    return run, wh.tables("staging.stg_heartbeats"), suite.rebuilt("corrected-rebuilt")


def test_a_correction_with_as_many_rows_and_a_far_late_file_are_restated_as_two_ranges(corrected):
    run, tables, rebuilt = corrected
    assert run.returncode == 0, run.stderr[-3000:]
    assert f"sprint run: restating session_ends {day(0)} .. {day(1)}, {day(3)} .. {day(4)}: {REASON}" in (
        run.stderr.splitlines())
    assert batches(run.stdout, "staging.stg_session_ends") == [(str(day(0)), str(day(1))), (str(day(3)), str(day(4)))]
    assert_same_tables(tables, rebuilt)  # what the files now say
