"""The KPI marts end to end: raw Parquet -> `sqlmesh plan` -> marts, checked by hand and by invariant.

A hand-made game of four days whose KPIs are worked out in the comments, and the small
generated game of kpi_helpers, on which identities that must hold for any data are checked
(DAU <= WAU <= MAU, D0 = 100 %, revenue reconciling with core.fct_purchases) and which,
built day by day with `sqlmesh run`, must give the same KPIs as in one build.

2026-09-07 (launch) .. 09-10; play runs to 09-10, so 09-09 is the last complete day.
  player 1 (US): sessions ending 09-07 10:00 (30 min), 09-08 10:00 (60 min), 09-10 10:00 (10 min)
  player 2 (DE): one session ending 09-07 12:00 (20 min), never again
  player 3 (FR): sessions ending 09-09 09:00 and 09-10 09:00 (10 min each)
  purchases: 09-07 11:00 player 1 cur_500 4.99 (after his 10:00 session ended: US);
             09-07 11:00 player 2 cur_1100 9.99 (before his first session ended: its country DE);
             09-08 08:00 player 4 boost_xp_1h 1.99 (never plays: ZZ, and no install cohort)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.calendar import LAUNCH_DATE
from kpi_helpers import GENERATED, land_quiet_days
from scratch import Scratch
from warehouse_fixtures import ts, write_day

pytestmark = pytest.mark.slow
D = dt.date.fromisoformat


def session(session_id, player_id, end, minutes, country):
    return (session_id, player_id, ts(end), country, minutes * 60, 0, 0)


def write_handmade(raw: Path) -> None:
    write_day(raw, "session_ends", "2026-09-07", [session(1, 1, "2026-09-07 10:00:00", 30, "US"),
                                                  session(2, 2, "2026-09-07 12:00:00", 20, "DE")])
    write_day(raw, "session_ends", "2026-09-08", [session(3, 1, "2026-09-08 10:00:00", 60, "US")])
    write_day(raw, "session_ends", "2026-09-09", [session(4, 3, "2026-09-09 09:00:00", 10, "FR")])
    write_day(raw, "session_ends", "2026-09-10", [session(5, 1, "2026-09-10 10:00:00", 10, "US"),
                                                  session(6, 3, "2026-09-10 09:00:00", 10, "FR")])
    write_day(raw, "purchases", "2026-09-07", [(1, 1, ts("2026-09-07 11:00:00"), "cur_500", 4.99),
                                               (2, 2, ts("2026-09-07 11:00:00"), "cur_1100", 9.99)])
    write_day(raw, "purchases", "2026-09-08", [(3, 4, ts("2026-09-08 08:00:00"), "boost_xp_1h", 1.99)])
    land_quiet_days(raw, LAUNCH_DATE, D("2026-09-10"))


@pytest.fixture(scope="module")
def handmade(tmp_path_factory) -> Scratch:
    scratch = Scratch(tmp_path_factory.mktemp("kpi_handmade"))
    write_handmade(scratch.raw)
    scratch.plan()
    return scratch


def rows(scratch: Scratch, sql: str) -> list[tuple]:
    return scratch.query(sql)


def test_daily_activity_by_hand(handmade):
    assert rows(handmade, "SELECT date_day, active_players, rolling_7d_players, rolling_30d_players, new_players, "
                          "returning_players, sessions, median_play_seconds, p90_play_seconds "
                          "FROM marts.kpi_daily_activity ORDER BY date_day") == [
        (D("2026-09-07"), 2, 2, 2, 2, 0, 2, 1200, 1800),  # 20 and 30 min: nearest-rank median is the lower
        (D("2026-09-08"), 1, 2, 2, 0, 1, 1, 3600, 3600),
        (D("2026-09-09"), 1, 3, 3, 1, 0, 1, 600, 600),
        (D("2026-09-10"), 2, 3, 3, 0, 2, 2, 600, 600),
    ]


def test_retention_triangle_by_hand(handmade):
    # Cohort 09-07 = {1, 2}: D0 both, D1 player 1; D3 is 09-10, past the last complete day 09-09.
    # Cohort 09-09 = {3}: D0 only; D1 (09-10) not reached yet, so NULL, never 0.
    got = rows(handmade, "SELECT cohort_date, day_n, cohort_players, classic_retention, rolling_retention "
                         "FROM marts.kpi_retention_cohorts WHERE day_n <= 3 ORDER BY cohort_date, day_n")
    assert got == [
        (D("2026-09-07"), 0, 2, 1.0, 1.0),
        (D("2026-09-07"), 1, 2, 0.5, 0.5),
        (D("2026-09-07"), 3, 2, None, None),
        (D("2026-09-09"), 0, 1, 1.0, 1.0),
        (D("2026-09-09"), 1, 1, None, None),
        (D("2026-09-09"), 3, 1, None, None),
    ]
    assert rows(handmade, "SELECT day_n, mature_cohorts, cohort_players, classic_retention "
                          "FROM marts.kpi_retention_headline ORDER BY day_n") == [
        (1, 1, 2, 0.5), (7, 0, 0, None), (30, 0, 0, None)]


def test_revenue_by_hand(handmade):
    assert rows(handmade, "SELECT date_day, CAST(revenue_usd AS DOUBLE), paying_users, active_paying_users, "
                          "first_time_payers, arpdau_usd, payer_conversion "
                          "FROM marts.kpi_revenue_daily WHERE purchases > 0 ORDER BY date_day") == [
        (D("2026-09-07"), 14.98, 2, 2, 2, 7.49, 1.0),
        (D("2026-09-08"), 1.99, 1, 0, 1, 1.99, 0.0),  # player 4 paid without playing
    ]
    assert rows(handmade, "SELECT purchase_date, country, CAST(revenue_usd AS DOUBLE) FROM marts.kpi_revenue_by_country "
                          "ORDER BY purchase_date, country") == [
        (D("2026-09-07"), "DE", 9.99), (D("2026-09-07"), "US", 4.99), (D("2026-09-08"), "ZZ", 1.99)]
    # Cohort 09-07's 14.98 over its 2 players, flat to the last complete day; player 4 has no cohort.
    assert rows(handmade, "SELECT cohort_date, day_n, ltv_usd FROM marts.kpi_ltv_cohorts ORDER BY ALL") == [
        (D("2026-09-07"), 0, 7.49), (D("2026-09-07"), 1, 7.49), (D("2026-09-07"), 2, 7.49),
        (D("2026-09-09"), 0, 0.0)]


@pytest.fixture(scope="module", params=["handmade", "generated_warehouse"])
def any_warehouse(request) -> Scratch:
    return request.getfixturevalue(request.param)


def test_dau_wau_mau_nest(any_warehouse):
    assert rows(any_warehouse, "SELECT COUNT(*) FROM marts.kpi_daily_activity "
                               "WHERE NOT (active_players <= rolling_7d_players AND rolling_7d_players <= rolling_30d_players)") == [(0,)]
    # A calendar week's players are among its month's (or two months') and include each day's.
    assert rows(any_warehouse, """
        SELECT COUNT(*) FROM marts.kpi_daily_activity AS a
        JOIN core.dim_date AS d ON d.date_day = a.date_day
        JOIN marts.kpi_period_activity AS w ON w.period = 'week' AND w.period_start = d.week_start
        JOIN marts.kpi_period_activity AS m ON m.period = 'month' AND m.period_start = d.month_start
        WHERE a.active_players > w.active_players OR a.active_players > m.active_players""") == [(0,)]


def test_d0_retention_is_100_percent(any_warehouse):
    assert rows(any_warehouse, "SELECT MIN(classic_retention), MAX(classic_retention), COUNT(*) "
                               "FROM marts.kpi_retention_cohorts WHERE day_n = 0")[0][:2] == (1.0, 1.0)


def test_immature_cells_are_null_and_mature_ones_are_not(any_warehouse):
    assert rows(any_warehouse, """
        SELECT COUNT(*) FROM marts.kpi_retention_cohorts
        WHERE (classic_players IS NULL) <> (cohort_date + day_n * INTERVAL 1 DAY > complete_through)
           OR (rolling_players IS NULL) <> (classic_players IS NULL)""") == [(0,)]


def test_revenue_reconciles_with_purchases(any_warehouse):
    total, = rows(any_warehouse, "SELECT SUM(price_usd) FROM core.fct_purchases")[0]
    assert total > 0
    for mart in ("kpi_revenue_daily", "kpi_revenue_by_country", "kpi_revenue_by_item"):
        assert rows(any_warehouse, f"SELECT SUM(revenue_usd) FROM marts.{mart}")[0][0] == total, mart
    # LTV curves hold every purchase of players with an install day, up to the last complete day.
    cohorted, = rows(any_warehouse, """
        SELECT SUM(p.price_usd) FROM core.fct_purchases AS p
        JOIN core.dim_players AS pl ON pl.player_id = p.player_id
        WHERE p.purchase_date <= (SELECT MAX(complete_through) FROM marts.kpi_retention_cohorts)""")[0]
    assert rows(any_warehouse, "SELECT SUM(cumulative_revenue_usd) FROM (SELECT * FROM marts.kpi_ltv_cohorts "
                               "QUALIFY day_n = MAX(day_n) OVER (PARTITION BY cohort_date))")[0][0] == cohorted


def test_encounter_marts_hold_every_encounter(any_warehouse):
    encounters, = rows(any_warehouse, "SELECT COUNT(*) FROM core.fct_encounters")[0]
    assert rows(any_warehouse, "SELECT SUM(encounters) FROM marts.kpi_encounter_map")[0][0] in (encounters, None)
    assert rows(any_warehouse, "SELECT COALESCE(SUM(encounters), 0) FROM marts.kpi_encounters_daily")[0][0] == encounters


KPI_MARTS = ("kpi_daily_activity", "kpi_period_activity", "kpi_session_lengths", "kpi_encounters_daily",
             "kpi_encounter_map", "kpi_retention_cohorts", "kpi_retention_headline", "kpi_churn_daily",
             "kpi_revenue_daily", "kpi_ltv_cohorts", "kpi_revenue_by_country", "kpi_revenue_by_item")


def test_daily_runs_give_the_same_kpis_as_one_build(generated_warehouse, tmp_path):
    """Built as in production (a plan, then `sqlmesh run` as days land), every KPI mart
    equals the one-shot build: rolling windows, whole weeks and months, and lookbacks hold."""
    from generator import generate

    first_days = 20
    daily = Scratch(tmp_path)
    generate(daily.raw, **{**GENERATED, "days": first_days})
    daily.plan()
    # A day's rows depend only on (players, seed, day), so the rest land as they would have.
    generate(daily.raw, **{**GENERATED, "start": GENERATED["start"] + dt.timedelta(days=first_days),
                           "days": GENERATED["days"] - first_days})
    daily.sqlmesh("run")
    for mart in KPI_MARTS:
        sql = f"SELECT * FROM marts.{mart} ORDER BY ALL"
        assert rows(daily, sql) == rows(generated_warehouse, sql), mart
