/* One row per ISO week (named by its Monday): the distinct players with play time in it (SPEC §3.2). */
MODEL (
  name marts.q2_weekly_players,
  kind INCREMENTAL_BY_UNIQUE_KEY (
    unique_key week_start, /* distinct players do not add up across days: a run recomputes whole weeks */
    lookback 1 /* as core.fct_player_day, whose recomputed day may lie in the previous week */
  ),
  owner analytics,
  grain week_start,
  audits (
    unique_values(columns := (
      week_start
    )),
    not_null(columns := (week_start, players, play_days)),
    accepted_range("column" := players, min_v := 1),
    accepted_range("column" := play_days, min_v := 1, max_v := 7)
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    answers
  )
);

WITH touched_weeks AS (
  /* The ISO weeks this run's days fall in, read whole; the fact is read with a 6-day margin
     either side of the interval so its partitions are pruned. */
  SELECT DISTINCT
    week_start
  FROM core.dim_date
  WHERE
    date_day BETWEEN @start_date AND @end_date
)
SELECT
  CAST(d.week_start AS DATE) AS week_start, /* Monday of the ISO week, UTC */
  CAST(COUNT(DISTINCT pd.player_id) AS BIGINT) AS players, /* distinct players with play time in the week */
  CAST(SUM(pd.play_seconds) AS DOUBLE) AS play_seconds, /* their play time in the week */
  CAST(COUNT(DISTINCT pd.play_date) AS INT) AS play_days /* days of the week with play so far (7 once complete) */
FROM core.fct_player_day AS pd
JOIN core.dim_date AS d
  ON d.date_day = pd.play_date
JOIN touched_weeks AS w
  ON w.week_start = d.week_start
WHERE
  pd.play_date BETWEEN @start_date - INTERVAL '6' DAY AND @end_date + INTERVAL '6' DAY
  AND pd.play_seconds > 0
GROUP BY
  d.week_start
