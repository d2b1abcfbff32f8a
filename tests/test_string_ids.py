"""String ids end to end: a game whose ids are strings answers exactly as the same game with integers.

The generator writes the same game twice, once with integer ids and once with
`string_ids` (UUID matches, named players, orders and teams: generator/ids.py maps one to
the other), duplicates and late files included. Both are built with the real CLIs, and
every answer of the string game must be the integer game's, its ids mapped one to one.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from generator import FaultConfig, generate, ids
from generator.calendar import LAUNCH_DATE
from scratch import Scratch

pytestmark = pytest.mark.slow
GAME = dict(players=1500, start=LAUNCH_DATE, days=5, seed=13,
            faults=FaultConfig(duplicate_rate=0.03, late_rate=0.05, late_delay_days=1))
DAY = (LAUNCH_DATE + dt.timedelta(days=3)).isoformat()


@pytest.fixture(scope="module")
def games(tmp_path_factory) -> dict[bool, Scratch]:
    built = {}
    for string_ids in (False, True):
        scratch = Scratch(tmp_path_factory.mktemp("strings" if string_ids else "integers"))
        generate(scratch.raw, string_ids=string_ids, **GAME)
        scratch.plan()
        built[string_ids] = scratch
    return built


def answer(scratch: Scratch, *args: str) -> dict:
    return json.loads(scratch.sprint("answer", *args, "--json").stdout)


def as_strings(answers, column=None):
    """The integer game's answer with every id as the string game writes it."""
    if isinstance(answers, dict):
        return {key: as_strings(value, key) for key, value in answers.items()}
    if isinstance(answers, list):
        return [as_strings(value, column) for value in answers]
    return ids.as_string(column, answers) if column in ("session_id", "player_id") and answers is not None else answers


def test_the_answers_without_ids_are_the_same(games):
    for question in ("q2", "q3", "q5"):
        assert answer(games[True], question) == answer(games[False], question), question


def test_a_players_answers_are_the_same_under_its_other_id(games):
    # the three who played most that day, and one who did not play then
    players = [int(p) for (p,) in games[False].query(
        "SELECT player_id FROM core.fct_player_day WHERE play_date = ? ORDER BY play_seconds DESC, player_id LIMIT 3", DAY)]
    players += [int(games[False].query(
        "SELECT MIN(player_id::BIGINT) FROM core.fct_player_day WHERE player_id NOT IN "
        "(SELECT player_id FROM core.fct_player_day WHERE play_date = ?)", DAY)[0][0])]
    for player in players:
        name = ids.as_string("player_id", player)
        assert answer(games[True], "q1", "--date", DAY, "--player", name) == as_strings(
            answer(games[False], "q1", "--date", DAY, "--player", str(player)))
        assert answer(games[True], "q4", "--player", name) == as_strings(answer(games[False], "q4", "--player", str(player)))


def test_encounters_per_session_are_the_same_under_the_sessions_uuids(games):
    month = LAUNCH_DATE.strftime("%Y-%m")
    strings, integers = answer(games[True], "q6", "--month", month), as_strings(answer(games[False], "q6", "--month", month))
    assert strings["rows"], "the game has close encounters"
    key = lambda row: (row["day"], row["session_id"])  # noqa: E731 (ids of each kind sort their own way)
    assert sorted(strings["rows"], key=key) == sorted(integers["rows"], key=key)


def test_ids_are_printed_as_the_raw_files_hold_them(games):
    assert isinstance(answer(games[False], "q4", "--player", "7")["player_id"], int)
    assert answer(games[True], "q4", "--player", "player-7")["player_id"] == "player-7"
