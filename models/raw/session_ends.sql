/* One row per session_ends row as delivered: duplicates and contract breakers included. */
MODEL (
  name raw.session_ends,
  kind VIEW,
  owner warehouse,
  grain (source_file, file_row_number),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    raw
  ),
  ignored_rules (ambiguousorinvalidcolumn, nomissingaudits)
);

SELECT
  session_id, /* match the player played (an integer or a string, as delivered) */
  player_id, /* player who left the session (an integer or a string, as delivered) */
  CAST(@utc_naive(event_ts) AS TIMESTAMP) AS event_ts, /* UTC instant the player left, naive UTC */
  CAST(country AS TEXT) AS country, /* ISO 3166-1 alpha-2 country the player played from */
  CAST(event_length_s AS INT) AS event_length_s, /* seconds the player spent in the session */
  CAST(kills AS INT) AS kills, /* kills in the session */
  CAST(deaths AS INT) AS deaths, /* deaths in the session */
  CAST(event_date AS DATE) AS event_date, /* hive partition: UTC date of event_ts */
  CAST(source_file AS TEXT) AS source_file, /* Parquet file the row came from */
  CAST(file_row_number AS BIGINT) AS file_row_number /* row position inside source_file */
FROM @raw_parquet('session_ends')
