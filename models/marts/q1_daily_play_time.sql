/* One row per UTC day: the players with play time that day and their average play time (SPEC §3.1). */
MODEL (
  name marts.q1_daily_play_time,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column play_date,
    lookback 1 /* as core.fct_player_day: a session across midnight adds play time to the day before */
  ),
  owner analytics,
  grain play_date,
  audits (
    assert_contract(
      grain := play_date,
      not_null := (play_date, players, play_seconds, avg_play_seconds),
      checks := (
        players >= 1,
        avg_play_seconds > 0
      )
    ),
    accepted_range("column" := avg_play_seconds, max_v := 86400, blocking := FALSE)
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    answers
  )
);

SELECT
  CAST(play_date AS DATE) AS play_date, /* UTC day */
  CAST(COUNT(player_id) AS BIGINT) AS players, /* players with play time that day */
  CAST(SUM(play_seconds) AS DOUBLE) AS play_seconds, /* their play time that day, summed */
  CAST(SUM(play_seconds) / COUNT(player_id) AS DOUBLE) AS avg_play_seconds /* average over those players */
FROM core.fct_player_day
WHERE
  play_date BETWEEN @start_date AND @end_date AND play_seconds > 0
GROUP BY
  play_date
