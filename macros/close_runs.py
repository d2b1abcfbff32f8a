"""@close_runs: SPEC §2's proximity rule as SQL, the one step that reads heartbeats in bulk.

    FROM @close_runs(staging.heartbeats_checked, @encounter_radius, @start_date, @end_date) AS r

emits one row per run of consecutive 30-second ticks at which two players of different teams
in one session were within `radius` of each other, on a UTC day in [start_date, end_date]:

1. Reports: the day's valid heartbeats, each with its tick, floor(unix seconds / 30). A tick
   never crosses midnight, so a day needs no other day's heartbeats.
2. One self-join on (session, tick) finds both what the rule needs:
   - cross-team pairs within `radius` (compared squared: no square root's rounding), each
     unordered pair once because the join keeps the lower team on the left;
   - a player's reports that another report of the same tick supersedes: a later one, or a
     later delivery of the same one (the file whose name sorts last, then the last row).
     Only a player's latest report of a tick counts, so pairs with a superseded report go.
   Deduplicating first would take a second pass over the day (an aggregate of every report);
   superseded reports are rare, and the join meets them anyway.
3. Runs: a pair's close ticks become runs of consecutive ticks (gaps and islands), named by
   the ids as text, the lower first. A run keeps the players' midpoint at its first tick.

Runs are the whole of what close encounters need (`@close_encounters` merges them into
player and team encounters); heartbeats themselves stay in the lake.
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator


@macro()
def close_runs(
    evaluator: MacroEvaluator,
    heartbeats: exp.Expression,
    radius: exp.Expression,
    start_date: exp.Expression,
    end_date: exp.Expression,
) -> exp.Expression:
    """Runs of ticks at which two players of different teams were within `radius`, on days in [start_date, end_date]."""
    source, start, end, r = (e.sql(dialect=evaluator.dialect) for e in (heartbeats, start_date, end_date, radius))
    tick = tick_of(exp.column("event_ts")).sql(dialect=evaluator.dialect)
    sql = f"""
    (
      WITH valid AS (
        SELECT session_id, player_id, team_id, event_ts, {tick} AS tick, event_date,
          position_x, position_y, position_z, source_file, file_row_number
        FROM {source}
        WHERE event_date BETWEEN {start} AND {end} AND quarantine_reason IS NULL
      ), files AS (
        /* deliveries are ordered by file name: a small rank per file rather than the name in the join */
        SELECT source_file, ROW_NUMBER() OVER (ORDER BY source_file) AS file_rank
        FROM (SELECT DISTINCT source_file FROM valid) AS names
      ), reports AS (
        SELECT v.session_id, v.player_id, v.team_id, v.event_ts, v.tick, v.event_date, v.position_x,
          v.position_y, v.position_z, f.file_rank, v.file_row_number
        FROM valid AS v
        JOIN files AS f ON f.source_file = v.source_file
      ), met AS (
        SELECT
          a.session_id, a.tick, a.event_date,
          a.player_id AS left_player, b.player_id AS right_player,
          a.team_id AS left_team, b.team_id AS right_team,
          a.event_ts AS left_ts, a.file_rank AS left_file, a.file_row_number AS left_row,
          b.event_ts AS right_ts, b.file_rank AS right_file, b.file_row_number AS right_row,
          (a.position_x + b.position_x) / 2 AS mid_x,
          (a.position_y + b.position_y) / 2 AS mid_y
        FROM reports AS a
        JOIN reports AS b ON a.session_id = b.session_id AND a.tick = b.tick
        WHERE
          (
            a.team_id < b.team_id
            AND (a.position_x - b.position_x) * (a.position_x - b.position_x)
              + (a.position_y - b.position_y) * (a.position_y - b.position_y)
              + (a.position_z - b.position_z) * (a.position_z - b.position_z)
              <= {r} * {r}
          )
          OR (
            a.player_id = b.player_id
            AND (
              a.event_ts < b.event_ts
              OR (a.event_ts = b.event_ts AND a.file_rank < b.file_rank)
              OR (a.event_ts = b.event_ts AND a.file_rank = b.file_rank AND a.file_row_number < b.file_row_number)
            )
          )
      ), superseded AS (
        SELECT DISTINCT session_id, tick, left_player AS player_id, left_ts AS event_ts, left_file AS file_rank,
          left_row AS file_row_number
        FROM met
        WHERE left_player = right_player
      ), close AS (
        SELECT
          m.session_id, m.tick, m.event_date, m.mid_x, m.mid_y,
          CAST(m.left_player AS TEXT) AS left_player, CAST(m.right_player AS TEXT) AS right_player,
          CAST(m.left_team AS TEXT) AS left_team, CAST(m.right_team AS TEXT) AS right_team
        FROM met AS m
        WHERE
          m.left_team < m.right_team
          AND m.left_player <> m.right_player
          AND NOT EXISTS (
            SELECT 1 FROM superseded AS s
            WHERE s.session_id = m.session_id AND s.tick = m.tick AND s.player_id = m.left_player
              AND s.event_ts = m.left_ts AND s.file_rank = m.left_file AND s.file_row_number = m.left_row
          )
          AND NOT EXISTS (
            SELECT 1 FROM superseded AS s
            WHERE s.session_id = m.session_id AND s.tick = m.tick AND s.player_id = m.right_player
              AND s.event_ts = m.right_ts AND s.file_rank = m.right_file AND s.file_row_number = m.right_row
          )
      ), named AS (
        SELECT
          CAST(session_id AS TEXT) AS session_id, tick, event_date, mid_x, mid_y,
          CASE WHEN left_player < right_player THEN left_player ELSE right_player END AS player_a,
          CASE WHEN left_player < right_player THEN right_player ELSE left_player END AS player_b,
          CASE WHEN left_player < right_player THEN left_team ELSE right_team END AS team_a,
          CASE WHEN left_player < right_player THEN right_team ELSE left_team END AS team_b
        FROM close
      ), islands AS (
        SELECT
          *,
          tick - ROW_NUMBER() OVER (PARTITION BY session_id, player_a, player_b, event_date ORDER BY tick) AS island
        FROM named
      )
      SELECT
        session_id, player_a, player_b, team_a, team_b,
        MIN(tick) AS first_tick,
        MAX(tick) AS last_tick,
        ARG_MIN(mid_x, tick) AS mid_x,
        ARG_MIN(mid_y, tick) AS mid_y,
        event_date AS run_date
      FROM islands
      GROUP BY session_id, player_a, player_b, team_a, team_b, event_date, island
    )
    """
    return exp.maybe_parse(sql, dialect=evaluator.dialect)


def tick_of(ts: exp.Expression) -> exp.Expression:
    """The tick a naive UTC TIMESTAMP falls in: floor(unix seconds / 30), a BIGINT.

    DuckDB's EPOCH() keeps fractions of a second, Spark's UNIX_TIMESTAMP() (what sqlglot
    turns it into) drops them; the floor of the quotient is the same either way.
    """
    # Imported here: SQLMesh would try to serialise a module-level import of project code.
    from generator.contract import TICK_SECONDS

    seconds = exp.TimeToUnix(this=ts)
    return exp.cast(exp.Floor(this=exp.Div(this=seconds, expression=exp.Literal.number(TICK_SECONDS))), "BIGINT")
