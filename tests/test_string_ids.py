"""String ids end to end: a game whose ids are strings answers exactly as the same game with integers.

The generator writes the same game twice, once with integer ids and once with
`string_ids` (UUID matches, named players, orders and teams: generator/ids.py maps one to
the other), duplicates and late files included. Both are built with the real CLIs, and
every answer of the string game must be the integer game's, its ids mapped one to one.
On Spark (tests/test_spark_parity.py's engines) the string game builds the same tables as
on DuckDB.
"""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from generator import FaultConfig, generate, ids
from generator.calendar import LAUNCH_DATE
from scratch import Scratch
from test_spark_parity import GATEWAYS, MODELS, Engine, compare, require_spark
from warehouse_fixtures import copy_project

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


# SQLMesh's override of config.yaml's id_type: ids stored as BIGINT
BIGINT_IDS = {"SQLMESH__VARIABLES__ID_TYPE": "bigint"}


@pytest.fixture(scope="module")
def bigint_game(games, tmp_path_factory) -> Scratch:
    """The integer game again, in a warehouse that stores its ids as BIGINT."""
    folder = tmp_path_factory.mktemp("bigint")
    scratch = Scratch(folder, raw=games[False].raw, **BIGINT_IDS)
    scratch.plan()
    return scratch


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


def test_ids_stored_as_bigint_give_the_same_answers(games, bigint_game):
    month = LAUNCH_DATE.strftime("%Y-%m")
    for args in (["q1", "--date", DAY], ["q1", "--date", DAY, "--player", "7"], ["q2"], ["q3"], ["q4"],
                 ["q4", "--player", "7"], ["q5"], ["q6", "--month", month], ["pcu", "--date", DAY]):
        assert answer(bigint_game, *args) == answer(games[False], *args), args
    types = dict(bigint_game.query("SELECT column_name, data_type FROM information_schema.columns"
                                   " WHERE table_schema = 'core' AND table_name = 'fct_encounters'"))
    assert types["session_id"] == types["player_a"] == "BIGINT"


def test_string_ids_in_a_bigint_warehouse_stop_at_the_raw_layer_naming_the_setting(games, tmp_path):
    scratch = Scratch(tmp_path, raw=games[True].raw, **BIGINT_IDS)
    result = scratch.sqlmesh("plan", "prod", "--auto-apply", "--no-prompts", "--skip-tests", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "config.yaml sets id_type: bigint, but the " in output and "hold string ids" in output, output[-2000:]
    assert not scratch.file.exists() or not scratch.query(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = 'core'")


@pytest.mark.spark
def test_spark_builds_the_string_game_as_duckdb_does(tmp_path):
    """The string game on both engines: every model the same after the plan. With the
    answers above (DuckDB: strings = integers), Spark's string answers are the integer game's."""
    require_spark()
    raw, project = tmp_path / "raw", copy_project(tmp_path / "project")
    generate(raw, string_ids=True, **{**GAME, "days": 2})
    env = Scratch(tmp_path, raw=raw, project=project)
    envs = {"duckdb": env, "spark": {**env, "SPRINT_SPARK": "1", "SPRINT_SPARK_DIR": str(tmp_path / "spark")}}
    engines = {gateway: Engine(gateway, project, tmp_path, envs[gateway]) for gateway in GATEWAYS}
    try:
        with ThreadPoolExecutor(len(GATEWAYS)) as pool:
            futures = {gateway: pool.submit(engine.step, do="plan") for gateway, engine in engines.items()}
            built = {gateway: future.result() for gateway, future in futures.items()}
    finally:
        for engine in engines.values():
            engine.close()
    assert any(isinstance(value, str) and value.startswith("player-")
               for row in built["duckdb"]["core.fct_player_day"][2] for value in row)
    differing = {model: len(compare(built["duckdb"][model], built["spark"][model])) for model in MODELS}
    assert {model: n for model, n in differing.items() if n} == {}
