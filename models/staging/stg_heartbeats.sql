/* One row per position report (session_id, player_id, event_ts): valid rows of raw.heartbeats, duplicate deliveries counted once, each report's 30-second tick and whether it is the latest of its player's tick (SPEC §2). */
MODEL (
  name staging.stg_heartbeats,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column event_date
  ),
  owner warehouse,
  grain (session_id, player_id, event_ts),
  audits (
    unique_combination_of_columns(columns := (session_id, player_id, event_ts)),
    not_null(columns := (session_id, player_id, team_id, event_ts, tick, latest_in_tick, event_date)),
    accepted_range("column" := position_x, min_v := @map_x_min, max_v := @map_x_max),
    accepted_range("column" := position_y, min_v := @map_y_min, max_v := @map_y_max),
    accepted_range("column" := position_z, min_v := @map_z_min, max_v := @map_z_max),
    accepted_range("column" := duplicates, min_v := 0)
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['heartbeats'])
  ),
  tags (
    staging
  )
);

WITH valid_rows AS (
  SELECT
    session_id,
    player_id,
    team_id,
    event_ts,
    @tick_of(event_ts) AS tick,
    position_x,
    position_y,
    position_z,
    event_date,
    source_file,
    file_row_number
  FROM staging.heartbeats_checked
  WHERE
    event_date BETWEEN @start_date AND @end_date AND quarantine_reason IS NULL
), ordered AS (
  /* One sort serves both rules. Within a player's tick: the newest report first and, for
     one report, its last delivery first (the last file by name, then the last row). So a
     tick's first row is the report close encounters use, and a row whose predecessor has
     the same event_ts is an earlier delivery of that report. Deduplicating by
     (session, player, event_ts) first and ranking ticks after took a second sort
     (docs/BENCHMARKS.md). */
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY session_id, player_id, tick
      ORDER BY event_ts DESC, source_file DESC, file_row_number DESC
    ) AS tick_rank,
    LAG(event_ts) OVER (
      PARTITION BY session_id, player_id, tick
      ORDER BY event_ts DESC, source_file DESC, file_row_number DESC
    ) AS preceding_ts,
    /* deliveries of this report: the rows of the tick with the same event_ts */
    COUNT(*) OVER (
      PARTITION BY session_id, player_id, tick
      ORDER BY event_ts DESC
      RANGE BETWEEN CURRENT ROW AND CURRENT ROW
    ) AS delivery_count
  FROM valid_rows
)
SELECT
  session_id, /* match id, raw type */
  player_id, /* reporting player, raw type */
  team_id, /* player's team within the session, raw type */
  CAST(event_ts AS TIMESTAMP) AS event_ts, /* when the position was reported, naive UTC */
  CAST(tick AS BIGINT) AS tick, /* 30-second tick of event_ts: floor(unix seconds / 30) */
  CAST(position_x AS DOUBLE) AS position_x, /* map x, units */
  CAST(position_y AS DOUBLE) AS position_y, /* map y, units */
  CAST(position_z AS DOUBLE) AS position_z, /* map z (height), units */
  CAST(delivery_count - 1 AS INT) AS duplicates, /* further deliveries of the same key, dropped */
  CAST(tick_rank = 1 AS BOOLEAN) AS latest_in_tick, /* the player's latest report in this tick: the one close encounters use */
  CAST(event_date AS DATE) AS event_date /* UTC date of event_ts */
FROM ordered
WHERE
  preceding_ts IS NULL OR preceding_ts <> event_ts
