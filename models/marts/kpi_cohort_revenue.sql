/* One row per UTC day and install cohort with revenue: what the cohort's players spent that day, once installed (purchases before installing: marts.kpi_revenue_by_item_booked). marts.kpi_ltv_cohorts sums it into LTV curves. */
MODEL (
  name marts.kpi_cohort_revenue,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column purchase_date,
    lookback 1 /* as core.fct_purchases, which recomputes the day before the newest */
  ),
  owner analytics,
  grain (purchase_date, cohort_date),
  audits (
    assert_contract(
      grain := (purchase_date, cohort_date),
      not_null := (purchase_date, cohort_date, revenue_usd, purchases),
      checks := (
        revenue_usd >= 0,
        cohort_date <= purchase_date
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['purchases', 'session_ends'], in_order := TRUE)
  ),
  tags (
    kpi
  )
);

SELECT
  CAST(purchase_date AS DATE) AS purchase_date, /* UTC day of the purchases */
  CAST(first_play_date AS DATE) AS cohort_date, /* the buyers' install day */
  CAST(SUM(price_usd) AS DECIMAL(18, 2)) AS revenue_usd, /* revenue in USD */
  CAST(COUNT(purchase_id) AS BIGINT) AS purchases /* purchases */
FROM core.fct_purchases
WHERE
  purchase_date BETWEEN @start_date AND @end_date AND NOT first_play_date IS NULL
GROUP BY
  purchase_date,
  first_play_date
