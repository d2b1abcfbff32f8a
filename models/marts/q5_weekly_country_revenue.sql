/* One row per ISO week and purchase country: revenue (SPEC §3.5). */
MODEL (
  name marts.q5_weekly_country_revenue,
  kind VIEW, /* the weeks of marts.kpi_revenue_by_country, which places every purchase */
  owner analytics,
  grain (week_start, country),
  audits (
    unique_combination_of_columns(columns := (week_start, country)),
    not_null(columns := (week_start, country, revenue_usd, purchases)),
    accepted_range("column" := revenue_usd, min_v := 0),
    accepted_range("column" := purchases, min_v := 1)
  ),
  tags (
    answers
  )
);

SELECT
  CAST(d.week_start AS DATE) AS week_start, /* Monday of the purchase's ISO week, UTC */
  CAST(r.country AS TEXT) AS country, /* the buyer's latest session ended at or before the purchase, else their first session, else ZZ */
  CAST(SUM(r.revenue_usd) AS DECIMAL(18, 2)) AS revenue_usd, /* revenue in USD, exact decimal so equal revenues tie */
  CAST(SUM(r.purchases) AS BIGINT) AS purchases /* purchases counted */
FROM marts.kpi_revenue_by_country AS r
JOIN core.dim_date AS d
  ON d.date_day = r.purchase_date
GROUP BY
  d.week_start,
  r.country
