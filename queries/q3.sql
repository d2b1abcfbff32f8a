/* Q3 (SPEC §3.3), the country with the most play time in a month: play time is the session's
   country's, split at day (so month) boundaries. Ties: the alphabetically first country.
   Parameters: $month DATE, the first day of the month.
   DuckDB CLI: PREPARE q3 AS <this query>; EXECUTE q3(month := DATE '2026-09-01'); */
SELECT
  month_start AS month,
  country,
  SUM(play_seconds) AS play_seconds
FROM marts.q3_daily_country_play_time
WHERE
  month_start = $month
GROUP BY
  month_start,
  country
ORDER BY
  play_seconds DESC,
  country
LIMIT 1
