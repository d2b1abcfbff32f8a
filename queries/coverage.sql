/* The UTC days the answers cover: the first and last day with play time. Defaults and
   argument checks of `sprint answer` start from these. No parameters. */
SELECT
  MIN(play_date) AS first_day,
  MAX(play_date) AS last_day
FROM marts.q1_daily_play_time
