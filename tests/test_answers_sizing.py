"""Q7's measurement and projection on inputs small enough to check by hand."""

from __future__ import annotations

import duckdb
import pytest

import reference_answers as ref
from sprint import sizing
from test_answers_handmade import write_handmade


@pytest.mark.parametrize("table, driver", [
    ("raw.heartbeats", "session_minutes"),
    ("staging.quarantine_heartbeats", "session_minutes"),
    ("core.fct_encounters", "session_minutes"),
    ("marts.q6_session_day_encounters", "session_minutes"),
    ("core.fct_player_session_days", "sessions"),
    ("raw.session_ends", "sessions"),
    ("core.fct_purchases", "active_players"),
    ("core.fct_player_day", "active_players"),
    ("core.dim_players", "registrations"),
    ("core.dim_date", "calendar"),
    ("marts.q4_player_kd_streaks", "active_players"),
    ("marts.q2_weekly_players", "calendar"),
    ("marts.q5_weekly_country_revenue", "calendar"),
])
def test_each_table_follows_one_driver(table, driver):
    assert sizing.driver_of(table) == driver


def test_projection_scales_measured_rows_by_the_driver():
    measured = {"days": 10, "registered_players": 1000, "active_players_per_day": 100,
                "sessions_per_active_day": 2, "minutes_per_session": 10, "registrations_per_day": 100}
    tables = [{"table": "raw.heartbeats", "rows_per_day": 100, "bytes_per_day": 1000, "driver": "session_minutes"},
              {"table": "core.dim_date", "rows_per_day": 1, "bytes_per_day": 10, "driver": "calendar"}]
    scenario = sizing.Scenario("t", daily_active_share=0.1, sessions_per_active_day=3, minutes_per_session=20)
    rows = {p["table"]: p for p in sizing.project(tables, measured, [scenario])}
    # 2 M active x 3 sessions x 20 min = 120 M session-minutes a day against 100 x 2 x 10 = 2,000 measured.
    assert rows["raw.heartbeats"]["rows_per_day"] == pytest.approx(100 * 60_000)
    assert rows["raw.heartbeats"]["bytes_per_day"] == pytest.approx(1000 * 60_000)
    # Players grow linearly to 20 M over 730 days: half of 730 end-state days.
    assert rows["raw.heartbeats"]["bytes_two_years"] == pytest.approx(1000 * 60_000 * 365)
    assert rows["core.dim_date"] == {"scenario": "t", "table": "core.dim_date", "rows_per_day": 1,
                                     "bytes_per_day": 10, "bytes_two_years": 7300}
    assert rows["total"]["bytes_two_years"] == pytest.approx(1000 * 60_000 * 365 + 7300)


def test_table_bytes_apportion_the_file_blocks(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE big AS SELECT range AS i, random() AS r FROM range(500000)")
        con.execute("CREATE TABLE small AS SELECT range AS i FROM range(100)")
    con = duckdb.connect()
    con.execute(f"ATTACH '{path}' AS sprint (READ_ONLY)")
    sizes = sizing.table_bytes(con, ["main.big", "main.small"])
    block_size, used_blocks = con.execute(
        "SELECT block_size, used_blocks FROM pragma_database_size() WHERE database_name = 'sprint'").fetchone()
    # Every data block is someone's; the rest of the file is metadata.
    assert 0 < sizes["main.small"] <= block_size < sizes["main.big"]
    assert (used_blocks - 2) * block_size <= sum(sizes.values()) <= used_blocks * block_size


def test_raw_measurement_matches_the_reference(tmp_path):
    write_handmade(tmp_path)
    days, tables = sizing.measure_raw(tmp_path)
    expected = ref.raw_sizes(tmp_path)
    assert days == 8
    for table in tables:
        dataset = table["table"].removeprefix("raw.")
        assert table["rows"] / days == expected[dataset]["rows_per_day"]
        assert table["bytes"] / days == expected[dataset]["bytes_per_day"]
