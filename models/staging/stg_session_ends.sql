/* One row per player leaving a session: valid rows of raw.session_ends, duplicate deliveries counted once. */
MODEL (
  name staging.stg_session_ends,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column event_date
  ),
  owner warehouse,
  grain (session_id, player_id),
  audits (
    assert_contract(
      grain := (session_id, player_id),
      not_null := (session_id, player_id, event_ts, event_length_s, event_date),
      checks := (
        event_length_s >= 0,
        duplicates >= 0
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    staging
  )
);

WITH deliveries AS (
  SELECT
    session_id,
    player_id,
    event_ts,
    country,
    event_length_s,
    kills,
    deaths,
    event_date,
    ROW_NUMBER() OVER (
      PARTITION BY session_id, player_id
      ORDER BY event_ts DESC, source_file DESC, file_row_number DESC
    ) AS delivery_rank,
    COUNT(*) OVER (PARTITION BY session_id, player_id) AS delivery_count
  FROM staging.session_ends_checked
  WHERE
    event_date BETWEEN @start_date AND @end_date AND quarantine_reason IS NULL
)
SELECT
  @as_id(session_id) AS session_id, /* match id, as id_type (text by default) whether delivered as an integer or a string */
  @as_id(player_id) AS player_id, /* player id, as id_type */
  CAST(event_ts AS TIMESTAMP) AS event_ts, /* when the player left, naive UTC */
  CAST(country AS TEXT) AS country, /* ISO 3166-1 alpha-2 country the player played from */
  CAST(event_length_s AS INT) AS event_length_s, /* seconds the player spent in the session */
  CAST(kills AS INT) AS kills, /* kills in the session */
  CAST(deaths AS INT) AS deaths, /* deaths in the session */
  CAST(delivery_count - 1 AS INT) AS duplicates, /* further deliveries of the same key, dropped */
  CAST(event_date AS DATE) AS event_date /* UTC date of event_ts */
FROM deliveries
WHERE
  delivery_rank = 1
