/* One row per UTC day and session country: play time inside that day (SPEC §3.3 sums it by month). */
MODEL (
  name marts.q3_daily_country_play_time,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column play_date, /* daily grain keeps it additive; a month is at most 31 rows per country */
    lookback 1 /* sessions ending on D+1 add play time to D */
  ),
  owner analytics,
  grain (play_date, country),
  audits (
    assert_contract(
      grain := (play_date, country),
      not_null := (play_date, month_start, country, play_seconds, players),
      checks := (
        play_seconds > 0
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    answers
  )
);

SELECT
  CAST(s.play_date AS DATE) AS play_date, /* UTC day */
  CAST(d.month_start AS DATE) AS month_start, /* first day of play_date's month */
  CAST(s.country AS TEXT) AS country, /* country of the session the play time belongs to */
  CAST(SUM(s.play_seconds) AS DOUBLE) AS play_seconds, /* play time inside play_date, summed */
  CAST(COUNT(DISTINCT s.player_id) AS BIGINT) AS players /* players with play time from that country that day */
FROM core.fct_player_session_days AS s
JOIN core.dim_date AS d
  ON d.date_day = s.play_date
WHERE
  s.end_date /* sessions are shorter than a day, so play on D comes from sessions ending on D or D+1 */ BETWEEN @start_date AND @end_date + INTERVAL '1' DAY
  AND s.play_date BETWEEN @start_date AND @end_date
  AND s.play_seconds > 0
GROUP BY
  s.play_date,
  d.month_start,
  s.country
