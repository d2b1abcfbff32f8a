"""The warehouse end to end with the real sqlmesh CLI, on a copy of the project in tmp_path.

A small generated dataset (duplicates and late files on) is built into prod; one more day
lands (with a late file for the day before) and `sqlmesh run` must process exactly that
day and pick the late file up; a late file with no new day after it must reach core
through `sprint run`; a model change then builds a `dev` environment while prod stays as
it was. Nothing is written to the repository.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from generator import FaultConfig, generate
from generator.calendar import LAUNCH_DATE
from scratch import Scratch
from warehouse_fixtures import copy_project, ts, write_day

pytestmark = pytest.mark.slow

PLAYERS = 1500
SEED = 11
FAULTS = FaultConfig(duplicate_rate=0.02, late_rate=0.05, late_delay_days=1)
FIRST_DAYS = 3
NATURAL_KEYS = {
    "session_ends": "session_id, player_id",
    "purchases": "purchase_id",
    "heartbeats": "session_id, player_id, event_ts",
}
INCREMENTAL_MODELS = [
    "staging.stg_session_ends",
    "staging.stg_purchases",
    "core.fct_close_runs",
    "staging.load_counts",
    "core.fct_player_sessions",
    "core.fct_player_session_days",
    "core.fct_player_day",
    "core.fct_purchases",
    "core.fct_encounters_near_midnight",
    "core.fct_team_encounters_within_day",
    "core.fct_team_encounters_near_midnight",
]


def day(offset: int) -> dt.date:
    return LAUNCH_DATE + dt.timedelta(days=offset)


class Warehouse(Scratch):
    """A scratch warehouse over a copy of the project, so a test may change a model."""

    def __init__(self, root: Path):
        super().__init__(root, project=copy_project(root / "project"))

    def generate(self, start: dt.date, days: int) -> None:
        generate(self.raw, players=PLAYERS, start=start, days=days, seed=SEED, faults=FAULTS)

    def covered_until(self) -> dict[str, dt.date]:
        """Per prod model: the day after its last processed interval (from SQLMesh's state)."""
        rows = self.query(
            "SELECT name, MAX(end_ts) FROM sqlmesh._intervals WHERE NOT is_dev AND NOT is_removed GROUP BY name"
        )
        return {
            name.replace('"', "").removeprefix("sprint."): dt.datetime.fromtimestamp(end / 1000, dt.timezone.utc).date()
            for name, end in rows
        }

    def raw_counts(self, dataset: str, on: dt.date) -> tuple[int, int]:
        """(rows, distinct natural keys) in the raw files of one day, read straight from Parquet."""
        files = self.raw / dataset / f"event_date={on}" / "*.parquet"
        (counts,) = duckdb.sql(
            f"SELECT COUNT(*), COUNT(DISTINCT ({NATURAL_KEYS[dataset]})) FROM read_parquet('{files}')"
        ).fetchall()
        return counts


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Warehouse:
    wh = Warehouse(tmp_path_factory.mktemp("warehouse_e2e"))
    wh.generate(LAUNCH_DATE, FIRST_DAYS)
    wh.plan()
    return wh


def test_prod_build_covers_exactly_the_landed_days(built):
    covered = built.covered_until()
    for model in INCREMENTAL_MODELS:
        assert covered[model] == day(FIRST_DAYS), model


def test_every_raw_row_is_staged_duplicate_or_quarantined(built):
    for dataset in NATURAL_KEYS:
        for offset in range(FIRST_DAYS):
            raw_rows, keys = built.raw_counts(dataset, day(offset))
            counts = built.query(
                "SELECT raw_rows, staged_rows, duplicate_rows, quarantined_rows FROM staging.load_counts"
                f" WHERE dataset = '{dataset}' AND event_date = DATE '{day(offset)}'"
            )
            if raw_rows == 0:
                assert counts == []
                continue
            ((raw, staged, duplicates, quarantined),) = counts
            assert raw == raw_rows and staged + duplicates + quarantined == raw
            assert staged == keys  # the generator's faults never break the contract


def test_midnight_split_keeps_every_second(built):
    (sessions, days) = built.query(
        "SELECT (SELECT SUM(session_seconds) FROM core.fct_player_sessions),"
        " (SELECT SUM(play_seconds) FROM core.fct_player_session_days)"
    )[0]
    assert sessions == days > 0


def test_next_day_is_processed_by_run_and_late_file_picked_up(built):
    late_day, new_day = day(FIRST_DAYS - 1), day(FIRST_DAYS)
    loaded = f"SELECT raw_rows FROM staging.load_counts WHERE dataset = 'heartbeats' AND event_date = DATE '{late_day}'"
    [(loaded_before,)] = built.query(loaded)
    built.generate(new_day, 1)  # writes new_day and a late file into late_day's folder
    assert list((built.raw / "heartbeats" / f"event_date={late_day}").glob("late-*.parquet"))

    built.run()  # sqlmesh run processes new_day; the late file restates late_day (no lookback reaches it)

    covered = built.covered_until()
    for model in INCREMENTAL_MODELS:
        assert covered[model] == new_day + dt.timedelta(days=1), model
    late_day_rows, _ = built.raw_counts("heartbeats", late_day)
    assert built.query(loaded) == [(late_day_rows,)] and late_day_rows > loaded_before
    assert built.query(f"SELECT COUNT(*) > 0 FROM core.fct_player_day WHERE play_date = DATE '{new_day}'") == [(True,)]
    # so is a model built on the weekly player state (its signal, not the wall clock, opens the interval)
    assert built.query("SELECT MAX(play_date) FROM core.fct_player_lifetime WHERE played") == [(new_day,)]

    # nothing new has landed: a second run has nothing to do
    assert built.covered_until() == covered
    built.sqlmesh("run")
    assert built.covered_until() == covered


def test_late_file_without_a_new_day_is_picked_up_by_sprint_run(built):
    newest = day(FIRST_DAYS)
    covered = built.covered_until()
    # a session from 23:50 the day before to 00:05 on the newest, processed, day
    write_day(built.raw, "session_ends", newest.isoformat(),
              [(9_000_000_001, 9_000_000_001, ts(f"{newest} 00:05:00"), "DE", 900, 2, 1)],
              file_name=f"late-{newest + dt.timedelta(days=1)}.parquet")

    built.run()  # a plain `sqlmesh run` has nothing missing: sprint run restates the day

    after = built.covered_until()
    assert all(after[model] == covered[model] for model in INCREMENTAL_MODELS)  # no day was added
    assert built.query(
        "SELECT play_date, play_seconds, kills FROM core.fct_player_day WHERE player_id = '9000000001' ORDER BY 1"
    ) == [(newest - dt.timedelta(days=1), 600, 0), (newest, 300, 2)]


def test_model_change_builds_dev_without_touching_prod(built):
    prod_rows = built.query("SELECT COUNT(*), SUM(play_seconds) FROM core.fct_player_day")
    model = built.project / "models" / "core" / "fct_player_day.sql"
    original = model.read_text()
    changed = original.replace(
        "AS deaths /* deaths of the sessions that ended on play_date */",
        "AS deaths, /* deaths of the sessions that ended on play_date */\n"
        "  CAST(COALESCE(p.play_seconds, 0) / 60.0 AS DOUBLE) AS play_minutes /* play_seconds in minutes */",
    )
    assert changed != original
    model.write_text(changed)
    # plan runs the YAML tests first; the model's own test does not know the new column
    built.sqlmesh("plan", "dev", "--auto-apply", "--no-prompts", "--skip-tests")

    assert built.query("SELECT COUNT(*), SUM(play_seconds) FROM core.fct_player_day") == prod_rows
    prod_columns = [name for (name,) in built.query(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'core' AND table_name = 'fct_player_day'"
    )]
    assert "play_minutes" not in prod_columns
    dev = built.query("SELECT COUNT(*), SUM(play_seconds), SUM(play_minutes) * 60 FROM core__dev.fct_player_day")
    assert dev[0][0] == prod_rows[0][0] and dev[0][1] == prod_rows[0][1]
    assert dev[0][2] == pytest.approx(prod_rows[0][1])
