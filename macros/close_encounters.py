"""@close_encounters: SPEC §2's time-gap rule as SQL, for player pairs or team pairs.

    FROM @close_encounters(core.fct_close_runs, @encounter_gap_s, 'player', @start_date, @end_date) AS e

reads the runs `@close_runs` found (a pair's consecutive close ticks within a day) and emits
one row per encounter that starts on a UTC day in [start_date, end_date]:

1. Spans: a player pair's runs are its spans of consecutive close ticks. A team pair is
   close at a tick when any two of its players are, so its spans are the union of its
   players' runs (overlapping or touching runs merge).
2. Gaps and islands per pair: a span starting more than `gap_s` seconds after the pair's
   previous close tick starts a new encounter (exactly `gap_s` apart continues it).
3. An encounter runs from its first tick's start to 30 s after its last tick's start; its
   day is the UTC date of its start. It counts the close ticks of its spans.

Runs around the interval are read too, only as far as they can matter: those of the day
before that end in its last `gap_s` seconds (they decide whether the interval's first span
continues an encounter or starts one) and, from the day after, the sessions with a run
ending in the interval's last `gap_s` seconds (only those can continue an encounter across
midnight). So an encounter across midnight is found whole and kept only on the day it
starts. Encounters longer than a day are outside this design (the core models audit them).
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator

# A pair kind's key columns from the runs' (player_a, player_b, team_a, team_b), where
# team_a is player_a's team: team pairs are named with the lower team first.
PAIRS = {
    "player": {"player_a": "player_a", "player_b": "player_b", "team_a": "team_a", "team_b": "team_b"},
    "team": {
        "team_a": "CASE WHEN team_a < team_b THEN team_a ELSE team_b END",
        "team_b": "CASE WHEN team_a < team_b THEN team_b ELSE team_a END",
    },
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

    pair_name = pair.name
    if pair_name not in PAIRS:
        raise ValueError(f"@close_encounters: pair must be one of {sorted(PAIRS)}, got {pair_name!r}")
    columns = PAIRS[pair_name]
    source, start, end, gap = (e.sql(dialect=evaluator.dialect) for e in (close_runs, start_date, end_date, gap_s))
    keys = ", ".join(columns)
    key_select = ", ".join(f"{expression} AS {name}" for name, expression in columns.items())
    by_pair = f"PARTITION BY session_id, {keys}"
    if pair_name == "player":
        # A player pair's runs never overlap: each run is a span, with the midpoint at its start.
        spans = "SELECT * FROM runs"
        position = (
            ",\n          MAX(CASE WHEN starts_encounter = 1 THEN mid_x END) AS position_x,"
            "\n          MAX(CASE WHEN starts_encounter = 1 THEN mid_y END) AS position_y"
        )
    else:
        # Both windows must see the runs in the same order: ties broken by the run's players.
        run_order = "first_tick, last_tick, run_player_a, run_player_b"
        spans = f"""
        SELECT session_id, {keys}, MIN(first_tick) AS first_tick, MAX(last_tick) AS last_tick
        FROM (
          SELECT
            *,
            SUM(CASE WHEN reach IS NULL OR first_tick > reach + 1 THEN 1 ELSE 0 END) OVER (
              {by_pair} ORDER BY {run_order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
            ) AS span
          FROM (
            SELECT
              *,
              MAX(last_tick) OVER (
                {by_pair} ORDER BY {run_order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
              ) AS reach
            FROM runs
          ) AS reached
        ) AS spanned
        GROUP BY session_id, {keys}, span"""
        position = ""
    sql = f"""
    (
      WITH runs AS (
        SELECT session_id, {key_select}, first_tick, last_tick, mid_x, mid_y,
          player_a AS run_player_a, player_b AS run_player_b
        FROM {source}
        WHERE
          run_date BETWEEN {start} - INTERVAL '1' DAY AND {end} + INTERVAL '1' DAY
          AND (last_tick + 1) * {TICK_SECONDS} >= EPOCH(CAST({start} AS TIMESTAMP)) - {gap}
          AND (
            run_date <= {end}
            OR session_id IN (
              SELECT session_id
              FROM {source}
              WHERE
                run_date = {end}
                AND (last_tick + 1) * {TICK_SECONDS} >= EPOCH(CAST({end} + INTERVAL '1' DAY AS TIMESTAMP)) - {gap}
            )
          )
      ), spans AS (
        {spans}
      ), flagged AS (
        SELECT
          *,
          CASE
            WHEN (first_tick - LAG(last_tick) OVER ({by_pair} ORDER BY first_tick)) * {TICK_SECONDS} <= {gap}
            THEN 0
            ELSE 1
          END AS starts_encounter
        FROM spans
      ), numbered AS (
        SELECT
          *,
          SUM(starts_encounter) OVER (
            {by_pair} ORDER BY first_tick ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
          ) AS encounter_number
        FROM flagged
      ), encounters AS (
        SELECT
          session_id,
          {keys},
          MIN(first_tick) AS first_tick,
          MAX(last_tick) AS last_tick,
          SUM(last_tick - first_tick + 1) AS close_ticks{position}
        FROM numbered
        GROUP BY session_id, {keys}, encounter_number
      ), timed AS (
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
