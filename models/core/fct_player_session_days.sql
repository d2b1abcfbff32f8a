/* One row per player-session and UTC day it overlaps: the part of the session inside that day. */
MODEL (
  name core.fct_player_session_days,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column end_date
  ),
  owner warehouse,
  grain (session_id, player_id, play_date),
  audits (
    assert_contract(
      grain := (session_id, player_id, play_date),
      not_null := (session_id, player_id, play_date, play_seconds, end_date),
      checks := (
        play_seconds >= 1,
        play_seconds <= 86400
      )
    ),
    assert_session_days_add_up
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    core
  )
);

WITH sessions AS (
  SELECT
    session_id,
    player_id,
    country,
    @unix_seconds(session_start_ts) AS start_s,
    @unix_seconds(session_end_ts) AS end_s,
    CAST(session_start_ts AS DATE) AS start_date,
    end_date
  FROM core.fct_player_sessions
  WHERE
    end_date BETWEEN @start_date AND @end_date
), days AS (
  SELECT
    s.session_id,
    s.player_id,
    s.country,
    d.date_day AS play_date,
    LEAST(s.end_s, @unix_seconds(CAST(d.date_day AS TIMESTAMP)) + 86400) - GREATEST(s.start_s, @unix_seconds(CAST(d.date_day AS TIMESTAMP))) AS play_seconds,
    s.end_date
  FROM sessions AS s
  JOIN core.dim_date AS d
    ON d.date_day BETWEEN s.start_date AND s.end_date
)
SELECT
  @as_id(session_id) AS session_id, /* match id */
  @as_id(player_id) AS player_id, /* player id */
  CAST(play_date AS DATE) AS play_date, /* UTC day the play time falls on */
  CAST(country AS TEXT) AS country, /* the session's country */
  CAST(play_seconds AS BIGINT) AS play_seconds, /* seconds of the session inside play_date */
  CAST(end_date AS DATE) AS end_date /* UTC date the session ended */
FROM days
WHERE
  play_seconds > 0
