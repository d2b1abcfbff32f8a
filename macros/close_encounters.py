"""@close_encounters: SPEC §2's time-gap rule as SQL, for player pairs or team pairs.

    FROM @close_encounters(core.fct_close_runs, @encounter_gap_s, 'player', 'near_midnight',
                           @start_date, @end_date) AS e

reads the runs `@close_runs` found (a pair's consecutive close ticks within a day) and emits
one row per encounter of one part of its day that starts on a UTC day in [start_date,
end_date] (every day when the dates are left out), in ticks: first_tick, last_tick,
close_ticks and encounter_date, the UTC date of its first tick. `@tick_start` turns ticks into
instants.

A day's encounters come in two parts, so that a nightly run redoes only the few that the
next day can change:

- 'within_day': more than `gap_s` from either midnight. Final once the day's runs are.
- 'near_midnight': the rest, which may continue an encounter from the day before or go on
  into the next day. Only these read the days around, and only their edges: what ends in the
  last `gap_s` seconds of the day before, and what starts within `gap_s` after the day's end
  (players) or the next day's runs of the sessions near midnight (teams). An encounter across
  midnight is found whole and kept only on the day it starts.

Player pairs: `@close_runs` already applied the gap within each day, on the runs that open
an encounter. What is left is midnight: a day's last encounter of a pair and the next day's
first, at most `gap_s` apart, are one, kept on the day it starts.
Team pairs: a team pair is close at a tick when any two of its players are, so its close
ticks are the union of its players' runs. A run starting more than `gap_s` seconds after the
pair's previous close tick starts a new encounter (exactly `gap_s` apart continues it).
Encounters longer than a day are outside this design (the core models audit them).
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator

from macros.encounter_gap import may_go_on_from_before_midnight, may_go_on_past_midnight, starts_new_encounter

# A team pair's columns from the runs' (team_a, team_b), where team_a is player_a's team:
# team pairs are named with the lower team first.
TEAM_PAIR = {
    "team_a": "CASE WHEN team_a < team_b THEN team_a ELSE team_b END",
    "team_b": "CASE WHEN team_a < team_b THEN team_b ELSE team_a END",
}
PARTS = ("within_day", "near_midnight")


@macro()
def close_encounters(
    evaluator: MacroEvaluator,
    close_runs: exp.Expression,
    gap_s: exp.Expression,
    pair: exp.Expression,
    part: exp.Expression,
    start_date: exp.Expression | None = None,
    end_date: exp.Expression | None = None,
) -> exp.Expression:
    """The encounters of `pair` ('player' or 'team') in `part` of their day, starting in [start_date, end_date]."""
    kinds = {"player": player_encounters, "team": team_encounters}
    if pair.name not in kinds:
        raise ValueError(f"@close_encounters: pair must be one of {sorted(kinds)}, got {pair.name!r}")
    if part.name not in PARTS:
        raise ValueError(f"@close_encounters: part must be one of {list(PARTS)}, got {part.name!r}")
    if (start_date is None) != (end_date is None):
        raise ValueError("@close_encounters: give both start_date and end_date, or neither")
    source, gap = (e.sql(dialect=evaluator.dialect) for e in (close_runs, gap_s))
    dates = None if start_date is None else tuple(e.sql(dialect=evaluator.dialect) for e in (start_date, end_date))
    if part.name == "near_midnight" and dates is None:
        raise ValueError("@close_encounters: the 'near_midnight' part reads the days around: give its dates")
    sql = kinds[pair.name](source, gap, part.name == "within_day", dates)
    return exp.maybe_parse(f"({sql})", dialect=evaluator.dialect)


@macro()
def tick_start(evaluator: MacroEvaluator, tick: exp.Expression) -> exp.Expression:
    """The instant a heartbeat tick starts, as a naive UTC TIMESTAMP (tick: floor(unix seconds / 30))."""
    # Imported here: SQLMesh would try to serialise a module-level import of project code.
    from generator.contract import TICK_SECONDS

    sql = f"CAST('1970-01-01 00:00:00' AS TIMESTAMP) + ({tick.sql(dialect=evaluator.dialect)}) * {TICK_SECONDS} * INTERVAL '1' SECOND"
    return exp.maybe_parse(sql, dialect=evaluator.dialect)


@macro()
def tick_seconds(evaluator: MacroEvaluator, ticks: exp.Expression) -> exp.Expression:
    """The seconds `ticks` heartbeat ticks last."""
    from generator.contract import TICK_SECONDS

    return exp.maybe_parse(f"({ticks.sql(dialect=evaluator.dialect)}) * {TICK_SECONDS}", dialect=evaluator.dialect)


def near_midnight(first_tick: str, last_tick: str, day: str, gap: str) -> str:
    """SQL: an encounter of the DATE `day` from `first_tick` to `last_tick` may continue one from the
    day before or go on into the next day."""
    next_day = f"{day} + INTERVAL '1' DAY"
    return f"({may_go_on_from_before_midnight(first_tick, day, gap)} OR {may_go_on_past_midnight(last_tick, next_day, gap)})"


def on_days(column: str, dates: tuple[str, str] | None) -> str:
    return "TRUE" if dates is None else f"{column} BETWEEN {dates[0]} AND {dates[1]}"


def player_encounters(source: str, gap: str, within_day: bool, dates: tuple[str, str] | None) -> str:
    """A player pair's encounters from the runs that open one within a day."""
    openings = f"SELECT * FROM {source} WHERE encounter_last_tick IS NOT NULL"
    if within_day:
        return f"""
        SELECT
          session_id, player_a, player_b, team_a, team_b, first_tick,
          encounter_last_tick AS last_tick,
          encounter_close_ticks AS close_ticks,
          mid_x AS position_x,
          mid_y AS position_y,
          run_date AS encounter_date
        FROM {source}
        WHERE
          encounter_last_tick IS NOT NULL
          AND {on_days('run_date', dates)}
          AND NOT {near_midnight('first_tick', 'encounter_last_tick', 'run_date', gap)}"""
    start, end = dates
    pair = ("session_id", "player_a", "player_b")
    same_pair = lambda a, b: " AND ".join(f"{a}.{c} = {b}.{c}" for c in pair)  # noqa: E731
    # Two scans of the few openings near midnight: a CTE read three times would be materialised.
    tails = f"""({openings} AND run_date BETWEEN {start} - INTERVAL '1' DAY AND {end}
          AND {may_go_on_past_midnight('encounter_last_tick', "run_date + INTERVAL '1' DAY", gap)})"""
    heads = f"""({openings} AND run_date BETWEEN {start} AND {end} + INTERVAL '1' DAY
          AND {may_go_on_from_before_midnight('first_tick', 'run_date', gap)})"""
    return f"""
      WITH links AS (
        /* a day's last encounter (its tail) and the next day's first (its head), at most the gap
           apart, are one encounter; the encounters of one day are more than the gap apart */
        SELECT
          {", ".join(f"tail.{c}" for c in pair)},
          tail.first_tick AS tail_first_tick,
          head.first_tick AS head_first_tick,
          head.encounter_last_tick AS head_last_tick,
          head.encounter_close_ticks AS head_close_ticks
        FROM {tails} AS tail
        JOIN {heads} AS head
          ON {same_pair("head", "tail")}
          AND head.first_tick > tail.encounter_last_tick
          AND NOT {starts_new_encounter('tail.encounter_last_tick', 'head.first_tick', gap)}
      )
      /* the days' openings near midnight but those continuing the day before's, each with the
         next day's head it goes on into */
      SELECT
        {", ".join(f"o.{c}" for c in pair)}, o.team_a, o.team_b, o.first_tick,
        COALESCE(onward.head_last_tick, o.encounter_last_tick) AS last_tick,
        o.encounter_close_ticks + COALESCE(onward.head_close_ticks, 0) AS close_ticks,
        o.mid_x AS position_x,
        o.mid_y AS position_y,
        o.run_date AS encounter_date
      FROM (
        {openings} AND run_date BETWEEN {start} AND {end}
          AND {near_midnight('first_tick', 'encounter_last_tick', 'run_date', gap)}
      ) AS o
      LEFT JOIN links AS onward
        ON {same_pair("onward", "o")} AND onward.tail_first_tick = o.first_tick
      LEFT JOIN links AS earlier
        ON {same_pair("earlier", "o")} AND earlier.head_first_tick = o.first_tick
      WHERE earlier.session_id IS NULL"""


def team_encounters(source: str, gap: str, within_day: bool, dates: tuple[str, str] | None) -> str:
    """A team pair's encounters from the union of its players' runs."""
    keys = ", ".join(TEAM_PAIR)
    key_select = ", ".join(f"{expression} AS {name}" for name, expression in TEAM_PAIR.items())
    if within_day:
        # each day's runs alone: an encounter more than the gap from both midnights has no others
        partition, runs = f"session_id, {keys}, run_date", f"SELECT * FROM {source} WHERE {on_days('run_date', dates)}"
    else:
        # the sessions with a run near one of the days' midnights, with their runs around them:
        # the day before's that may go on past its midnight, and the next day's (they only extend
        # what goes on past the last midnight; encounters starting after the days are left out below)
        start, end = dates
        partition, runs = f"session_id, {keys}", f"""
          SELECT *
          FROM {source}
          WHERE
            run_date BETWEEN {start} - INTERVAL '1' DAY AND {end} + INTERVAL '1' DAY
            AND {may_go_on_past_midnight('last_tick', start, gap)}
            AND session_id IN (
              SELECT session_id
              FROM {source}
              WHERE
                run_date BETWEEN {start} AND {end}
                AND {near_midnight('first_tick', 'last_tick', 'run_date', gap)}
            )"""
    in_tick_order = f"PARTITION BY {partition} ORDER BY first_tick"
    part_filter = "NOT " if within_day else ""
    return f"""
      WITH runs AS (
        /* runs of a team pair starting at one tick cover the longest of them: one row per start,
           so that the windows below see each pair's rows in one order, by start tick alone */
        SELECT session_id, {keys}, run_date, first_tick, MAX(last_tick) AS last_tick
        FROM (
          SELECT session_id, {key_select}, run_date, first_tick, last_tick
          FROM ({runs}) AS day_runs
        ) AS team_runs
        GROUP BY session_id, {keys}, run_date, first_tick
      ), reached AS (
        /* reach: the last close tick of the pair's earlier runs. Every tick from a run's start
           to its reach is close already (some earlier run covers it), so the run adds the ticks
           past max(reach, its start - 1). Overlapping or touching runs are one span, and a run
           starting more than the gap after its reach starts an encounter. */
        SELECT
          *,
          MAX(last_tick) OVER ({in_tick_order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
        FROM runs
      ), flagged AS (
        SELECT
          *,
          CASE
            WHEN reach IS NULL OR (first_tick > reach + 1 AND {starts_new_encounter('reach', 'first_tick', gap)})
            THEN 1
            ELSE 0
          END AS starts_encounter,
          CASE
            WHEN reach IS NULL THEN last_tick - first_tick + 1
            ELSE GREATEST(last_tick - GREATEST(reach, first_tick - 1), 0)
          END AS new_close_ticks
        FROM reached
      ), numbered AS (
        SELECT
          *,
          SUM(starts_encounter) OVER (
            {in_tick_order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
          ) AS encounter_number
        FROM flagged
      ), encounters AS (
        SELECT
          session_id,
          {keys},
          MIN(first_tick) AS first_tick,
          MAX(last_tick) AS last_tick,
          SUM(new_close_ticks) AS close_ticks,
          MIN(run_date) AS encounter_date
        FROM numbered
        GROUP BY {partition}, encounter_number
      )
      SELECT session_id, {keys}, first_tick, last_tick, close_ticks, encounter_date
      FROM encounters
      WHERE
        {on_days('encounter_date', dates)}
        AND {part_filter}{near_midnight('first_tick', 'last_tick', 'encounter_date', gap)}"""
