"""Q7's measurement and projection on inputs small enough to check by hand."""

from __future__ import annotations

import duckdb
import pytest

import reference_answers as ref
from sprint import sizing
from test_answers_handmade import write_handmade


HEARTBEAT = {"session_id", "player_id", "team_id", "event_ts", "position_x", "position_y", "position_z"}


@pytest.mark.parametrize("columns, one_row_per_player, driver", [
    (HEARTBEAT, False, "session_minutes"),  # raw and staged heartbeats, their quarantine
    ({"session_id", "player_a", "player_b", "encounter_date", "position_x"}, False, "session_minutes"),
    ({"session_id", "team_a", "team_b", "encounter_date"}, False, "session_minutes"),
    ({"session_id", "player_id", "event_ts", "country", "event_length_s"}, False, "sessions"),
    ({"session_id", "encounter_date", "encounters"}, False, "sessions"),  # the q6 mart
    ({"purchase_id", "player_id", "event_ts", "price_usd"}, False, "active_players"),
    ({"player_id", "play_date", "play_seconds"}, False, "active_players"),
    ({"player_id", "month_start", "streak_days"}, False, "active_players"),
    ({"player_id", "first_play_date", "home_country"}, True, "registrations"),
    ({"date_day", "week_start", "month_start"}, False, "calendar"),
    ({"week_start", "country", "revenue_usd"}, False, "calendar"),
])
def test_each_table_follows_one_driver(columns, one_row_per_player, driver):
    assert sizing.driver_of(columns, one_row_per_player) == driver


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
    days, tables, unreadable = sizing.measure_raw(tmp_path)
    expected = ref.raw_sizes(tmp_path)
    assert days == 8 and unreadable == []
    for table in tables:
        dataset = table["table"].removeprefix("raw.")
        assert table["rows"] / days == expected[dataset]["rows_per_day"]
        assert table["bytes"] / days == expected[dataset]["bytes_per_day"]
