"""@close_pairs: SPEC §2's proximity rule as SQL, the expensive half of close encounters.

    FROM @close_pairs(staging.stg_heartbeats, @encounter_radius, @start_date, @end_date) AS p

emits a subquery with one row per tick in [start_date, end_date] at which two players of
different teams in the same session were within `radius` of each other:

1. Ticks: `staging.stg_heartbeats` gives each report its tick (floor(unix seconds / 30))
   and flags the player's latest report of the tick (`latest_in_tick`), the one that
   counts. A tick never crosses midnight (30 s divides a day), so a day's ticks come from
   that day's heartbeats alone and a day needs no other day.
2. Close pairs: an equi-join on session_id and tick (players are compared only within
   their match and tick, ~12 players a match), kept when the 3-D distance is at most
   `radius` (compared squared: no square root's rounding).

The two sides of the join are two scans of the heartbeats, not one CTE: DuckDB would
materialise a CTE read twice, which at 100 M heartbeats a day cost more than the join
(docs/BENCHMARKS.md). A spatial grid saved under 10 % at this match size, for a much
longer query (measured, same document).

This is the only step that reads heartbeats. `@close_encounters` turns its rows into
encounters for player pairs and for team pairs, so the join runs once a day, not once per
pair kind and not again for a neighbouring day.
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator


@macro()
def close_pairs(
    evaluator: MacroEvaluator,
    heartbeats: exp.Expression,
    radius: exp.Expression,
    start_date: exp.Expression,
    end_date: exp.Expression,
) -> exp.Expression:
    """Player pairs of different teams within `radius` at a tick of a day in [start_date, end_date]."""
    source, start, end, r = (e.sql(dialect=evaluator.dialect) for e in (heartbeats, start_date, end_date, radius))
    # Each player's report that counts for its tick, on the interval's days.
    latest_reports = f"""(
      SELECT session_id, player_id, team_id, tick, position_x, position_y, position_z, event_date
      FROM {source}
      WHERE event_date BETWEEN {start} AND {end} AND latest_in_tick
    )"""
    sql = f"""
    (
      SELECT
        a.session_id,
        a.tick,
        a.player_id AS player_a,
        b.player_id AS player_b,
        a.team_id AS team_a,
        b.team_id AS team_b,
        (a.position_x + b.position_x) / 2 AS mid_x,
        (a.position_y + b.position_y) / 2 AS mid_y,
        a.event_date AS tick_date
      FROM {latest_reports} AS a
      JOIN {latest_reports} AS b
        ON a.session_id = b.session_id AND a.tick = b.tick AND a.player_id < b.player_id
      WHERE
        a.team_id <> b.team_id
        AND (a.position_x - b.position_x) * (a.position_x - b.position_x)
          + (a.position_y - b.position_y) * (a.position_y - b.position_y)
          + (a.position_z - b.position_z) * (a.position_z - b.position_z)
          <= {r} * {r}
    )
    """
    return exp.maybe_parse(sql, dialect=evaluator.dialect)
