/* One row per raw session_ends row that breaks the contract, kept with the reason instead of being dropped. */
MODEL (
  name staging.quarantine_session_ends,
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
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (staging, quarantine)
);

SELECT
  session_id, /* match id, raw type */
  player_id, /* player id, raw type */
  event_ts, /* when the player left, naive UTC */
  country, /* ISO 3166-1 alpha-2 country the player played from */
  event_length_s, /* seconds the player spent in the session */
  kills, /* kills in the session */
  deaths, /* deaths in the session */
  quarantine_reason, /* first contract rule the row breaks */
  source_file, /* Parquet file the row came from */
  file_row_number, /* row position inside source_file */
  event_date /* partition day the row was delivered in */
FROM staging.session_ends_checked
WHERE
  event_date BETWEEN @start_date AND @end_date AND NOT quarantine_reason IS NULL
