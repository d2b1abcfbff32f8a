/* One row per heartbeats row as delivered: duplicates and contract breakers included. */
MODEL (
  name raw.heartbeats,
  kind VIEW,
  owner warehouse,
  grain (source_file, file_row_number),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['heartbeats'])
  ),
  tags (
    raw
  ),
  ignored_rules (ambiguousorinvalidcolumn, nomissingaudits)
);

SELECT
  session_id, /* match the player is in (an integer or a string, as delivered) */
  player_id, /* reporting player (an integer or a string, as delivered) */
  team_id, /* player's team within the session (an integer or a string, as delivered) */
  CAST(@utc_naive(event_ts) AS TIMESTAMP) AS event_ts, /* UTC instant of the position report, naive UTC */
  CAST(position_x AS REAL) AS position_x, /* map x, units */
  CAST(position_y AS REAL) AS position_y, /* map y, units */
  CAST(position_z AS REAL) AS position_z, /* map z (height), units */
  CAST(event_date AS DATE) AS event_date, /* hive partition: UTC date of event_ts */
  CAST(source_file AS TEXT) AS source_file, /* Parquet file the row came from */
  CAST(file_row_number AS BIGINT) AS file_row_number /* row position inside source_file */
FROM @raw_parquet('heartbeats')
