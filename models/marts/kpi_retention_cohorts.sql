/* One row per install-day cohort and day N in (0, 1, 3, 7, 14, 30): classic and rolling retention, NULL until the cohort reaches day N. */
MODEL (
  name marts.kpi_retention_cohorts,
  kind VIEW, /* rolling retention of every cohort moves whenever anyone comes back: summed from marts.kpi_retention_days when read */
  owner analytics,
  grain (cohort_date, day_n),
  audits (
    unique_combination_of_columns(columns := (cohort_date, day_n)),
    not_null(columns := (cohort_date, day_n, cohort_players, complete_through)),
    accepted_range("column" := classic_retention, min_v := 0, max_v := 1),
    accepted_range("column" := rolling_retention, min_v := 0, max_v := 1),
    forall(
      criteria := (
        classic_players <= rolling_players,
        rolling_players <= cohort_players,
        (
          classic_players IS NULL
        ) = (
          cohort_date + day_n * INTERVAL '1' DAY > complete_through
        )
      )
    )
  ),
  tags (
    kpi
  )
);

WITH horizons AS (
  SELECT
    day_n
  FROM @retention_days()
), observed AS (
  /* the last day is still open: sessions ending tomorrow add play time to it */
  SELECT
    CAST(MAX(date_day) - INTERVAL '1' DAY AS DATE) AS complete_through
  FROM marts.kpi_daily_activity
  WHERE
    active_players > 0
), counted AS (
  SELECT
    cohort_date,
    day_n,
    SUM(classic_players) AS classic_players,
    SUM(rolling_players) AS rolling_players
  FROM marts.kpi_retention_days
  GROUP BY
    cohort_date,
    day_n
), cohorts AS (
  SELECT
    date_day AS cohort_date,
    installs AS cohort_players
  FROM marts.kpi_daily_activity
  WHERE
    installs > 0
), cells AS (
  SELECT
    c.cohort_date,
    h.day_n,
    c.cohort_players,
    o.complete_through,
    DATE_DIFF('DAY', c.cohort_date, o.complete_through) >= h.day_n AS is_mature /* a cell the cohort has not reached is unknown, not zero */
  FROM cohorts AS c
  CROSS JOIN horizons AS h
  CROSS JOIN observed AS o
)
SELECT
  CAST(c.cohort_date AS DATE) AS cohort_date, /* install day: the cohort's first play day (core.dim_players.first_play_date) */
  CAST(c.day_n AS INT) AS day_n, /* days since install */
  CAST(c.cohort_players AS BIGINT) AS cohort_players, /* players who installed that day */
  CAST(CASE WHEN c.is_mature THEN COALESCE(n.classic_players, 0) END AS BIGINT) AS classic_players, /* cohort players with play time exactly on day N; NULL until the cohort reaches day N */
  CAST(CASE WHEN c.is_mature THEN COALESCE(n.rolling_players, 0) END AS BIGINT) AS rolling_players, /* cohort players with play time on day N or later; NULL until the cohort reaches day N */
  CAST(CASE WHEN c.is_mature THEN COALESCE(n.classic_players, 0) END AS DOUBLE) / c.cohort_players AS classic_retention, /* classic_players / cohort_players */
  CAST(CASE WHEN c.is_mature THEN COALESCE(n.rolling_players, 0) END AS DOUBLE) / c.cohort_players AS rolling_retention, /* rolling_players / cohort_players */
  CAST(c.complete_through AS DATE) AS complete_through /* the last complete play day the cells are measured to */
FROM cells AS c
LEFT JOIN counted AS n
  ON n.cohort_date = c.cohort_date AND n.day_n = c.day_n
