"""@close_runs: SPEC §2's proximity rule as SQL, the one step that joins heartbeats.

    FROM @close_runs(staging.heartbeats_checked, staging.superseded_heartbeats, @encounter_radius,
                     @encounter_gap_s, @start_date, @end_date) AS r

emits one row per run of consecutive 30-second ticks at which two players of different teams
in one session were within `radius` of each other, on a UTC day in [start_date, end_date]:

1. Reports: the day's valid heartbeats with their tick, less the superseded ones (an earlier
   report of the same player and tick, or a repeated delivery: staging.superseded_heartbeats).
   A tick never crosses midnight, so a day needs no other day's heartbeats.
2. Close pairs: one equi-join on (session, tick) with the lower team on the left, so each
   unordered pair of opponents is met once, kept within `radius` (compared squared: no
   square root's rounding). DuckDB tests the teams inside the join and the distance in a
   filter right above it: on the bench's big day, 358 M pairs of opponents for 24.6 M close
   ones. An OR across the conditions would make it emit every pair of a match's tick first.
3. Runs: a pair's close ticks become runs of consecutive ticks, computed on the ids as
   delivered and named at the end in the warehouse's id type (`@as_id`), the lower first.
   One pass in tick order marks the ticks that start or end a run; most runs are a single
   tick and need nothing more, the others pair each start with the next end. No GROUP BY
   over every close tick.
   A run keeps the players' midpoint at its first tick. Runs come out in session and tick order.
4. The day's encounters: the same pass applies SPEC §2's time-gap rule within the day. A run
   more than `gap_s` seconds after the pair's previous close tick that day opens an
   encounter, and carries that encounter's last close tick and close ticks within the day,
   counted by numbering the pair's close ticks in that pass. So `@close_encounters` needs no
   second sort of the runs: it only joins encounters across midnight.

The two sides of the join are two scans of the heartbeats, not one CTE, which DuckDB would
materialise at a day's full size. Runs are what close encounters need (`@close_encounters`
makes player and team encounters of them); heartbeats themselves stay in the lake.
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator

from macros.encounter_gap import starts_new_encounter
from macros.ids import id_sql_type


@macro()
def close_runs(
    evaluator: MacroEvaluator,
    heartbeats: exp.Expression,
    superseded: exp.Expression,
    radius: exp.Expression,
    gap_s: exp.Expression,
    start_date: exp.Expression,
    end_date: exp.Expression,
) -> exp.Expression:
    """Runs of ticks at which two players of different teams were within `radius`, on days in [start_date, end_date]."""
    source, dropped, start, end, r, gap = (
        e.sql(dialect=evaluator.dialect) for e in (heartbeats, superseded, start_date, end_date, radius, gap_s)
    )
    id_type = id_sql_type(evaluator)
    # A left join to the few superseded rows rather than NOT EXISTS, which DuckDB would answer
    # by first collecting every distinct (file, row) of the day.
    reports = f"""(
        SELECT h.session_id, h.player_id, h.team_id, h.tick, h.event_date, h.position_x, h.position_y, h.position_z
        FROM {source} AS h
        LEFT JOIN (
          SELECT source_file, file_row_number FROM {dropped} WHERE event_date BETWEEN {start} AND {end}
        ) AS s
          ON s.file_row_number = h.file_row_number AND s.source_file = h.source_file
        WHERE h.event_date BETWEEN {start} AND {end} AND h.quarantine_reason IS NULL AND s.source_file IS NULL
      )"""
    # A run's pair: opponents in a session, on one day.
    pair = "session_id, left_player, right_player, left_team, right_team, event_date"
    in_tick_order = f"PARTITION BY {pair} ORDER BY tick"
    onwards = f"{in_tick_order} ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING"
    # The runs are stored by session and tick so that DuckDB compresses a session's ids and ticks
    # together: 28 % fewer bytes on the big day (docs/SIZING.md). They are sorted on the ids as
    # delivered: for integer ids that costs half what sorting their text does.
    sql = f"""
    (
      WITH close AS (
        SELECT
          a.session_id, a.tick, a.event_date,
          a.player_id AS left_player, b.player_id AS right_player,
          a.team_id AS left_team, b.team_id AS right_team,
          (a.position_x + b.position_x) / 2 AS mid_x,
          (a.position_y + b.position_y) / 2 AS mid_y
        FROM {reports} AS a
        JOIN {reports} AS b
          ON a.session_id = b.session_id
          AND a.tick = b.tick
          AND a.team_id < b.team_id
          AND (a.position_x - b.position_x) * (a.position_x - b.position_x)
            + (a.position_y - b.position_y) * (a.position_y - b.position_y)
            + (a.position_z - b.position_z) * (a.position_z - b.position_z)
            <= {r} * {r}
      ), edged AS (
        /* a close tick starts a run unless the pair was close the tick before, and ends one
           unless it is close the tick after; it is the pair's close_number-th close tick */
        SELECT
          *,
          LAG(tick) OVER ({in_tick_order}) AS previous_tick,
          LEAD(tick) OVER ({in_tick_order}) AS next_tick,
          ROW_NUMBER() OVER ({in_tick_order}) AS close_number
        FROM close
      ), bounded AS (
        /* a run start opens an encounter unless the pair's previous close tick is at most
           gap_s before it; a run end closes one unless the next is at most gap_s after it */
        SELECT
          *,
          starts_run AND (previous_tick IS NULL OR {starts_new_encounter('previous_tick', 'tick', gap)}) AS opens_encounter,
          ends_run AND (next_tick IS NULL OR {starts_new_encounter('tick', 'next_tick', gap)}) AS closes_encounter
        FROM (
          SELECT
            *,
            previous_tick IS NULL OR previous_tick < tick - 1 AS starts_run,
            next_tick IS NULL OR next_tick > tick + 1 AS ends_run
          FROM edged
        ) AS run_edged
      ), runs AS (
        /* most runs are one tick, and most of those open and close their encounter: nothing more
           to find. Elsewhere a run's end, and the end of the encounter it opens, are the nearest
           such edges at or after its start. */
        SELECT
          {pair}, tick AS first_tick, tick AS last_tick, mid_x, mid_y,
          CASE WHEN opens_encounter THEN tick END AS encounter_last_tick,
          CASE WHEN opens_encounter THEN 1 END AS encounter_close_ticks
        FROM bounded
        WHERE starts_run AND ends_run AND opens_encounter = closes_encounter
        UNION ALL
        SELECT
          {pair}, first_tick, last_tick, mid_x, mid_y,
          CASE WHEN opens_encounter THEN encounter_last_tick END,
          CASE WHEN opens_encounter THEN encounter_last_number - close_number + 1 END
        FROM (
          SELECT
            {pair}, starts_run, opens_encounter, close_number, mid_x, mid_y,
            tick AS first_tick,
            MIN(CASE WHEN ends_run THEN tick END) OVER ({onwards}) AS last_tick,
            MIN(CASE WHEN closes_encounter THEN tick END) OVER ({onwards}) AS encounter_last_tick,
            MIN(CASE WHEN closes_encounter THEN close_number END) OVER ({onwards}) AS encounter_last_number
          FROM bounded
          WHERE starts_run <> ends_run OR opens_encounter <> closes_encounter
        ) AS edges
        WHERE starts_run
      ), named AS (
        SELECT
          *,
          CAST(left_player AS {id_type}) < CAST(right_player AS {id_type}) AS left_first
        FROM runs
      )
      SELECT
        CAST(session_id AS {id_type}) AS session_id,
        CAST(CASE WHEN left_first THEN left_player ELSE right_player END AS {id_type}) AS player_a,
        CAST(CASE WHEN left_first THEN right_player ELSE left_player END AS {id_type}) AS player_b,
        CAST(CASE WHEN left_first THEN left_team ELSE right_team END AS {id_type}) AS team_a,
        CAST(CASE WHEN left_first THEN right_team ELSE left_team END AS {id_type}) AS team_b,
        first_tick, last_tick, mid_x, mid_y,
        encounter_last_tick, encounter_close_ticks,
        event_date AS run_date
      FROM named
      ORDER BY named.session_id, named.first_tick, named.left_player, named.right_player
    )
    """
    return exp.maybe_parse(sql, dialect=evaluator.dialect)
