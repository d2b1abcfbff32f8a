/* One row per UTC day and purchase country (SPEC §3.5): revenue, purchases and paying users. */
MODEL (
  name marts.kpi_revenue_by_country,
  kind FULL, /* as marts.q5_weekly_country_revenue: a late first session can move any earlier purchase's country */
  owner analytics,
  grain (purchase_date, country),
  audits (
    unique_combination_of_columns(columns := (purchase_date, country)),
    not_null(columns := (purchase_date, country, revenue_usd, purchases, paying_users)),
    accepted_range("column" := revenue_usd, min_v := 0),
    accepted_range("column" := paying_users, min_v := 1)
  ),
  tags (
    kpi
  )
);

SELECT
  CAST(p.purchase_date AS DATE) AS purchase_date, /* UTC day of the purchase */
  CAST(COALESCE(p.latest_session_country, pl.home_country, 'ZZ') AS TEXT) AS country, /* latest session that ended at or before the purchase, else the first session, else ZZ */ /* country the revenue belongs to */
  CAST(SUM(p.price_usd) AS DECIMAL(18, 2)) AS revenue_usd, /* revenue in USD */
  CAST(COUNT(p.purchase_id) AS BIGINT) AS purchases, /* purchases */
  CAST(COUNT(DISTINCT p.player_id) AS BIGINT) AS paying_users /* distinct buyers */
FROM core.fct_purchases AS p
LEFT JOIN core.dim_players AS pl
  ON pl.player_id = p.player_id
GROUP BY
  p.purchase_date,
  COALESCE(p.latest_session_country, pl.home_country, 'ZZ')
