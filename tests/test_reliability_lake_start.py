"""A lake that begins after launch: the warehouse starts from the first day it has.

A studio may point Sprint at a game that has been running for a while. Then some players are
in a session at the lake's first midnight: the session started on a day the warehouse never
sees and ends on its first day. Those players are installed on that first day (the first day
the warehouse saw them play), and the day after lands and runs with every audit holding: a
later install would put their first play day after a day they played (fct_player_lifetime's
contract), fail that day's audit and stop every day after it.
"""

from __future__ import annotations

import pytest

from generator import generate
from reliability_helpers import SEED, Suite, day, land

pytestmark = pytest.mark.slow

FIRST = 2  # the lake's first day: days 0 and 1 of the game never land
# Enough players that some are in a session at midnight (the suite's own game has too few).
PLAYERS = 50_000


def test_players_in_a_session_at_the_lakes_first_midnight_are_installed_on_its_first_day(suite: Suite, tmp_path):
    generate(tmp_path, players=PLAYERS, start=day(FIRST), days=2, seed=SEED)
    wh = suite.warehouse("lake-start")
    for n in (FIRST, FIRST + 1):
        land(tmp_path, suite.raw, n)
        wh.run()  # fails on a failed audit
    straddling = {player for (player,) in wh.query(
        "SELECT DISTINCT player_id FROM core.fct_player_sessions"
        " WHERE CAST(session_start_ts AS DATE) < ? AND end_date = ?", day(FIRST), day(FIRST))}
    assert straddling, "no session crosses the lake's first midnight: the scenario needs one"
    installs = dict(wh.query("SELECT player_id, first_play_date FROM core.dim_players"))
    assert {installs.get(player) for player in straddling} == {day(FIRST)}
    assert wh.query(
        "SELECT COUNT(*) FROM core.fct_player_lifetime WHERE first_play_date > play_date") == [(0,)]
    assert {day(FIRST), day(FIRST + 1)} <= wh.recorded_days("core.fct_player_lifetime")
