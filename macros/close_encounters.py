"""@close_encounters: SPEC §2's time-gap rule as SQL, for player pairs or team pairs.

    FROM @close_encounters(core.fct_close_pairs, @encounter_gap_s, 'player', @start_date, @end_date) AS e

reads the close pairs `@close_pairs` found (one row per tick at which two players of
different teams were close) and emits one row per encounter that starts on a UTC day in
[start_date, end_date]:

1. Pair ticks: a player pair's close ticks are the rows themselves; a team pair is close at
   a tick when any two of their players are.
2. Gaps and islands per pair: a close tick more than `gap_s` seconds after the pair's
   previous close tick starts a new encounter (exactly `gap_s` apart continues it).
3. An encounter runs from its first tick's start to 30 s after its last tick's start; its
   day is the UTC date of its start.

Close ticks around the interval are read too, only as far as they can matter: the last
`gap_s` seconds before it (a close tick there decides whether the first close tick of the
interval continues an encounter or starts one) and, from the day after, the sessions with
a close tick in the interval's last `gap_s` seconds (only those can continue an encounter
across midnight). So an encounter across midnight is found whole and kept only on the day
it starts. Encounters longer than a day are outside this design (core models audit them).
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator

TICK_SECONDS = 30
# How a pair kind's close ticks come from the close player pairs (a, b): its key columns,
# and whether several player pairs can make one pair tick (then they are grouped).
PAIRS = {
    "player": ({"player_a": "player_a", "player_b": "player_b", "team_a": "team_a", "team_b": "team_b"}, False),
    "team": ({"team_a": "LEAST(team_a, team_b)", "team_b": "GREATEST(team_a, team_b)"}, True),
}


@macro()
def close_encounters(
    evaluator: MacroEvaluator,
    close_pairs: exp.Expression,
    gap_s: exp.Expression,
    pair: exp.Expression,
    start_date: exp.Expression,
    end_date: exp.Expression,
) -> exp.Expression:
    """The encounters of `pair` ('player' or 'team') starting in [start_date, end_date]."""
    pair_name = pair.name
    if pair_name not in PAIRS:
        raise ValueError(f"@close_encounters: pair must be one of {sorted(PAIRS)}, got {pair_name!r}")
    columns, grouped = PAIRS[pair_name]
    source, start, end, gap = (e.sql(dialect=evaluator.dialect) for e in (close_pairs, start_date, end_date, gap_s))
    pair_keys = ", ".join(columns)
    pair_select = ", ".join(f"{expression} AS {name}" for name, expression in columns.items())
    # A player pair ticks once per row; a team pair once per tick any of its player pairs is close.
    pair_ticks = (
        f"SELECT session_id, tick, {pair_select} FROM pairs GROUP BY session_id, tick, {', '.join(columns.values())}"
        if grouped
        else f"SELECT session_id, tick, {pair_keys}, mid_x, mid_y FROM pairs"
    )
    # Where the pair was at its first close tick: the players' midpoint (player pairs only).
    position = (
        ",\n        MAX(CASE WHEN starts_encounter = 1 THEN mid_x END) AS position_x,"
        "\n        MAX(CASE WHEN starts_encounter = 1 THEN mid_y END) AS position_y"
        if not grouped
        else ""
    )
    sql = f"""
    (
      WITH pairs AS (
        SELECT session_id, tick, player_a, player_b, team_a, team_b, mid_x, mid_y
        FROM {source}
        WHERE
          tick_date BETWEEN {start} - INTERVAL '1' DAY AND {end} + INTERVAL '1' DAY
          AND tick * {TICK_SECONDS} >= EPOCH(CAST({start} AS TIMESTAMP)) - {gap}
          AND (
            tick_date <= {end}
            OR session_id IN (
              SELECT session_id
              FROM {source}
              WHERE
                tick_date = {end}
                AND tick * {TICK_SECONDS} >= EPOCH(CAST({end} + INTERVAL '1' DAY AS TIMESTAMP)) - {gap}
            )
          )
      ), close_ticks AS (
        {pair_ticks}
      ), flagged AS (
        SELECT
          *,
          CASE
            WHEN (tick - LAG(tick) OVER (PARTITION BY session_id, {pair_keys} ORDER BY tick)) * {TICK_SECONDS}
              <= {gap}
            THEN 0
            ELSE 1
          END AS starts_encounter
        FROM close_ticks
      ), numbered AS (
        SELECT
          *,
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
