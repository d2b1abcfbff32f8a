/* One row per raw heartbeats row that breaks the contract, kept with the reason instead of being dropped. */
MODEL (
  name staging.quarantine_heartbeats,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column event_date
  ),
  owner warehouse,
  grain (source_file, file_row_number),
  audits (
    unique_combination_of_columns(columns := (source_file, file_row_number)),
    not_null(columns := (quarantine_reason, source_file, file_row_number, event_date))
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['heartbeats'])
  ),
  tags (staging, quarantine)
);

SELECT
  session_id, /* match id, raw type */
  player_id, /* reporting player, raw type */
  team_id, /* player's team within the session, raw type */
  event_ts, /* when the position was reported, naive UTC */
  position_x, /* map x, units */
  position_y, /* map y, units */
  position_z, /* map z (height), units */
  quarantine_reason, /* first contract rule the row breaks */
  source_file, /* Parquet file the row came from */
  file_row_number, /* row position inside source_file */
  event_date /* partition day the row was delivered in */
FROM staging.heartbeats_checked
WHERE
  event_date BETWEEN @start_date AND @end_date AND NOT quarantine_reason IS NULL
