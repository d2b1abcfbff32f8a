/* One row per UTC day and purchase country (SPEC §3.5): revenue, purchases and paying users. */
MODEL (
  name marts.kpi_revenue_by_country,
  kind VIEW, /* marts.kpi_revenue_by_country_booked with the purchases made before a first session placed in its country */
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

WITH unplaced AS (
  /* buyers without a session by the end of the purchase day: all their purchases that day go to
     their first session's country, whenever it came (ZZ while it has not) */
  SELECT
    b.purchase_date,
    COALESCE(pl.home_country, 'ZZ') AS country,
    SUM(b.revenue_usd) AS revenue_usd,
    SUM(b.purchases) AS purchases,
    COUNT(DISTINCT b.unplaced_player_id) AS paying_users
  FROM marts.kpi_revenue_by_item_booked AS b
  LEFT JOIN core.dim_players AS pl
    ON pl.player_id = b.unplaced_player_id
  WHERE
    NOT b.unplaced_player_id IS NULL
  GROUP BY
    b.purchase_date,
    COALESCE(pl.home_country, 'ZZ')
), days AS (
  SELECT
    purchase_date,
    country,
    revenue_usd,
    purchases,
    paying_users
  FROM marts.kpi_revenue_by_country_booked
  UNION ALL
  SELECT
    purchase_date,
    country,
    revenue_usd,
    purchases,
    paying_users
  FROM unplaced
)
SELECT
  CAST(purchase_date AS DATE) AS purchase_date, /* UTC day of the purchase */
  CAST(country AS TEXT) AS country, /* latest session that ended at or before the purchase, else the first session, else ZZ */
  CAST(SUM(revenue_usd) AS DECIMAL(18, 2)) AS revenue_usd, /* revenue in USD */
  CAST(SUM(purchases) AS BIGINT) AS purchases, /* purchases */
  CAST(SUM(paying_users) AS BIGINT) AS paying_users /* distinct buyers: a buyer placed late bought nothing else that day */
FROM days
GROUP BY
  purchase_date,
  country
