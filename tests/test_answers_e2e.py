"""`sprint answer` end to end: raw Parquet -> `sqlmesh plan` -> warehouse -> answers.

Two warehouses, each built once with the real sqlmesh CLI: the hand-made dataset, whose
answers are known by hand (tests/test_answers_handmade.py), and a small generated one,
whose answers must agree with the independent pandas reference (tests/reference_answers.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import subprocess
from pathlib import Path

import pytest

import reference_answers as ref
from generator.calendar import LAUNCH_DATE
from generator.catalogue import SKUS
from scratch import Scratch
from sprint.answers import answer, open_warehouse
from sprint.cli import main
from test_answers_handmade import write_handmade

pytestmark = pytest.mark.slow


def sprint_answer(scratch: Scratch, *args: str) -> subprocess.CompletedProcess:
    """The installed `sprint answer` command, as a user runs it."""
    return scratch.sprint("answer", *args, check=False)


def answer_here(env: dict, *args: str) -> tuple[int, str, str]:
    """`sprint answer` in this process (faster): exit status, stdout, stderr."""
    paths = ["--warehouse", env["SPRINT_WAREHOUSE"]]
    if args[0] in ("q7", "all"):
        paths += ["--raw-root", env["SPRINT_RAW_ROOT"]]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["answer", *args, *paths])
    return status, out.getvalue(), err.getvalue()


def answer_json(env: dict, *args: str) -> dict:
    status, out, err = answer_here(env, *args, "--json")
    assert status == 0, err
    return json.loads(out)


# ---------------------------------------------------------------- hand-made data


@pytest.fixture(scope="module")
def handmade(tmp_path_factory) -> Scratch:
    scratch = Scratch(tmp_path_factory.mktemp("handmade"))
    write_handmade(scratch.raw, land_from=LAUNCH_DATE)
    scratch.plan()
    return scratch


def test_q1_by_hand(handmade):
    assert answer_json(handmade, "q1", "--date", "2026-09-29", "--player", "2") == {
        "date": "2026-09-29", "players": 3, "avg_play_seconds": 3200.0, "player_id": 2, "player_play_seconds": 1800.0}
    assert answer_json(handmade, "q1", "--date", "2026-09-30", "--player", "2")["player_play_seconds"] == 0.0


def test_q2_to_q6_by_hand(handmade):
    assert answer_json(handmade, "q2") == {"week_start": "2026-09-28", "players": 4}
    assert answer_json(handmade, "q3", "--month", "2026-10") == {"month": "2026-10", "country": "DE", "play_seconds": 3900.0}
    assert answer_json(handmade, "q4", "--player", "1") == {
        "player_id": 1, "kills": 7, "deaths": 0, "kd": 7.0, "streak_month": "2026-09", "streak_days": 3}
    assert answer_json(handmade, "q4", "--player", "3")["streak_month"] == "2026-09"
    assert answer_json(handmade, "q5") == {
        "weeks": [{"week_start": "2026-09-28", "country": "FR", "revenue_usd": 11.98},
                  {"week_start": "2026-10-05", "country": "DE", "revenue_usd": 2.99}],
        "top": {"week_start": "2026-09-28", "country": "FR", "revenue_usd": 11.98}}
    assert answer_json(handmade, "q6", "--month", "2026-09")["rows"] == [
        {"session_id": 10, "day": "2026-09-28", "encounters": 1, "encounter_seconds": 60.0},
        {"session_id": 10, "day": "2026-09-29", "encounters": 1, "encounter_seconds": 240.0}]


def test_defaults(handmade):
    answers = answer_json(handmade, "all")
    assert answers["q1"]["date"] == "2026-10-06"  # the day before the last with play
    assert answers["q3"]["month"] == answers["q6"]["month"] == "2026-09"  # the latest month complete by then
    assert answers["q4"]["player_id"] == 1  # the most play time overall


@pytest.mark.parametrize("args, message", [
    (["q1", "--date", "2026-11-01"], "--date 2026-11-01: outside the data (2026-09-28 to 2026-10-07)"),
    (["q1", "--player", "4"], "--player 4: no such player in the warehouse"),  # purchases only
    (["q4", "--player", "nobody"], "--player nobody: no such player in the warehouse"),
    (["q3", "--month", "2026-08"], "--month 2026-08: outside the data (2026-09 to 2026-10)"),
])
def test_user_errors_are_one_line(handmade, args, message):
    status, out, err = answer_here(handmade, *args)
    assert (status, out, err) == (2, "", f"sprint answer: error: {message}\n")


def test_report_prints_every_question(handmade):
    result = sprint_answer(handmade, "all")
    assert result.returncode == 0, result.stderr
    assert [line[:2] for line in result.stdout.splitlines() if line[:1] == "Q"] == [f"Q{i}" for i in range(1, 8)]


def test_q7_measures_every_table(handmade):
    q7 = answer_json(handmade, "q7")
    raw = ref.raw_sizes(Path(handmade["SPRINT_RAW_ROOT"]))
    measured = {t["table"]: t for t in q7["tables"]}
    for dataset, sizes in raw.items():
        assert measured[f"raw.{dataset}"]["rows_per_day"] == pytest.approx(sizes["rows_per_day"])
        assert measured[f"raw.{dataset}"]["bytes_per_day"] == pytest.approx(sizes["bytes_per_day"])
    days = q7["measured"]["days"]
    # Facts hold each valid row once: 11 player-sessions (13 rows less a duplicate and a negative
    # length), 7 purchases (8 less a duplicate).
    assert measured["core.fct_player_sessions"]["rows_per_day"] * days == pytest.approx(11)
    assert measured["core.fct_purchases"]["rows_per_day"] * days == pytest.approx(7)
    assert {"marts.q1_daily_play_time", "core.fct_close_runs", "core.dim_players"} <= set(measured)
    # Tables only: the encounter views store nothing, their stored parts are measured.
    assert {"core.fct_encounters_near_midnight", "core.fct_team_encounters_within_day"} <= set(measured)
    assert not {"core.fct_encounters", "core.fct_team_encounters"} & set(measured)
    warehouse_bytes = Path(handmade["SPRINT_WAREHOUSE"]).stat().st_size
    assert 0 < sum(t["bytes_per_day"] for t in q7["tables"] if not t["table"].startswith("raw.")) * days <= warehouse_bytes
    assert {p["scenario"] for p in q7["projection"]} == {"low", "mid", "high"}


# ---------------------------------------------------------------- generated data


def _close(got, expected, path="answer"):
    """Equal, with floats within 1e-6 relative."""
    if isinstance(expected, dict):
        assert got.keys() >= expected.keys(), path
        for key in expected:
            _close(got[key], expected[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert len(got) == len(expected), path
        for i, (g, e) in enumerate(zip(got, expected)):
            _close(g, e, f"{path}[{i}]")
    elif isinstance(expected, float):
        assert got == pytest.approx(expected, rel=1e-6), path
    else:
        assert got == expected, path


def test_generated_data_agrees_with_the_reference(tmp_path):
    """Built as in production: a plan over the first days, then `sprint run` as later days
    and late files land, across a month end. Every day's, week's and month's answer agrees."""
    from generator import FaultConfig, generate

    scratch, first_days, later_days = Scratch(tmp_path), 24, 6
    raw = scratch.raw
    options = dict(players=1000, seed=7, faults=FaultConfig(duplicate_rate=0.02, late_rate=0.03, late_delay_days=2))
    generate(raw, start=LAUNCH_DATE, days=first_days, **options)
    scratch.plan()
    generate(raw, start=LAUNCH_DATE + dt.timedelta(days=first_days), days=later_days, **options)
    scratch.run()

    result = sprint_answer(scratch, "all", "--json")
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    expected = ref.all_answers(raw, {str(sku) for sku in SKUS})
    for question in ("q1", "q2", "q3", "q4", "q5", "q6"):
        _close(got[question], expected[question], question)
    assert got["q6"]["rows"], "the generated month has close encounters"
    tables = {t["table"]: t for t in got["q7"]["tables"]}
    for dataset, sizes in expected["q7"]["raw"].items():
        _close(tables[f"raw.{dataset}"], sizes, f"q7.raw.{dataset}")

    data = ref.load_raw(raw, {str(sku) for sku in SKUS})
    with open_warehouse(scratch.file) as con:
        for day in range(first_days + later_days):
            date = LAUNCH_DATE + dt.timedelta(days=day)
            _close(answer(con, "q1", date=date), ref.q1(data, date.isoformat()), f"q1 {date}")
        for month in ("2026-09", "2026-10"):
            start = dt.date.fromisoformat(f"{month}-01")
            _close(answer(con, "q3", month=start), ref.q3(data, month), f"q3 {month}")
            _close(answer(con, "q6", month=start), ref.q6(data, month), f"q6 {month}")
        for (player,) in con.execute("SELECT player_id FROM core.dim_players ORDER BY player_id LIMIT 25").fetchall():
            _close(answer(con, "q4", player_id=player), ref.q4(data, int(player)), f"q4 {player}")
        weeks = con.execute("SELECT week_start, players FROM marts.q2_weekly_players ORDER BY week_start").fetchall()
    expected_weeks = ref.play_days(data).groupby("week_start")["player_id"].nunique()
    assert [(w.isoformat(), n) for w, n in weeks] == [(f"{w:%Y-%m-%d}", n) for w, n in expected_weeks.items()]
