"""The concurrency and K/D marts and their answer on a generated month, against the pandas
reference (tests/reference_answers.py), which reads the raw Parquet and shares no code or SQL
with the warehouse.

Built as in production: a plan over the first 20 days, then `sprint run` as 13 more days
land, with duplicate deliveries and late files, so lookbacks and restated days are exercised.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import reference_answers as ref
from generator.calendar import LAUNCH_DATE
from scratch import Scratch
from sprint.answers import answer

pytestmark = pytest.mark.slow
PLAYERS, FIRST_DAYS, LATER_DAYS = 1000, 20, 13


@pytest.fixture(scope="module")
def month(tmp_path_factory) -> Scratch:
    from generator import FaultConfig, generate

    scratch = Scratch(tmp_path_factory.mktemp("concurrency_generated"))
    options = dict(players=PLAYERS, seed=5, faults=FaultConfig(duplicate_rate=0.02, late_rate=0.03, late_delay_days=2))
    generate(scratch.raw, start=LAUNCH_DATE, days=FIRST_DAYS, **options)
    scratch.plan()
    generate(scratch.raw, start=LAUNCH_DATE + dt.timedelta(days=FIRST_DAYS), days=LATER_DAYS, **options)
    scratch.run()
    return scratch


@pytest.fixture(scope="module")
def raw(month) -> dict[str, pd.DataFrame]:
    return ref.load_raw(month.raw)


def frame(month: Scratch, sql: str) -> pd.DataFrame:
    con = month.connect()
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def test_every_mark_agrees_with_the_reference(month, raw):
    expected = ref.ccu(raw)
    got = frame(month, "SELECT mark_ts, SUM(players) AS players FROM marts.kpi_concurrency GROUP BY mark_ts")
    got = got.set_index("mark_ts")["players"].reindex(expected.index, fill_value=0)
    assert len(expected) == 288 * (FIRST_DAYS + LATER_DAYS)
    assert expected.max() > 0
    pd.testing.assert_series_equal(got, expected, check_names=False, check_dtype=False, check_freq=False)


def test_every_mark_and_country_agrees_with_the_reference(month, raw):
    expected = ref.online(raw).groupby(["mark_ts", "country"]).size().rename("players").reset_index()
    got = frame(month, "SELECT mark_ts, country, players FROM marts.kpi_concurrency ORDER BY mark_ts, country")
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_every_day_pcu_agrees_with_the_reference(month, raw):
    con = month.connect()
    try:
        for offset in range(FIRST_DAYS + LATER_DAYS):
            date = LAUNCH_DATE + dt.timedelta(days=offset)
            assert answer(con, "pcu", date=date) == pytest.approx(ref.pcu(raw, date.isoformat())), date
        assert answer(con, "pcu") == pytest.approx(ref.pcu(raw))
    finally:
        con.close()


def test_pcu_never_exceeds_the_day_active_players(month):
    # An online player has play time that day, so every sample is at most the day's DAU.
    assert month.query("""
        SELECT COUNT(*) FROM marts.kpi_concurrency_daily AS c
        JOIN marts.kpi_daily_activity AS a ON a.date_day = c.date_day
        WHERE c.pcu > a.active_players OR c.pcu = 0""") == [(0,)]


def test_kd_distribution_agrees_with_the_reference(month, raw):
    expected = ref.kd_distribution(raw).rename(columns={"day": "end_date"})
    got = frame(month, "SELECT end_date, kd_from, players, zero_death_players, kills FROM marts.kpi_kd_distribution "
                       "ORDER BY end_date, kd_from")
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
