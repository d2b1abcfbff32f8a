"""`sprint answer pcu` on a hand-made game whose concurrency is worked out below, and the
pandas reference (tests/reference_answers.py) held to the same numbers.

Five-minute marks, start <= mark < end (all UTC):
  09-07  player 1 (US) 10:00-10:30 and again 10:20-10:40 (two sessions at once: one player)
         player 2 (DE) 10:10-10:20; player 3 (FR) 10:12-10:14, between two marks: never counted
         player 4 (JP) 23:50-00:10 on 09-08, across midnight
         -> 1 at 10:00, 10:05; 2 at 10:10, 10:15; 1 at 10:20 .. 10:35 (4 marks), 23:50, 23:55
         -> PCU 2 at 10:10 (10:15 ties later); samples sum to 12: average 12 / 288
  09-08  player 4 at 00:00, 00:05; player 5 (BR) 12:00-13:00 (12 marks); player 6 (BR) 12:30-12:40
         -> PCU 2 at 12:30; 2 + 12 + 2 = 16: average 16 / 288
  09-09  nobody: PCU 0 at the first mark, 00:00, average 0
  09-10  player 1 (US) 08:00-08:05: the last day with play, still open
The latest complete day is 09-09, the default date.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest

import reference_answers as ref
from generator.calendar import LAUNCH_DATE
from generator.datasets import SCHEMAS
from kpi_helpers import land_quiet_days
from scratch import Scratch
from test_answers_handmade import session

pytestmark = pytest.mark.slow
LAST_DAY = dt.date(2026, 9, 10)

SESSION_ENDS = [
    session(1, 1, "2026-09-07 10:30:00", 1800, "US"),
    session(2, 1, "2026-09-07 10:40:00", 1200, "US"),
    session(1, 2, "2026-09-07 10:20:00", 600, "DE"),
    session(3, 3, "2026-09-07 10:14:00", 120, "FR"),
    session(4, 4, "2026-09-08 00:10:00", 1200, "JP"),
    session(5, 5, "2026-09-08 13:00:00", 3600, "BR"),
    session(6, 6, "2026-09-08 12:40:00", 600, "BR"),
    session(7, 1, "2026-09-10 08:05:00", 300, "US"),
]
BY_HAND = {
    "2026-09-07": {"date": "2026-09-07", "pcu": 2, "at": "2026-09-07T10:10:00Z", "avg_ccu": 12 / 288},
    "2026-09-08": {"date": "2026-09-08", "pcu": 2, "at": "2026-09-08T12:30:00Z", "avg_ccu": 16 / 288},
    "2026-09-09": {"date": "2026-09-09", "pcu": 0, "at": "2026-09-09T00:00:00Z", "avg_ccu": 0.0},
    "2026-09-10": {"date": "2026-09-10", "pcu": 1, "at": "2026-09-10T08:00:00Z", "avg_ccu": 1 / 288},
}


def write_game(root) -> None:
    """The sessions as raw Parquet; every day from launch to the last lands, empty where nothing happened."""
    ref.write_raw(root, "session_ends", SESSION_ENDS, SCHEMAS["session_ends"])
    land_quiet_days(root, LAUNCH_DATE, LAST_DAY)


@pytest.fixture(scope="module")
def game(tmp_path_factory) -> Scratch:
    scratch = Scratch(tmp_path_factory.mktemp("concurrency_handmade"))
    write_game(scratch.raw)
    scratch.plan()
    return scratch


def sprint_answer(game: Scratch, *args: str) -> subprocess.CompletedProcess:
    """The installed `sprint answer` command, as a user runs it."""
    return game.sprint("answer", *args, check=False)


def pcu_json(game: Scratch, *args: str) -> dict:
    return json.loads(game.sprint("answer", "pcu", "--json", *args).stdout)


@pytest.mark.parametrize("date", BY_HAND)
def test_pcu_by_hand(game, date):
    assert pcu_json(game, "--date", date) == pytest.approx(BY_HAND[date])


def test_the_reference_agrees_by_hand(game):
    raw = ref.load_raw(game.raw)
    for date, expected in BY_HAND.items():
        assert ref.pcu(raw, date) == pytest.approx(expected), date
    assert ref.pcu(raw) == pytest.approx(BY_HAND["2026-09-09"])


def test_default_date_is_the_latest_complete_day(game):
    assert pcu_json(game) == pytest.approx(BY_HAND["2026-09-09"])


def test_report(game):
    result = sprint_answer(game, "pcu", "--date", "2026-09-08")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("PCU Peak concurrent players on 2026-09-08: 2 at 12:30 UTC\n"
                             "    average CCU 0.1 (mean of the 288 five-minute samples)\n")


def test_a_day_outside_the_data_is_one_line(game):
    result = sprint_answer(game, "pcu", "--date", "2026-09-11")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "sprint answer: error: --date 2026-09-11: outside the data (2026-09-07 to 2026-09-10)\n"


def test_answer_all_still_holds_the_seven(game):
    result = sprint_answer(game, "all", "--json", "--date", "2026-09-08")  # q1 has no answer on the quiet day
    assert result.returncode == 0, result.stderr
    assert list(json.loads(result.stdout)) == ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]
