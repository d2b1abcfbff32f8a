/* Q2 (SPEC §3.2), busiest week: the ISO week (named by its Monday) with the most distinct
   players with play time in it. Ties: the earliest week. No parameters. */
SELECT
  week_start,
  players
FROM marts.q2_weekly_players
ORDER BY
  players DESC,
  week_start
LIMIT 1
