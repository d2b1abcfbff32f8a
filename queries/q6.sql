/* Q6 (SPEC §3.6), close encounters per session per day in a month: for each session and UTC
   day, the player-pair encounters starting that day and their total length. Session-days
   without an encounter have no row (their count is 0).
   Parameters: $month DATE, the first day of the month.
   DuckDB CLI: PREPARE q6 AS <this query>; EXECUTE q6(month := DATE '2026-09-01'); */
SELECT
  session_id,
  encounter_date AS day,
  encounters,
  encounter_seconds
FROM marts.q6_session_day_encounters
WHERE
  month_start = $month
ORDER BY
  day,
  session_id
