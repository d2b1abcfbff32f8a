/* One row per player-session: when the player was in one match, from where, and how it went. */
MODEL (
  name core.fct_player_sessions,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column end_date
  ),
  owner warehouse,
  grain (session_id, player_id),
  audits (
    assert_contract(
      grain := (session_id, player_id),
      not_null := (session_id, player_id, session_start_ts, session_end_ts, session_seconds, end_date),
      checks := (
        session_seconds >= 0
      )
    ),
    accepted_range("column" := session_seconds, max_v := 86400, blocking := FALSE)
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    core
  )
);

SELECT
  @as_id(session_id) AS session_id, /* match id */
  @as_id(player_id) AS player_id, /* player id */
  CAST(country AS TEXT) AS country, /* ISO 3166-1 alpha-2 country the player played from */
  CAST(event_ts - event_length_s * INTERVAL '1' SECOND AS TIMESTAMP) AS session_start_ts, /* when the player joined, naive UTC */
  CAST(event_ts AS TIMESTAMP) AS session_end_ts, /* when the player left, naive UTC */
  CAST(event_length_s AS BIGINT) AS session_seconds, /* seconds in the session */
  CAST(kills AS INT) AS kills, /* kills in the session */
  CAST(deaths AS INT) AS deaths, /* deaths in the session */
  CAST(event_date AS DATE) AS end_date /* UTC date of session_end_ts */
FROM staging.stg_session_ends
WHERE
  event_date BETWEEN @start_date AND @end_date
