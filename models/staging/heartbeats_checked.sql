/* One row per raw heartbeats row, typed, with the first contract rule it breaks (NULL when none). */
MODEL (
  name staging.heartbeats_checked,
  kind VIEW,
  owner warehouse,
  grain (source_file, file_row_number),
  tags (
    staging
  ),
  ignored_rules (
    nomissingaudits
  )
);

SELECT
  session_id AS session_id, /* match id, raw type */
  player_id AS player_id, /* reporting player, raw type */
  team_id AS team_id, /* player's team within the session, raw type */
  CAST(event_ts AS TIMESTAMP) AS event_ts, /* UTC instant of the report, naive UTC */
  @tick_of(event_ts) AS tick, /* the 30-second tick it reports for: floor(unix seconds / 30) */
  CAST(position_x AS DOUBLE) AS position_x, /* map x, units */
  CAST(position_y AS DOUBLE) AS position_y, /* map y, units */
  CAST(position_z AS DOUBLE) AS position_z, /* map z (height), units */
  CAST(event_date AS DATE) AS event_date, /* partition day the row was delivered in */
  CAST(source_file AS TEXT) AS source_file, /* Parquet file the row came from */
  CAST(file_row_number AS BIGINT) AS file_row_number, /* row position inside source_file */
  CAST(CASE
    WHEN session_id IS NULL OR player_id IS NULL OR event_ts IS NULL
    THEN 'null_key'
    WHEN team_id IS NULL
    THEN 'null_required_field'
    WHEN CAST(event_ts AS DATE) <> event_date
    THEN 'event_ts_outside_partition'
    WHEN NOT COALESCE(
      position_x BETWEEN @map_x_min AND @map_x_max
      AND position_y BETWEEN @map_y_min AND @map_y_max
      AND position_z BETWEEN @map_z_min AND @map_z_max,
      FALSE
    )
    THEN 'position_off_map'
  END AS TEXT) AS quarantine_reason /* first contract rule the row breaks, NULL when it is valid */
FROM raw.heartbeats
