"""The Online page's numbers on the shared generated game (conftest.generated_warehouse): over
every country its peaks are marts.kpi_concurrency_daily's, its weekday x hour pattern is the
pandas reference's (tests/reference_answers.py) for every country and for two, and under
AppTest it shows `sprint answer pcu`'s peak and follows the country filter. That the page
renders its charts is tests/test_dashboard_app.py's and test_dashboard_browser.py's part.
"""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import reference_answers as ref
from sprint.answers import answer
from sprint.dashboard import APP, concurrency

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def raw(generated_warehouse) -> dict[str, pd.DataFrame]:
    return ref.load_raw(generated_warehouse.raw)


@pytest.fixture
def dashboard(generated_warehouse, monkeypatch):
    monkeypatch.setenv("SPRINT_WAREHOUSE", generated_warehouse["SPRINT_WAREHOUSE"])
    monkeypatch.setenv("SPRINT_RAW_ROOT", generated_warehouse["SPRINT_RAW_ROOT"])
    return generated_warehouse


def two_countries(raw) -> list[str]:
    """The two countries with the most players online, so a filter keeps most of the page."""
    return ref.online(raw)["country"].value_counts().index[:2].sort_values().tolist()


def test_peaks_over_every_country_are_the_mart(dashboard):
    con = dashboard.connect()
    try:
        mart = con.execute("SELECT date_day, pcu, pcu_at, avg_ccu FROM marts.kpi_concurrency_daily "
                           "ORDER BY date_day").df()
    finally:
        con.close()
    first, last = mart["date_day"].min().date(), mart["date_day"].max().date()
    peaks = concurrency.daily_peaks(concurrency.samples(first, last, None))
    peaks = peaks.rename(columns={"mark_date": "date_day"})[["date_day", "pcu", "pcu_at", "avg_ccu"]]
    pd.testing.assert_frame_equal(peaks, mart, check_dtype=False)


@pytest.mark.parametrize("some_countries", [False, True])
def test_weekly_pattern_agrees_with_the_reference(dashboard, raw, some_countries):
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


def test_online_page_shows_the_answer_and_follows_the_country_filter(dashboard, raw):
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page("views/online.py").run()
    assert not at.exception and not at.warning, [e.value for e in at.exception] + [w.value for w in at.warning]
    con = dashboard.connect()
    try:
        default = answer(con, "pcu")  # the page ends on the latest complete day, like the answer
    finally:
        con.close()
    assert [(m.label, m.value) for m in at.metric[:2]] == [
        (f"PCU on {default['date']}", f"{default['pcu']:,}"), ("Peak at", f"{default['at'][11:16]} UTC")]

    countries = two_countries(raw)
    at.multiselect(key="countries").set_value(countries).run()
    assert not at.exception
    online = ref.online(raw)
    day = online[online["country"].isin(countries) & (online["mark_ts"].dt.strftime("%Y-%m-%d") == default["date"])]
    assert at.metric[0].value == f"{day.groupby('mark_ts').size().max():,}"
