/* One row per install-day cohort and day since install, up to the last complete day: cumulative revenue per player (LTV curve). */
MODEL (
  name marts.kpi_ltv_cohorts,
  kind FULL, /* every cohort's curve grows by a day each day */
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
    CAST(MAX(play_date) - INTERVAL '1' DAY AS DATE) AS complete_through
  FROM core.fct_player_day
  WHERE
    play_seconds > 0
), cohorts AS (
  SELECT
    first_play_date AS cohort_date,
    COUNT(*) AS cohort_players
  FROM core.dim_players
  GROUP BY
    first_play_date
), cohort_revenue AS (
  /* a purchase before the first session counts on day 0; buyers who never played have no cohort */
  SELECT
    pl.first_play_date AS cohort_date,
    GREATEST(DATE_DIFF('DAY', pl.first_play_date, p.purchase_date), 0) AS day_n,
    SUM(p.price_usd) AS revenue_usd
  FROM core.fct_purchases AS p
  JOIN core.dim_players AS pl
    ON pl.player_id = p.player_id
  GROUP BY
    pl.first_play_date,
    GREATEST(DATE_DIFF('DAY', pl.first_play_date, p.purchase_date), 0)
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
