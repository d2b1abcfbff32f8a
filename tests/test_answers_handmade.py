"""A raw dataset small enough to answer all seven questions by hand, and the pandas reference held to it.

The expected values in these tests are worked out in the comments next to the rows, not by
running code. Other answer tests import HANDMADE and the write helper to build a warehouse
from the same rows.

2026-09-28 and 2026-10-05 are Mondays, so the dataset spans two ISO weeks and a month end.
"""

from __future__ import annotations

import datetime as dt

import pytest

import reference_answers as ref
from generator.catalogue import SKUS
from generator.datasets import SCHEMAS  # the raw contract as the generator writes it

UTC = dt.timezone.utc


def ts(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def session(session_id, player_id, end, length_s, country, kills=0, deaths=0):
    return dict(session_id=session_id, player_id=player_id, event_ts=ts(end), country=country,
                event_length_s=length_s, kills=kills, deaths=deaths)


SESSION_ENDS = [
    # Across midnight: 3600 s on 09-28 and 3600 s on 09-29.
    session(10, 1, "2026-09-29 01:00:00", 7200, "US", kills=5),
    session(10, 1, "2026-09-29 01:00:00", 7200, "US", kills=5),  # duplicate delivery
    session(10, 2, "2026-09-29 00:30:00", 3600, "DE", kills=1, deaths=2),  # 1800 + 1800
    session(10, 6, "2026-09-29 00:10:00", 1200, "US", deaths=1),  # 600 + 600
    # Ends exactly at midnight: 3600 s on 09-29 and nothing on 09-30.
    session(11, 1, "2026-09-30 00:00:00", 3600, "US", kills=2),
    # Across the month end: 1800 s on 09-30 and 1800 s on 10-01.
    session(12, 1, "2026-10-01 00:30:00", 3600, "US"),
    session(13, 2, "2026-10-01 12:00:00", 2700, "FR", kills=3, deaths=1),
    session(14, 3, "2026-10-05 10:00:00", 1800, "DE"),
    session(15, 5, "2026-10-06 20:00:00", 2100, "DE"),
    session(16, 3, "2026-09-30 10:00:00", 600, "DE"),
    session(17, 7, "2026-10-07 10:00:00", 600, "FR"),
    session(17, 8, "2026-10-07 10:00:00", 600, "FR"),
    session(98, 1, "2026-09-29 12:00:00", -60, "US", kills=50),  # negative length: quarantined
]


def purchase(purchase_id, player_id, at, price):
    return dict(purchase_id=purchase_id, player_id=player_id, event_ts=ts(at), item_sku=str(SKUS[0]), price_usd=price)


PURCHASES = [
    purchase(1, 2, "2026-09-28 12:00:00", 4.99),  # before any session of player 2: first session's DE
    purchase(2, 2, "2026-10-02 09:00:00", 9.99),  # after session 13 ended: FR
    purchase(3, 2, "2026-10-01 12:00:00", 1.99),  # the instant session 13 ends counts: FR
    purchase(4, 4, "2026-09-30 10:00:00", 4.99),  # player 4 never plays: ZZ
    purchase(5, 1, "2026-09-30 12:00:00", 4.99),  # US
    purchase(6, 3, "2026-10-05 11:00:00", 2.99),  # DE
    purchase(7, 1, "2026-10-05 12:00:00", 2.99),  # US
    purchase(7, 1, "2026-10-05 12:00:00", 2.99),  # duplicate delivery
]


def _heartbeats() -> list[dict]:
    """Session 10 from 23:58:00 on 09-28, ticks k = 0..15, one heartbeat 5 s into each tick.

    Players 1 and 6 are team 1, player 2 team 2. Player 2 is within 50 units of player 1 at
    ticks 0, 1, 8, 9 (exactly 50) and 15; player 6 is never within 50 units of player 2.
    At tick 3 player 2 reports twice, close then far: the later (far) one counts. At tick 2
    a later report below the map is a contract breaker and does not count.
    Encounters of (1, 2): ticks 0-1 (start 09-28 23:58:00, 60 s); tick 8 is 210 s after
    tick 1 so a new one starts; tick 15 is 180 s after tick 9 so it continues: ticks 8-15
    (start 09-29 00:02:00, 240 s).
    Session 13: players 2 (team 1) and 9 (team 2) close at three ticks from 10-01 11:30:00 (90 s).
    """
    rows = []

    def beat(session_id, player_id, team_id, at, x, y, z=10.0):
        rows.append(dict(session_id=session_id, player_id=player_id, team_id=team_id, event_ts=at,
                         position_x=x, position_y=y, position_z=z))

    t0 = ts("2026-09-28 23:58:00")
    for k in range(16):
        at = t0 + dt.timedelta(seconds=30 * k + 5)
        beat(10, 1, 1, at, 100.0, 100.0)
        beat(10, 6, 1, at, 70.0, 100.0)
        x, y = {0: (130.0, 100.0), 1: (130.0, 100.0), 3: (130.0, 100.0), 8: (130.0, 100.0),
                9: (130.0, 140.0), 15: (130.0, 100.0)}.get(k, (300.0, 100.0))
        beat(10, 2, 2, at, x, y)
    beat(10, 2, 2, t0 + dt.timedelta(seconds=30 * 3 + 20), 300.0, 100.0)
    beat(10, 2, 2, t0 + dt.timedelta(seconds=30 * 3 + 20), 300.0, 100.0)  # duplicate delivery
    # Below the map (z < 0): quarantined, else tick 2 would be close and extend the first encounter.
    beat(10, 2, 2, t0 + dt.timedelta(seconds=30 * 2 + 20), 130.0, 100.0, -1.0)
    for k in range(3):
        at = ts("2026-10-01 11:30:00") + dt.timedelta(seconds=30 * k)
        beat(13, 2, 1, at, 500.0, 500.0)
        beat(13, 9, 2, at, 510.0, 510.0)
    return rows


HANDMADE = {"session_ends": SESSION_ENDS, "purchases": PURCHASES, "heartbeats": _heartbeats()}


def write_handmade(root, land_from: dt.date | None = None) -> None:
    """The rows as raw Parquet; with `land_from`, every other day from then on lands empty.

    The warehouse waits for each day to land in every dataset a model reads (`_SUCCESS`),
    so a build needs the quiet days from the models' start too.
    """
    for dataset, rows in HANDMADE.items():
        ref.write_raw(root, dataset, rows, SCHEMAS[dataset])
        day, last = land_from, dt.date(2026, 10, 7)
        while day is not None and day <= last:
            ref.write_raw(root, dataset, [], SCHEMAS[dataset], day=day)
            day += dt.timedelta(days=1)


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    root = tmp_path_factory.mktemp("raw")
    write_handmade(root)
    return ref.load_raw(root)


def test_q1_session_across_midnight_counts_on_both_days(raw):
    # 09-29: player 1 has 3600 (session 10) + 3600 (session 11), player 2 1800, player 6 600.
    assert ref.q1(raw, "2026-09-29", 2) == {
        "date": "2026-09-29", "players": 3, "avg_play_seconds": 3200.0,
        "player_id": 2, "player_play_seconds": 1800.0}
    # Default player: the one with the most play that day.
    assert ref.q1(raw, "2026-09-29")["player_id"] == 1


def test_q1_session_ending_at_midnight_adds_nothing_to_the_next_day(raw):
    # 09-30: player 1 only 1800 from session 12; player 3 600; player 2 exists but did not play.
    assert ref.q1(raw, "2026-09-30", 2) == {
        "date": "2026-09-30", "players": 2, "avg_play_seconds": 1200.0,
        "player_id": 2, "player_play_seconds": 0.0}


def test_q1_default_date_is_the_day_before_the_last(raw):
    assert ref.q1(raw)["date"] == "2026-10-06"


def test_q1_unknown_player(raw):
    with pytest.raises(KeyError):
        ref.q1(raw, "2026-09-29", 4)  # purchases only, no session


def test_q2_tie_goes_to_the_earlier_week(raw):
    # Week 09-28: players 1, 2, 3, 6. Week 10-05: players 3, 5, 7, 8.
    assert ref.q2(raw) == {"week_start": "2026-09-28", "players": 4}


def test_q3_play_split_at_the_month_end(raw):
    # September US: 7200 + 1200 + 3600 + 1800 (first half of session 12); DE: 3600 + 600.
    assert ref.q3(raw, "2026-09") == {"month": "2026-09", "country": "US", "play_seconds": 13800.0}


def test_q3_tie_goes_to_the_alphabetically_first_country(raw):
    # October DE: 1800 + 2100; FR: 2700 + 600 + 600; US: 1800.
    assert ref.q3(raw, "2026-10") == {"month": "2026-10", "country": "DE", "play_seconds": 3900.0}
    assert ref.q3(raw)["month"] == "2026-09"  # the latest month complete by 10-06


def test_q4_zero_deaths_and_streak_cut_at_month_end(raw):
    # Player 1 plays 09-28, 09-29, 09-30, 10-01: four days in a row, but three inside September.
    assert ref.q4(raw, 1) == {"player_id": 1, "kills": 7, "deaths": 0, "kd": 7.0,
                              "streak_month": "2026-09", "streak_days": 3}
    assert ref.q4(raw)["player_id"] == 1  # the most play time overall


def test_q4_kd_and_streak_tie_goes_to_the_earlier_month(raw):
    assert ref.q4(raw, 2) == {"player_id": 2, "kills": 4, "deaths": 3, "kd": 4 / 3,
                              "streak_month": "2026-09", "streak_days": 2}
    # Player 3: one day in September, one in October.
    assert ref.q4(raw, 3) == {"player_id": 3, "kills": 0, "deaths": 0, "kd": 0.0,
                              "streak_month": "2026-09", "streak_days": 1}


def test_q5_purchase_countries(raw):
    countries = ref.purchase_countries(raw).set_index("purchase_id")["country"].to_dict()
    assert countries == {1: "DE", 2: "FR", 3: "FR", 4: "ZZ", 5: "US", 6: "DE", 7: "US"}


def test_q5_weekly_top_country(raw):
    # Week 09-28: FR 1.99 + 9.99, DE, ZZ and US 4.99 each. Week 10-05: DE and US tie at 2.99.
    assert ref.q5(raw) == {
        "weeks": [{"week_start": "2026-09-28", "country": "FR", "revenue_usd": 11.98},
                  {"week_start": "2026-10-05", "country": "DE", "revenue_usd": 2.99}],
        "top": {"week_start": "2026-09-28", "country": "FR", "revenue_usd": 11.98}}


def test_q6_encounters_per_session_day(raw):
    assert ref.q6(raw, "2026-09") == {"month": "2026-09", "rows": [
        {"session_id": 10, "day": "2026-09-28", "encounters": 1, "encounter_seconds": 60.0},
        {"session_id": 10, "day": "2026-09-29", "encounters": 1, "encounter_seconds": 240.0}]}
    assert ref.q6(raw, "2026-10")["rows"] == [
        {"session_id": 13, "day": "2026-10-01", "encounters": 1, "encounter_seconds": 90.0}]


def test_q7_raw_sizes_count_every_delivered_row(tmp_path):
    write_handmade(tmp_path)
    sizes = ref.raw_sizes(tmp_path)
    # Every delivered row counts, duplicates and contract breakers too; 8 days landed in some dataset: 09-28, 09-29, 09-30, 10-01, 10-02, 10-05, 10-06, 10-07.
    assert sizes["session_ends"]["rows_per_day"] == 13 / 8
    assert sizes["purchases"]["rows_per_day"] == 8 / 8
    assert sizes["heartbeats"]["bytes_per_day"] == sum(
        f.stat().st_size for f in (tmp_path / "heartbeats").rglob("*.parquet")) / 8
