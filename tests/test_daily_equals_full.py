"""Built one day at a time, with late data, the warehouse holds what one build of the same files
holds (issue 13): no model keeps a row that a later file changed.

A generated game lands day by day (`generator.generate` one day at a time writes that day and
the late files of the day five days before it), with duplicate deliveries, and `sprint run`
runs after each day, as a scheduler would start it: its run processes the new day, and its
restatement reloads the days late files changed and, through the models that carry state
forward (core.dim_players, core.dim_payers, core.dim_player_state), everything after them.
Then one `sqlmesh plan` builds another warehouse from the final files, and every model, views
included, must hold the same rows in both.

A few hand-made players land alongside (ids from 9,000,000,001, which the generator never
uses), for what generated data rarely shows:

- buyer A buys on day 2 before ever playing; his first session, in NZ, lands on day 5 with
  its day, three days after the purchase: the purchase is NZ's, and day 5's cohort's.
- player B plays on day 1 in IS, but that session's file lands six days late, with day 7; he
  plays on time on day 4 in FI and buys on days 3 and 4. Until day 7 he installed on day 4 and
  his day-3 purchase (before any session) was FI's; once the late file lands he installed on
  day 1 and the purchase is IS's (his latest session then).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator import FaultConfig, generate
from generator.calendar import LAUNCH_DATE
from reliability_helpers import assert_same_tables
from scratch import REPO, Scratch
from warehouse_fixtures import ts, write_day

pytestmark = pytest.mark.slow

PLAYERS, SEED, DAYS = 400, 13, 8  # day 7 brings the last late files: B's and day 2's
FAULTS = FaultConfig(duplicate_rate=0.03, late_rate=0.08, late_delay_days=5)
BUYER_A, PLAYER_B = 9_000_000_001, 9_000_000_002
# Every model but the raw views, which read the same files in both warehouses.
MODELS = sorted(f"{path.parent.name}.{path.stem}" for path in (REPO / "models").glob("*/*.sql")
                if path.parent.name != "raw")


def day(n: int) -> dt.date:
    return LAUNCH_DATE + dt.timedelta(days=n)


def at(n: int, clock: str) -> dt.datetime:
    return ts(f"{day(n)} {clock}")


def session(session_id: int, player_id: int, n: int, start: str, minutes: int, country: str) -> tuple:
    end = at(n, start) + dt.timedelta(minutes=minutes)
    return (session_id, player_id, end, country, minutes * 60, 1, 1)


def land_handmade(raw: Path, n: int) -> None:
    """What lands with day n besides the generated files (its own day has landed just before)."""
    sessions = {
        4: [session(9_000_000_004, PLAYER_B, 4, "12:00:00", 30, "FI")],
        5: [session(9_000_000_005, BUYER_A, 5, "10:00:00", 30, "NZ")],
    }
    purchases = {
        2: [(9_000_000_002, BUYER_A, at(2, "10:00:00"), "pack_starter", 4.99)],
        3: [(9_000_000_003, PLAYER_B, at(3, "09:00:00"), "cur_500", 4.99)],
        4: [(9_000_000_004, PLAYER_B, at(4, "13:00:00"), "cur_1100", 9.99)],
    }
    if n in sessions:
        write_day(raw, "session_ends", str(day(n)), sessions[n], file_name="handmade.parquet")
    if n in purchases:
        write_day(raw, "purchases", str(day(n)), purchases[n], file_name="handmade.parquet")
    if n == 7:  # player B's day-1 session, six days late
        write_day(raw, "session_ends", str(day(1)), [session(9_000_000_001, PLAYER_B, 1, "12:00:00", 20, "IS")],
                  file_name="late-handmade.parquet")


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Scratch, Scratch]:
    """(built day by day with sprint run, planned once over the final files)"""
    root = tmp_path_factory.mktemp("daily_equals_full")
    daily = Scratch(root / "daily")
    for n in range(DAYS):
        generate(daily.raw, players=PLAYERS, start=day(n), days=1, seed=SEED, faults=FAULTS)
        land_handmade(daily.raw, n)
        if n == 0:
            daily.plan()  # prod exists from the first day on; every later day is sprint run's
        daily.run()
    full = Scratch(root / "full", raw=daily.raw)
    full.plan()
    return daily, full


def test_every_model_equals_one_build_of_the_same_files(builds):
    daily, full = builds
    assert_same_tables(daily.tables(*MODELS), full.tables(*MODELS))


def test_late_files_were_restated_forward(builds):
    """The generated late files were five days late, and B's six: past any lookback."""
    daily, _ = builds
    late = daily.query("SELECT COUNT(*) FROM raw.session_ends WHERE source_file LIKE '%late-%'")[0][0]
    assert late > 0
    assert daily.query(f"SELECT first_play_date FROM core.dim_players WHERE player_id = '{PLAYER_B}'") == [(day(1),)]


def test_a_purchase_before_the_first_session_takes_its_country(builds):
    daily, _ = builds
    assert daily.query(f"SELECT country FROM core.fct_purchases WHERE player_id = '{BUYER_A}'") == [(None,)]
    assert daily.query(
        "SELECT country, CAST(revenue_usd AS DOUBLE), paying_users FROM marts.kpi_revenue_by_country "
        f"WHERE purchase_date = DATE '{day(2)}' AND country = 'NZ'") == [("NZ", 4.99, 1)]
    assert daily.query(
        "SELECT CAST(revenue_usd AS DOUBLE) FROM marts.kpi_ltv_cohorts "
        f"WHERE cohort_date = DATE '{day(5)}' AND day_n = 0")[0][0] >= 4.99


def test_a_late_first_session_moves_a_purchase_to_its_country(builds):
    daily, _ = builds
    assert daily.query(
        "SELECT purchase_date, latest_session_country, country FROM core.fct_purchases "
        f"WHERE player_id = '{PLAYER_B}' ORDER BY purchase_date") == [(day(3), "IS", "IS"), (day(4), "FI", "FI")]
