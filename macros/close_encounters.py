"""@close_encounters: SPEC §2 close encounters as SQL, for player pairs or team pairs.

    FROM @close_encounters(staging.stg_heartbeats, @encounter_radius, @encounter_gap_s,
                           'player', @start_date, @end_date) AS e

emits a subquery with one row per encounter that starts on a UTC day in
[start_date, end_date]:

1. Ticks: a heartbeat's tick is floor(unix seconds / 30); per (session, player, tick) the
   latest heartbeat counts.
2. Close pairs: two players of different teams with a heartbeat in the same session and
   tick (an equi-join on session_id and tick) whose 3-D distance is at most `radius`
   (compared squared: the same test without a square root's rounding). A team pair is
   close at a tick when any two of their players are.
3. Gaps and islands per pair: a close tick more than `gap_s` seconds after the pair's
   previous close tick starts a new encounter (exactly `gap_s` apart continues it).
4. An encounter runs from its first tick's start to 30 s after its last tick's start; its
   day is the UTC date of its start.

Heartbeats around the interval are read too, only as far as they can matter: the last
`gap_s` seconds before it (a close tick there decides whether the first close tick of the
interval continues an encounter or starts one) and, from the day after, the sessions that
have a heartbeat in the interval's last `gap_s` seconds (only those can continue an
encounter across midnight). So an encounter across midnight is found whole and kept only
on the day it starts, and each day costs about one day of heartbeats, not three
(docs/BENCHMARKS.md). Encounters longer than a day are outside this design (core models
audit them).
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator

TICK_SECONDS = 30
PAIRS = {
    # pair columns of the output, and how they come from a close player pair (a, b)
    "player": {"player_a": "player_a", "player_b": "player_b", "team_a": "team_a", "team_b": "team_b"},
    "team": {"team_a": "LEAST(team_a, team_b)", "team_b": "GREATEST(team_a, team_b)"},
}


@macro()
def close_encounters(
    evaluator: MacroEvaluator,
    heartbeats: exp.Expression,
    radius: exp.Expression,
    gap_s: exp.Expression,
    pair: exp.Expression,
    start_date: exp.Expression,
    end_date: exp.Expression,
) -> exp.Expression:
    """The encounters of `pair` ('player' or 'team') starting in [start_date, end_date]."""
    pair_name = pair.name
    if pair_name not in PAIRS:
        raise ValueError(f"@close_encounters: pair must be one of {sorted(PAIRS)}, got {pair_name!r}")
    columns = PAIRS[pair_name]
    source, start, end, gap = (e.sql(dialect=evaluator.dialect) for e in (heartbeats, start_date, end_date, gap_s))
    pair_keys = ", ".join(columns)
    pair_select = ",\n          ".join(f"{source} AS {name}" for name, source in columns.items())
    # Where the pair was at its first close tick: the players' midpoint (player pairs only).
    position = (
        ",\n        MAX(CASE WHEN starts_encounter = 1 THEN mid_x END) AS position_x,"
        "\n        MAX(CASE WHEN starts_encounter = 1 THEN mid_y END) AS position_y"
        if pair_name == "player"
        else ""
    )
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
          CAST(FLOOR(EPOCH(event_ts) / {TICK_SECONDS}) AS BIGINT) AS tick
        FROM {source}
        WHERE
          event_date BETWEEN {start} - INTERVAL '1' DAY AND {end} + INTERVAL '1' DAY
          AND event_ts >= CAST({start} AS TIMESTAMP) - {gap} * INTERVAL '1' SECOND
          AND (
            event_date <= {end}
            OR session_id IN (
              SELECT session_id
              FROM {source}
              WHERE
                event_date = {end}
                AND event_ts >= CAST({end} + INTERVAL '1' DAY AS TIMESTAMP) - {gap} * INTERVAL '1' SECOND
            )
          )
      ), latest_beats AS (
        SELECT
          session_id,
          player_id,
          team_id,
          tick,
          position_x,
          position_y,
          position_z,
          ROW_NUMBER() OVER (PARTITION BY session_id, player_id, tick ORDER BY event_ts DESC) AS recency
        FROM beats
      ), ticks AS (
        SELECT session_id, player_id, team_id, tick, position_x, position_y, position_z
        FROM latest_beats
        WHERE recency = 1
      ), close_players AS (
        SELECT
          a.session_id,
          a.tick,
          a.player_id AS player_a,
          b.player_id AS player_b,
          a.team_id AS team_a,
          b.team_id AS team_b,
          (a.position_x + b.position_x) / 2 AS mid_x,
          (a.position_y + b.position_y) / 2 AS mid_y
        FROM ticks AS a
        JOIN ticks AS b
          ON a.session_id = b.session_id AND a.tick = b.tick AND a.player_id < b.player_id
        WHERE
          a.team_id <> b.team_id
          AND (a.position_x - b.position_x) * (a.position_x - b.position_x)
            + (a.position_y - b.position_y) * (a.position_y - b.position_y)
            + (a.position_z - b.position_z) * (a.position_z - b.position_z)
            <= {radius.sql()} * {radius.sql()}
      ), close_ticks AS (
        SELECT
          session_id,
          tick,
          {pair_select},
          MIN(mid_x) AS mid_x,
          MIN(mid_y) AS mid_y
        FROM close_players
        GROUP BY session_id, tick, {", ".join(columns.values())}
      ), flagged AS (
        SELECT
          session_id,
          {pair_keys},
          tick,
          mid_x,
          mid_y,
          CASE
            WHEN (tick - LAG(tick) OVER (PARTITION BY session_id, {pair_keys} ORDER BY tick)) * {TICK_SECONDS}
              <= {gap}
            THEN 0
            ELSE 1
          END AS starts_encounter
        FROM close_ticks
      ), numbered AS (
        SELECT
          session_id,
          {pair_keys},
          tick,
          mid_x,
          mid_y,
          starts_encounter,
          SUM(starts_encounter) OVER (
            PARTITION BY session_id, {pair_keys} ORDER BY tick ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
          ) AS encounter_number
        FROM flagged
      ), encounters AS (
        SELECT
          session_id,
          {pair_keys},
          MIN(tick) AS first_tick,
          MAX(tick) AS last_tick,
          COUNT(*) AS close_ticks{position}
        FROM numbered
        GROUP BY session_id, {pair_keys}, encounter_number
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
