"""@close_runs and @close_encounters on their own: render, run on tiny DuckDB tables, compare by hand.

The YAML tests of core.fct_close_runs and core.fct_encounters cover the rule at the
project's R and G; these cases show R and G really are arguments, that team pairs follow
the same rule, that the two macros together read only the edges of the neighbouring days,
and that the SQL stays in the subset Spark runs (issue 8).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
import sqlglot
from sqlglot import exp

from sqlmesh.core.macros import MacroEvaluator

from macro_helpers import load_macro_file

close_runs_module = load_macro_file("close_runs")
close_encounters_module = load_macro_file("close_encounters")
PARTS = close_encounters_module.PARTS

DAY = dt.date(2026, 9, 7)
NOON = dt.datetime(2026, 9, 7, 12, 0, 0)
ONE_DAY = dt.timedelta(days=1)
NOON_TICK = int(NOON.replace(tzinfo=dt.UTC).timestamp()) // 30


def date_literal(day: dt.date) -> exp.Expression:
    return exp.cast(exp.Literal.string(day.isoformat()), "DATE")


def render_runs(radius: float, gap_s: int, start: dt.date, end: dt.date) -> str:
    query = close_runs_module.close_runs(
        MacroEvaluator(dialect="duckdb"),
        exp.to_table("heartbeats"),
        exp.to_table("superseded"),
        exp.Literal.number(radius),
        exp.Literal.number(gap_s),
        date_literal(start),
        date_literal(end),
    )
    return exp.select("*").from_(query.as_("r")).sql(dialect="duckdb")


def render_part(gap_s: int, pair: str, part: str, start: dt.date | None = DAY, end: dt.date | None = DAY) -> str:
    dates = [] if start is None else [date_literal(start), date_literal(end)]
    query = close_encounters_module.close_encounters(
        MacroEvaluator(dialect="duckdb"),
        exp.to_table("close_runs"),
        exp.Literal.number(gap_s),
        exp.Literal.string(pair),
        exp.Literal.string(part),
        *dates,
    )
    return exp.select("*").from_(query.as_("e")).sql(dialect="duckdb")


def render_encounters(gap_s: int, pair: str = "player", start: dt.date = DAY, end: dt.date = DAY) -> str:
    """Both parts of the days' encounters, as core.fct_encounters and core.fct_team_encounters read them."""
    return " UNION ALL ".join(f"({render_part(gap_s, pair, part, start, end)})" for part in PARTS)


def beat(session, player, team, seconds_after_noon, x, y, z=0.0):
    """A row of staging.heartbeats_checked (a valid one), `seconds_after_noon` on DAY."""
    ts = NOON + dt.timedelta(seconds=seconds_after_noon)
    tick = int(ts.replace(tzinfo=dt.UTC).timestamp()) // 30
    return (session, player, team, ts, tick, float(x), float(y), float(z), ts.date(), "part-0.parquet", None)


def close_runs(rows, radius=50, gap_s=180, superseded=()):
    """A DuckDB connection with table close_runs: the runs of DAY and the days around it from
    `rows` of beat(), as core.fct_close_runs holds them.

    `superseded`: the positions in `rows` of reports staging.superseded_heartbeats leaves out.
    """
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(
        "CREATE TABLE heartbeats (session_id BIGINT, player_id BIGINT, team_id INT, event_ts TIMESTAMP, tick BIGINT,"
        " position_x DOUBLE, position_y DOUBLE, position_z DOUBLE, event_date DATE, source_file TEXT,"
        " quarantine_reason TEXT, file_row_number BIGINT)"
    )
    # each report a row of one file, numbered in the order given
    con.executemany("INSERT INTO heartbeats VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(*row, n) for n, row in enumerate(rows)])
    con.execute("CREATE TABLE superseded AS SELECT source_file, file_row_number, event_date FROM heartbeats"
                f" WHERE file_row_number IN ({', '.join(map(str, superseded)) or 'NULL'})")
    con.execute(f"CREATE TABLE close_runs AS {render_runs(radius, gap_s, DAY - ONE_DAY, DAY + ONE_DAY)}")
    return con


def encounters(rows, radius=50, gap_s=180, pair="player", superseded=(), parts=PARTS):
    """(pair..., start offset s, end offset s, close_ticks) per encounter of DAY, from `rows` of beat(),
    found as the models find them: close runs first, then DAY's encounters from them, of both
    parts of the day or of those in `parts`."""
    con = close_runs(rows, radius, gap_s, superseded)
    keys = "player_a, player_b" if pair == "player" else "team_a, team_b"
    found = " UNION ALL ".join(f"({render_part(gap_s, pair, part)})" for part in parts)
    result = con.execute(f"SELECT {keys}, first_tick, last_tick, close_ticks FROM ({found}) ORDER BY first_tick, {keys}").fetchall()
    return [(*map(int, pair_ids), first * 30 - NOON_TICK * 30, (last + 1) * 30 - NOON_TICK * 30, ticks)
            for *pair_ids, first, last, ticks in result]


# Players 1 (team 1) and 2 (team 2) exactly 50 apart at 0 s, 30 s and 240 s after noon.
APART_50 = [beat(1, 1, 1, t, 100, 100) for t in (0, 30, 240)] + [beat(1, 2, 2, t, 130, 140) for t in (0, 30, 240)]


def test_gap_longer_than_g_starts_a_new_encounter():
    # 240 - 30 = 210 s > 180 s
    assert encounters(APART_50) == [(1, 2, 0, 60, 2), (1, 2, 240, 270, 1)]


def test_gap_is_an_argument():
    # with G = 210 s the same ticks are one encounter, exactly G apart
    assert encounters(APART_50, gap_s=210) == [(1, 2, 0, 270, 3)]


def close_at(session, *offsets):
    """Players 1 (team 1) and 2 (team 2) of `session` on one spot at each offset from noon."""
    return [beat(session, p, p, t, 100, 100 + p) for t in offsets for p in (1, 2)]


# runs 0-30 s, 120 s, 180-210 s and 450-480 s after noon: at most G apart but for 210 -> 450
RUNS = close_at(1, 0, 30, 120, 180, 210, 450, 480)


def test_a_run_that_opens_an_encounter_holds_its_end_and_close_ticks_within_the_day():
    con = close_runs(RUNS)
    runs = con.execute(
        "SELECT first_tick, last_tick, encounter_last_tick, encounter_close_ticks FROM close_runs ORDER BY first_tick"
    ).fetchall()
    assert [tuple(None if v is None else v - NOON_TICK for v in row[:3]) + row[3:] for row in runs] == [
        (0, 1, 7, 5),
        (4, 4, None, None),
        (6, 7, None, None),
        (15, 16, 16, 2),
    ]


@pytest.mark.parametrize(
    "offsets, expected",
    [
        (RUNS, [(1, 2, 0, 240, 5), (1, 2, 450, 510, 2)]),
        # a one-tick run opens an encounter that goes on, then one closes it
        ((0, 90, 120, 300, 600), [(1, 2, 0, 330, 4), (1, 2, 600, 630, 1)]),
        # one-tick runs only
        ((0, 60, 300), [(1, 2, 0, 90, 2), (1, 2, 300, 330, 1)]),
    ],
)
def test_runs_make_the_same_encounters_whatever_their_lengths(offsets, expected):
    rows = offsets if offsets is RUNS else close_at(1, *offsets)
    assert encounters(rows) == expected


def test_radius_is_an_argument():
    assert encounters(APART_50, radius=49.99) == []


def test_team_mates_are_never_an_encounter():
    same_team = [beat(1, 1, 1, 0, 100, 100), beat(1, 2, 1, 0, 100, 100)]
    assert encounters(same_team) == []


def test_players_of_different_sessions_are_never_an_encounter():
    other_sessions = [beat(1, 1, 1, 0, 100, 100), beat(2, 2, 2, 0, 100, 100)]
    assert encounters(other_sessions) == []


def test_superseded_reports_are_left_out():
    # player 2 is far at the tick's start and in range 20 s into it: close at that tick once the
    # far report is superseded, and not close if it is the close one that is superseded
    rows = [beat(1, 1, 1, 0, 100, 100), beat(1, 2, 2, 0, 900, 900), beat(1, 2, 2, 20, 100, 110)]
    assert encounters(rows, superseded=[1]) == [(1, 2, 0, 30, 1)]
    assert encounters(rows, superseded=[2]) == []


def test_a_team_pair_counts_each_close_tick_once_however_many_players_are_close():
    # players 1-2 close at 0..60 s and players 3-4 at 30..90 s: teams 1 and 2 close at 4 ticks
    rows = [beat(1, p, team, t, 100, 100 + p) for p, team in ((1, 1), (2, 2)) for t in (0, 30, 60)]
    rows += [beat(1, p, team, t, 900, 900 + p) for p, team in ((3, 1), (4, 2)) for t in (30, 60, 90)]
    assert encounters(rows, pair="team") == [(1, 2, 0, 120, 4)]


def test_team_pair_close_through_any_two_players():
    # team 1's players 1 and 3 meet team 2's players 2 and 4 in turn; team ids come ordered
    rows = [
        beat(1, 1, 2, 0, 100, 100), beat(1, 2, 1, 0, 110, 100),
        beat(1, 3, 2, 30, 500, 500), beat(1, 4, 1, 30, 500, 520),
    ]
    assert encounters(rows, pair="team") == [(1, 2, 0, 60, 2)]


def test_a_team_pair_merges_runs_that_start_together_nest_touch_or_lie_within_g():
    # four player pairs of teams 1 and 2, each on its own spot; close at these seconds after noon
    close_seconds = {
        (1, 2): (0, 30, 60, 90, 120),  # ticks 0-4
        (3, 4): (0, 30, 330),  # ticks 0-1, starting with 1-2's run; then tick 11, exactly G after tick 5
        (5, 6): (60, 540),  # tick 2, inside 1-2's run; then tick 18, G + 30 s after tick 11
        (7, 8): (150,),  # tick 5, touching 1-2's run
    }
    rows = [
        beat(1, player, 2 - player % 2, t, 100 + 200 * spot, 100 + player % 2)
        for spot, (pair, seconds) in enumerate(close_seconds.items())
        for player in pair
        for t in seconds
    ]
    # ticks 0-5 and 11 (7 close ticks), then tick 18 alone
    assert encounters(rows, pair="team") == [(1, 2, 0, 360, 7), (1, 2, 540, 570, 1)]


@pytest.mark.parametrize("pair", ["player", "team"])
def test_only_the_last_g_seconds_around_the_day_are_read_and_they_decide(pair):
    # An encounter within G of midnight is joined with the one across it. Midnight before the
    # day is -43 200 s from noon, after it +43 200 s. Players 1 and 2 are teams 1 and 2.
    # exactly G before midnight, then at midnight: the encounter started the day before
    assert encounters(close_at(1, -43_380, -43_200), pair=pair) == []
    # G + 30 s before midnight: too far back, the day's first close tick starts a new one
    assert encounters(close_at(1, -43_410, -43_200), pair=pair) == [(1, 2, -43_200, -43_170, 1)]
    # the day's first close tick G after midnight's: it continues the encounter from before
    assert encounters(close_at(1, -43_200 - 30, -43_200 + 150), pair=pair) == []
    # G + 30 s after it: a new one
    assert encounters(close_at(1, -43_200 - 30, -43_200 + 180), pair=pair) == [(1, 2, -43_020, -42_990, 1)]
    # exactly G before the next midnight, then at it: one encounter, found whole
    assert encounters(close_at(1, 43_020, 43_200), pair=pair) == [(1, 2, 43_020, 43_230, 2)]
    # G + 30 s before the next midnight: the next day's tick is another (unread) encounter
    assert encounters(close_at(1, 42_990, 43_200), pair=pair) == [(1, 2, 42_990, 43_020, 1)]
    # the next day's encounter counts whole, its runs after the first included
    assert encounters(close_at(1, 43_170, 43_200, 43_290, 43_320), pair=pair) == [(1, 2, 43_170, 43_350, 4)]


@pytest.mark.parametrize("pair", ["player", "team"])
def test_only_encounters_within_g_of_a_midnight_are_near_midnight(pair):
    within, near = ["within_day"], ["near_midnight"]
    # around noon: final with the day's runs
    assert encounters(RUNS, pair=pair, parts=near) == []
    assert encounters(RUNS, pair=pair, parts=within) == encounters(RUNS, pair=pair)
    # last close tick exactly G before the next midnight: near it, with no tick past it yet
    assert encounters(close_at(1, 43_020), pair=pair, parts=within) == []
    assert encounters(close_at(1, 43_020), pair=pair, parts=near) == [(1, 2, 43_020, 43_050, 1)]
    # G + 30 s before it: within the day
    assert encounters(close_at(1, 42_990), pair=pair, parts=near) == []
    # first close tick at most G after the last tick before the day: near midnight
    assert encounters(close_at(1, -43_200 + 150), pair=pair, parts=within) == []
    assert encounters(close_at(1, -43_200 + 150), pair=pair, parts=near) == [(1, 2, -43_050, -43_020, 1)]
    # 30 s later: within the day
    assert encounters(close_at(1, -43_200 + 180), pair=pair, parts=near) == []


def test_the_within_day_part_without_dates_holds_every_day():
    con = close_runs(RUNS + close_at(2, -43_200 - 600))
    every_day = con.execute(f"SELECT session_id, encounter_date FROM ({render_part(180, 'player', 'within_day', None)})"
                            " ORDER BY ALL").fetchall()
    assert every_day == [("1", DAY), ("1", DAY), ("2", DAY - ONE_DAY)]


@pytest.mark.parametrize("arguments, message", [
    ({"pair": "squad"}, "pair must be one of"),
    ({"part": "evening"}, "part must be one of"),
    ({"part": "near_midnight", "start": None}, "give its dates"),
])
def test_wrong_arguments_are_refused(arguments, message):
    with pytest.raises(ValueError, match=message):
        render_part(180, **{"pair": "player", "part": "within_day", **arguments})


@pytest.mark.parametrize("sql", [render_runs(50, 180, DAY, DAY), render_encounters(180), render_encounters(180, "team")])
def test_sql_transpiles_to_spark_without_cross_joins_or_duckdb_only_functions(sql):
    spark = sqlglot.transpile(sql, read="duckdb", write="spark", unsupported_level=sqlglot.ErrorLevel.RAISE)[0]
    tree = sqlglot.parse_one(sql, read="duckdb")
    assert all(join.args.get("on") is not None for join in tree.find_all(exp.Join))
    assert "EPOCH(" not in spark.upper()
    if "EPOCH(" in sql.upper():
        assert "UNIX_TIMESTAMP(" in spark
