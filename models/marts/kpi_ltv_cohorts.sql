/* One row per install-day cohort and day since install, up to the last complete day: cumulative revenue per player (LTV curve). */
MODEL (
  name marts.kpi_ltv_cohorts,
  kind VIEW, /* every cohort's curve grows by a day each day: summed from small day-grained marts when read */
  owner analytics,
  grain (cohort_date, day_n),
  audits (
    unique_combination_of_columns(columns := (cohort_date, day_n)),
    not_null(
      columns := (cohort_date, day_n, cohort_players, revenue_usd, cumulative_revenue_usd, ltv_usd)
    ),
    accepted_range("column" := day_n, min_v := 0),
    accepted_range("column" := revenue_usd, min_v := 0)
  ),
  tags (
    kpi
  )
);

WITH observed AS (
  /* as marts.kpi_retention_cohorts: curves stop at the last complete day */
  SELECT
    CAST(MAX(date_day) - INTERVAL '1' DAY AS DATE) AS complete_through
  FROM marts.kpi_daily_activity
  WHERE
    active_players > 0
), cohorts AS (
  SELECT
    date_day AS cohort_date,
    installs AS cohort_players
  FROM marts.kpi_daily_activity
  WHERE
    installs > 0
), purchases AS (
  SELECT
    cohort_date,
    DATE_DIFF('DAY', cohort_date, purchase_date) AS day_n,
    revenue_usd
  FROM marts.kpi_cohort_revenue
  UNION ALL
  /* a purchase before the first session counts on day 0; buyers who never played have no cohort */
  SELECT
    pl.first_play_date AS cohort_date,
    0 AS day_n,
    b.revenue_usd
  FROM marts.kpi_revenue_by_item_booked AS b
  JOIN core.dim_players AS pl
    ON pl.player_id = b.unplaced_player_id
), cohort_revenue AS (
  SELECT
    cohort_date,
    day_n,
    SUM(revenue_usd) AS revenue_usd
  FROM purchases
  GROUP BY
    cohort_date,
    day_n
), curve AS (
  SELECT
    c.cohort_date,
    DATE_DIFF('DAY', c.cohort_date, d.date_day) AS day_n,
    c.cohort_players
  FROM cohorts AS c
  CROSS JOIN observed AS o
  JOIN core.dim_date AS d
    ON d.date_day BETWEEN c.cohort_date AND o.complete_through
)
SELECT
  CAST(c.cohort_date AS DATE) AS cohort_date, /* install day: the cohort's first play day */
  CAST(c.day_n AS INT) AS day_n, /* days since install */
  CAST(c.cohort_players AS BIGINT) AS cohort_players, /* players who installed that day */
  CAST(COALESCE(r.revenue_usd, 0) AS DECIMAL(18, 2)) AS revenue_usd, /* the cohort's revenue on day N (USD) */
  CAST(SUM(COALESCE(r.revenue_usd, 0)) OVER (
    PARTITION BY c.cohort_date
    ORDER BY c.day_n
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS DECIMAL(18, 2)) AS cumulative_revenue_usd, /* the cohort's revenue from day 0 to day N */
  CAST(SUM(COALESCE(r.revenue_usd, 0)) OVER (
    PARTITION BY c.cohort_date
    ORDER BY c.day_n
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS DOUBLE) / c.cohort_players AS ltv_usd /* cumulative revenue per cohort player: the LTV curve */
FROM curve AS c
LEFT JOIN cohort_revenue AS r
  ON r.cohort_date = c.cohort_date AND r.day_n = c.day_n
