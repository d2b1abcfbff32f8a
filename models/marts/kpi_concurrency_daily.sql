/* One row per UTC day: peak concurrent players (PCU), the mark it was first reached, and average concurrency (docs/METRICS.md). */
MODEL (
  name marts.kpi_concurrency_daily,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column date_day,
    lookback 1 /* as marts.kpi_concurrency, whose day changes until the next day has run */
  ),
  owner analytics,
  grain date_day,
  audits (
    unique_values(columns := (
      date_day
    )),
    not_null(columns := (date_day, pcu, pcu_at, avg_ccu)),
    accepted_range("column" := pcu, min_v := 0),
    forall(
      criteria := (CAST(pcu_at AS DATE) = date_day, avg_ccu <= pcu, peak_to_average >= 1)
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    kpi
  )
);

/* the samples of a day: marts.kpi_concurrency's marks, 00:00 to 23:55 every five minutes */
@DEF(marks_per_day, 288);

WITH marks AS (
  /* each online player is in exactly one country row of a mark, so the rows add up */
  SELECT
    mark_date,
    mark_ts,
    SUM(players) AS players
  FROM marts.kpi_concurrency
  WHERE
    mark_date BETWEEN @start_date AND @end_date
  GROUP BY
    mark_date,
    mark_ts
), ranked AS (
  SELECT
    mark_date,
    mark_ts,
    players,
    ROW_NUMBER() OVER (PARTITION BY mark_date ORDER BY players DESC, mark_ts) AS peak_rank
  FROM marks
), days AS (
  SELECT
    mark_date,
    MAX(players) AS pcu,
    MAX(CASE WHEN peak_rank = 1 THEN mark_ts END) AS pcu_at,
    SUM(players) AS player_marks
  FROM ranked
  GROUP BY
    mark_date
)
SELECT
  CAST(d.date_day AS DATE) AS date_day, /* UTC day */
  CAST(COALESCE(p.pcu, 0) AS BIGINT) AS pcu, /* peak concurrent players: the largest of the day's 288 samples */
  CAST(COALESCE(p.pcu_at, CAST(d.date_day AS TIMESTAMP)) AS TIMESTAMP) AS pcu_at, /* the earliest mark with pcu players online, naive UTC (00:00 when nobody was) */
  CAST(COALESCE(p.player_marks, 0) AS DOUBLE) / @marks_per_day AS avg_ccu, /* average CCU: the mean of the 288 samples, a mark without players counting 0 */
  CAST(p.pcu AS DOUBLE) * @marks_per_day / p.player_marks AS peak_to_average /* pcu / avg_ccu; NULL when nobody was online */
FROM core.dim_date AS d
LEFT JOIN days AS p
  ON p.mark_date = d.date_day
WHERE
  d.date_day BETWEEN @start_date AND @end_date
