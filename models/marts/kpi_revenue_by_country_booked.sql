/* One row per UTC day and purchase country as booked when the day closed: revenue, purchases and paying users of the buyers who had started a session by then (the others: marts.kpi_revenue_by_item_booked). */
MODEL (
  name marts.kpi_revenue_by_country_booked,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column purchase_date,
    lookback 1 /* as core.fct_purchases, which recomputes the day before the newest */
  ),
  owner analytics,
  grain (purchase_date, country),
  audits (
    assert_contract(
      grain := (purchase_date, country),
      not_null := (purchase_date, country, revenue_usd, purchases, paying_users),
      checks := (
        revenue_usd >= 0,
        paying_users >= 1
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
  CAST(purchase_date AS DATE) AS purchase_date, /* UTC day of the purchase */
  CAST(country AS TEXT) AS country, /* core.fct_purchases.country (SPEC §3.5) */
  CAST(SUM(price_usd) AS DECIMAL(18, 2)) AS revenue_usd, /* revenue in USD */
  CAST(COUNT(purchase_id) AS BIGINT) AS purchases, /* purchases */
  CAST(COUNT(DISTINCT player_id) AS BIGINT) AS paying_users /* distinct buyers */
FROM core.fct_purchases
WHERE
  purchase_date BETWEEN @start_date AND @end_date AND NOT country IS NULL
GROUP BY
  purchase_date,
  country
