/* One row per player and UTC day with play: play time split at midnight, sessions, kills and deaths. */
MODEL (
  name core.fct_player_day,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column play_date,
    lookback 1 /* play on D includes sessions ending on D + 1 (across midnight): D is final once D + 1 has run */
  ),
  owner warehouse,
  grain (player_id, play_date),
  audits (
    assert_contract(
      grain := (player_id, play_date),
      not_null := (player_id, play_date, play_seconds, sessions, kills, deaths),
      checks := (
        play_seconds >= 0,
        play_seconds <= 86400,
        kills >= 0,
        deaths >= 0
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    core
  )
);

WITH play AS (
  /* Play on day D comes from sessions ending on D or, across midnight, on D + 1. */
  SELECT
    player_id,
    play_date,
    SUM(play_seconds) AS play_seconds,
    COUNT(*) AS sessions
  FROM core.fct_player_session_days
  WHERE
    end_date BETWEEN @start_date AND @end_date + INTERVAL '1' DAY
    AND play_date BETWEEN @start_date AND @end_date
  GROUP BY
    player_id,
    play_date
), ended AS (
  SELECT
    player_id,
    end_date AS play_date,
    SUM(kills) AS kills,
    SUM(deaths) AS deaths
  FROM core.fct_player_sessions
  WHERE
    end_date BETWEEN @start_date AND @end_date
  GROUP BY
    player_id,
    end_date
)
SELECT
  @as_id(COALESCE(p.player_id, e.player_id)) AS player_id, /* player id */
  CAST(COALESCE(p.play_date, e.play_date) AS DATE) AS play_date, /* UTC day */
  CAST(COALESCE(p.play_seconds, 0) AS BIGINT) AS play_seconds, /* seconds played inside play_date (0 only when a session ended exactly at midnight) */
  CAST(COALESCE(p.sessions, 0) AS INT) AS sessions, /* sessions with play on play_date */
  CAST(COALESCE(e.kills, 0) AS BIGINT) AS kills, /* kills of the sessions that ended on play_date */
  CAST(COALESCE(e.deaths, 0) AS BIGINT) AS deaths /* deaths of the sessions that ended on play_date */
FROM play AS p
FULL OUTER JOIN ended AS e
  ON e.player_id = p.player_id AND e.play_date = p.play_date
