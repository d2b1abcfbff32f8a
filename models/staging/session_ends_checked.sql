/* One row per raw session_ends row, typed, with the first contract rule it breaks (NULL when none). */
MODEL (
  name staging.session_ends_checked,
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
  player_id AS player_id, /* player id, raw type */
  CAST(event_ts AS TIMESTAMP) AS event_ts, /* UTC instant the player left, naive UTC */
  CAST(country AS TEXT) AS country, /* ISO 3166-1 alpha-2 country the player played from */
  CAST(event_length_s AS INT) AS event_length_s, /* seconds the player spent in the session */
  CAST(kills AS INT) AS kills, /* kills in the session */
  CAST(deaths AS INT) AS deaths, /* deaths in the session */
  CAST(event_date AS DATE) AS event_date, /* partition day the row was delivered in */
  CAST(source_file AS TEXT) AS source_file, /* Parquet file the row came from */
  CAST(file_row_number AS BIGINT) AS file_row_number, /* row position inside source_file */
  CAST(CASE
    WHEN session_id IS NULL OR player_id IS NULL
    THEN 'null_key'
    WHEN event_ts IS NULL OR event_length_s IS NULL
    THEN 'null_required_field'
    WHEN CAST(event_ts AS DATE) <> event_date
    THEN 'event_ts_outside_partition'
    WHEN event_length_s < 0
    THEN 'negative_length'
    WHEN kills < 0 OR deaths < 0
    THEN 'negative_kills_or_deaths'
  END AS TEXT) AS quarantine_reason /* first contract rule the row breaks, NULL when it is valid */
FROM raw.session_ends
