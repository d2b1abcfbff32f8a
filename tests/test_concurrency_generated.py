"""The concurrency and K/D marts, their answer and the Online page on a generated month, against
the pandas reference (tests/reference_answers.py), which reads the raw Parquet and shares no
code or SQL with the warehouse.

Built as in production: a plan over the first 20 days, then `sprint run` as 13 more days
land, with duplicate deliveries and late files, so lookbacks and restated days are exercised.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import reference_answers as ref
from concurrency_helpers import build_warehouse
from generator.calendar import LAUNCH_DATE
from sprint.answers import answer, open_warehouse

pytestmark = pytest.mark.slow
PLAYERS, FIRST_DAYS, LATER_DAYS = 1000, 20, 13


@pytest.fixture(scope="module")
def month(tmp_path_factory) -> dict[str, str]:
    from generator import FaultConfig, generate

    root = tmp_path_factory.mktemp("concurrency_generated")
    options = dict(players=PLAYERS, seed=5, faults=FaultConfig(duplicate_rate=0.02, late_rate=0.03, late_delay_days=2))
    generate(root / "raw", start=LAUNCH_DATE, days=FIRST_DAYS, **options)
    env = build_warehouse(root / "raw", root / "warehouse.duckdb")
    generate(root / "raw", start=LAUNCH_DATE + dt.timedelta(days=FIRST_DAYS), days=LATER_DAYS, **options)
    result = subprocess.run([Path(sys.executable).with_name("sprint"), "run"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return env


@pytest.fixture(scope="module")
def raw(month) -> dict[str, pd.DataFrame]:
    return ref.load_raw(Path(month["SPRINT_RAW_ROOT"]))


def query(env: dict, sql: str) -> pd.DataFrame:
    with open_warehouse(Path(env["SPRINT_WAREHOUSE"])) as con:
        return con.execute(sql).df()


def test_every_mark_agrees_with_the_reference(month, raw):
    expected = ref.ccu(raw)
    got = query(month, "SELECT mark_ts, SUM(players) AS players FROM marts.kpi_concurrency GROUP BY mark_ts")
    got = got.set_index("mark_ts")["players"].reindex(expected.index, fill_value=0)
    assert len(expected) == 288 * (FIRST_DAYS + LATER_DAYS)
    assert expected.max() > 0
    pd.testing.assert_series_equal(got, expected, check_names=False, check_dtype=False, check_freq=False)


def test_every_mark_and_country_agrees_with_the_reference(month, raw):
    expected = ref.online(raw).groupby(["mark_ts", "country"]).size().rename("players").reset_index()
    got = query(month, "SELECT mark_ts, country, players FROM marts.kpi_concurrency ORDER BY mark_ts, country")
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_every_day_pcu_agrees_with_the_reference(month, raw):
    with open_warehouse(Path(month["SPRINT_WAREHOUSE"])) as con:
        for offset in range(FIRST_DAYS + LATER_DAYS):
            date = LAUNCH_DATE + dt.timedelta(days=offset)
            assert answer(con, "pcu", date=date) == pytest.approx(ref.pcu(raw, date.isoformat())), date
        assert answer(con, "pcu") == pytest.approx(ref.pcu(raw))


def test_pcu_never_exceeds_the_day_active_players(month):
    # An online player has play time that day, so every sample is at most the day's DAU.
    assert query(month, """
        SELECT COUNT(*) AS days FROM marts.kpi_concurrency_daily AS c
        JOIN marts.kpi_daily_activity AS a ON a.date_day = c.date_day
        WHERE c.pcu > a.active_players OR c.pcu = 0""")["days"].tolist() == [0]


def test_kd_distribution_agrees_with_the_reference(month, raw):
    expected = ref.kd_distribution(raw).rename(columns={"day": "end_date"})
    got = query(month, "SELECT end_date, kd_from, players, zero_death_players, kills FROM marts.kpi_kd_distribution "
                       "ORDER BY end_date, kd_from")
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


# ---------------------------------------------------------------- the Online page


@pytest.fixture
def dashboard(month, monkeypatch) -> None:
    monkeypatch.setenv("SPRINT_WAREHOUSE", month["SPRINT_WAREHOUSE"])
    monkeypatch.setenv("SPRINT_RAW_ROOT", month["SPRINT_RAW_ROOT"])


def two_countries(raw) -> list[str]:
    """The two countries with the most players online, so a filter keeps most of the page."""
    return ref.online(raw)["country"].value_counts().index[:2].sort_values().tolist()


def test_page_peaks_over_every_country_are_the_mart(dashboard, month):
    from sprint.dashboard import concurrency

    mart = query(month, "SELECT date_day, pcu, pcu_at, avg_ccu FROM marts.kpi_concurrency_daily ORDER BY date_day")
    first, last = mart["date_day"].min().date(), mart["date_day"].max().date()
    peaks = concurrency.daily_peaks(concurrency.samples(first, last, None))
    peaks = peaks.rename(columns={"mark_date": "date_day"})[["date_day", "pcu", "pcu_at", "avg_ccu"]]
    pd.testing.assert_frame_equal(peaks, mart, check_dtype=False)


@pytest.mark.parametrize("some_countries", [False, True])
def test_weekly_pattern_agrees_with_the_reference(dashboard, raw, some_countries):
    from sprint.dashboard import concurrency

    countries = two_countries(raw) if some_countries else None
    online = ref.online(raw)
    if countries:
        online = online[online["country"].isin(countries)]
    marks = ref.ccu(raw).index
    samples = online.groupby("mark_ts").size().reindex(marks, fill_value=0)
    expected = samples.groupby([marks.weekday, marks.hour]).mean()
    got = concurrency.weekly_pattern(marks[0].date(), marks[-1].date(), countries)
    assert got[["weekday", "hour"]].apply(tuple, axis=1).tolist() == expected.index.tolist()
    assert got["avg_ccu"].tolist() == pytest.approx(expected.tolist())


def test_online_page_shows_the_answer_and_follows_the_country_filter(dashboard, month, raw):
    from streamlit.testing.v1 import AppTest

    from sprint.dashboard import APP

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page("views/online.py").run()
    assert not at.exception and not at.warning, [e.value for e in at.exception] + [w.value for w in at.warning]
    assert len(at.get("vega_lite_chart")) == 2
    with open_warehouse(Path(month["SPRINT_WAREHOUSE"])) as con:
        default = answer(con, "pcu")  # the page ends on the latest complete day, like the answer
    assert [(m.label, m.value) for m in at.metric[:2]] == [
        (f"PCU on {default['date']}", f"{default['pcu']:,}"), ("Peak at", f"{default['at'][11:16]} UTC")]

    countries = two_countries(raw)
    at.multiselect(key="countries").set_value(countries).run()
    assert not at.exception
    online = ref.online(raw)
    day = online[online["country"].isin(countries) & (online["mark_ts"].dt.strftime("%Y-%m-%d") == default["date"])]
    assert at.metric[0].value == f"{day.groupby('mark_ts').size().max():,}"
