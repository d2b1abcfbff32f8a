"""@close_pairs: SPEC §2's proximity rule as SQL, the expensive half of close encounters.

    FROM @close_pairs(staging.stg_heartbeats, @encounter_radius, @start_date, @end_date) AS p

emits a subquery with one row per tick in [start_date, end_date] at which two players of
different teams in the same session were within `radius` of each other:

1. Ticks: a heartbeat's tick is floor(unix seconds / 30); per (session, player, tick) the
   latest heartbeat counts. A tick never crosses midnight (30 s divides a day), so a day's
   ticks come from that day's heartbeats alone and a day needs no other day.
2. Close pairs: an equi-join on session_id and tick (players are compared only within
   their match and tick, ~12 players a match, so no spatial grid), kept when the 3-D
   distance is at most `radius` (compared squared: no square root's rounding).

This is the only step that reads heartbeats. `@close_encounters` turns its rows into
encounters for player pairs and for team pairs, so the join runs once a day, not once per
pair kind and not again for a neighbouring day (docs/BENCHMARKS.md).
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator

TICK_SECONDS = 30


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
    sql = f"""
    (
      WITH beats AS (
        SELECT
          session_id,
          player_id,
          team_id,
          event_ts,
          position_x,
          position_y,
          position_z,
          event_date,
          CAST(FLOOR(EPOCH(event_ts) / {TICK_SECONDS}) AS BIGINT) AS tick
        FROM {source}
        WHERE
          event_date BETWEEN {start} AND {end}
      ), shared_ticks AS (
        /* A player's tick with more than one heartbeat is rare: an aggregate finds those and
           their latest heartbeat, cheaper than a window sorting every row while the day fits
           in memory (docs/BENCHMARKS.md, change 6). */
        SELECT session_id, player_id, tick, MAX(event_ts) AS latest_ts
        FROM beats
        GROUP BY session_id, player_id, tick
        HAVING COUNT(*) > 1
      ), ticks AS (
        SELECT b.session_id, b.player_id, b.team_id, b.tick, b.position_x, b.position_y, b.position_z, b.event_date
        FROM beats AS b
        LEFT JOIN shared_ticks AS s
          ON b.session_id = s.session_id AND b.player_id = s.player_id AND b.tick = s.tick
        WHERE
          s.latest_ts IS NULL OR b.event_ts = s.latest_ts
      )
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
      FROM ticks AS a
      JOIN ticks AS b
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
