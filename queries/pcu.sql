/* PCU (docs/METRICS.md), peak concurrent players on a date: the largest of the day's 288
   five-minute samples of distinct players online, the earliest mark reaching it, and the
   samples' mean (average CCU). Parameters: $date DATE. No row: the day is not built.
   DuckDB CLI: PREPARE pcu AS <this query>; EXECUTE pcu(date := DATE '2026-10-05'); */
SELECT
  date_day AS date,
  pcu,
  pcu_at AS at,
  avg_ccu
FROM marts.kpi_concurrency_daily
WHERE
  date_day = $date
