"""@close_encounters: SPEC §2's time-gap rule as SQL, for player pairs or team pairs.

    FROM @close_encounters(core.fct_close_runs, @encounter_gap_s, 'player', @start_date, @end_date) AS e

reads the runs `@close_runs` found (a pair's consecutive close ticks within a day) and emits
one row per encounter that starts on a UTC day in [start_date, end_date]. An encounter runs
from its first tick's start to 30 s after its last tick's start; its day is the UTC date of
its start. It counts the pair's close ticks.

- Player pairs: `@close_runs` already applied the gap within each day, on the runs that open
  an encounter. What is left is midnight: a day's last encounter of a pair and the next day's
  first, at most `gap_s` apart, are one, kept on the day it starts.
- Team pairs: a team pair is close at a tick when any two of its players are, so its close
  ticks are the union of its players' runs. A run starting more than `gap_s` seconds after
  the pair's previous close tick starts a new encounter (exactly `gap_s` apart continues it).

Either way only the edges of the days around the interval are read: what ends in the last
`gap_s` seconds of the day before, and what starts (players) or the sessions with a run
ending (teams) within `gap_s` of the interval's end. So an encounter across midnight is found
whole and kept only on the day it starts. Encounters longer than a day are outside this
design (the core models audit them).
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


@macro()
def close_encounters(
    evaluator: MacroEvaluator,
    close_runs: exp.Expression,
    gap_s: exp.Expression,
    pair: exp.Expression,
    start_date: exp.Expression,
    end_date: exp.Expression,
) -> exp.Expression:
    """The encounters of `pair` ('player' or 'team') starting in [start_date, end_date]."""
    # Imported here: SQLMesh would try to serialise a module-level import of project code.
    from generator.contract import TICK_SECONDS

    kinds = {"player": player_encounters, "team": team_encounters}
    if pair.name not in kinds:
        raise ValueError(f"@close_encounters: pair must be one of {sorted(kinds)}, got {pair.name!r}")
    source, start, end, gap = (e.sql(dialect=evaluator.dialect) for e in (close_runs, start_date, end_date, gap_s))
    encounters = kinds[pair.name](source, start, end, gap)
    sql = f"""
    (
      WITH {encounters}, timed AS (
        SELECT
          *,
          CAST('1970-01-01 00:00:00' AS TIMESTAMP) + first_tick * {TICK_SECONDS} * INTERVAL '1' SECOND AS encounter_start_ts,
          CAST('1970-01-01 00:00:00' AS TIMESTAMP) + (last_tick + 1) * {TICK_SECONDS} * INTERVAL '1' SECOND AS encounter_end_ts,
          (last_tick - first_tick + 1) * {TICK_SECONDS} AS encounter_seconds
        FROM encounters
      )
      SELECT *, CAST(encounter_start_ts AS DATE) AS encounter_date
      FROM timed
      WHERE CAST(encounter_start_ts AS DATE) BETWEEN {start} AND {end}
    )
    """
    return exp.maybe_parse(sql, dialect=evaluator.dialect)


def player_encounters(source: str, start: str, end: str, gap: str) -> str:
    """CTEs ending in `encounters`: a player pair's encounters from the runs that open one within a day."""
    pair = ("session_id", "player_a", "player_b")
    same_pair = lambda a, b: " AND ".join(f"{a}.{c} = {b}.{c}" for c in pair)  # noqa: E731
    openings = f"SELECT * FROM {source} WHERE encounter_last_tick IS NOT NULL AND run_date BETWEEN"
    # Two scans of the few openings near midnight: a CTE read three times would be materialised.
    tails = f"""({openings} {start} - INTERVAL '1' DAY AND {end}
          AND {may_go_on_past_midnight('encounter_last_tick', "run_date + INTERVAL '1' DAY", gap)})"""
    heads = f"""({openings} {start} AND {end} + INTERVAL '1' DAY
          AND {may_go_on_from_before_midnight('first_tick', 'run_date', gap)})"""
    return f"""links AS (
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
      ), encounters AS (
        /* the day's encounters but those continuing the day before's, each with the next day's head it goes on into */
        SELECT
          {", ".join(f"o.{c}" for c in pair)}, o.team_a, o.team_b, o.first_tick,
          COALESCE(onward.head_last_tick, o.encounter_last_tick) AS last_tick,
          o.encounter_close_ticks + COALESCE(onward.head_close_ticks, 0) AS close_ticks,
          o.mid_x AS position_x,
          o.mid_y AS position_y
        FROM ({openings} {start} AND {end}) AS o
        LEFT JOIN links AS onward
          ON {same_pair("onward", "o")} AND onward.tail_first_tick = o.first_tick
        LEFT JOIN links AS earlier
          ON {same_pair("earlier", "o")} AND earlier.head_first_tick = o.first_tick
        WHERE earlier.session_id IS NULL
      )"""


def team_encounters(source: str, start: str, end: str, gap: str) -> str:
    """CTEs ending in `encounters`: a team pair's encounters from the union of its players' runs."""
    keys = ", ".join(TEAM_PAIR)
    key_select = ", ".join(f"{expression} AS {name}" for name, expression in TEAM_PAIR.items())
    in_tick_order = f"PARTITION BY session_id, {keys} ORDER BY first_tick"
    return f"""runs AS (
        /* runs of a team pair starting at one tick cover the longest of them: one row per start,
           so that the windows below see each pair's rows in one order, by start tick alone */
        SELECT session_id, {keys}, first_tick, MAX(last_tick) AS last_tick
        FROM (
          SELECT session_id, {key_select}, first_tick, last_tick
          FROM {source}
          WHERE
            run_date BETWEEN {start} - INTERVAL '1' DAY AND {end} + INTERVAL '1' DAY
            AND {may_go_on_past_midnight('last_tick', start, gap)}
            AND (
              run_date <= {end}
              OR session_id IN (
                SELECT session_id
                FROM {source}
                WHERE
                  run_date = {end}
                  AND {may_go_on_past_midnight('last_tick', f"{end} + INTERVAL '1' DAY", gap)}
              )
            )
        ) AS team_runs
        GROUP BY session_id, {keys}, first_tick
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
          SUM(new_close_ticks) AS close_ticks
        FROM numbered
        GROUP BY session_id, {keys}, encounter_number
      )"""
