/* One row per position report (session_id, player_id, event_ts): valid rows of raw.heartbeats, duplicate deliveries counted once. */
MODEL (
  name staging.stg_heartbeats,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column event_date
  ),
  owner warehouse,
  grain (session_id, player_id, event_ts),
  audits (
    unique_combination_of_columns(columns := (session_id, player_id, event_ts)),
    not_null(columns := (session_id, player_id, team_id, event_ts, event_date)),
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

WITH deliveries AS (
  SELECT
    session_id,
    player_id,
    team_id,
    event_ts,
    position_x,
    position_y,
    position_z,
    event_date,
    ROW_NUMBER() OVER (
      PARTITION BY session_id, player_id, event_ts
      ORDER BY source_file DESC, file_row_number DESC
    ) AS delivery_rank,
    COUNT(*) OVER (PARTITION BY session_id, player_id, event_ts) AS delivery_count
  FROM staging.heartbeats_checked
  WHERE
    event_date BETWEEN @start_date AND @end_date AND quarantine_reason IS NULL
)
SELECT
  session_id, /* match id, raw type */
  player_id, /* reporting player, raw type */
  team_id, /* player's team within the session, raw type */
  CAST(event_ts AS TIMESTAMP) AS event_ts, /* when the position was reported, naive UTC */
  CAST(position_x AS DOUBLE) AS position_x, /* map x, units */
  CAST(position_y AS DOUBLE) AS position_y, /* map y, units */
  CAST(position_z AS DOUBLE) AS position_z, /* map z (height), units */
  CAST(delivery_count - 1 AS INT) AS duplicates, /* further deliveries of the same key, dropped */
  CAST(event_date AS DATE) AS event_date /* UTC date of event_ts */
FROM deliveries
WHERE
  delivery_rank = 1
