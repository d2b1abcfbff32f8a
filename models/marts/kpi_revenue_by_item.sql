/* One row per UTC day, purchase country (SPEC §3.5) and catalogue item: revenue, purchases and buyers. */
MODEL (
  name marts.kpi_revenue_by_item,
  kind VIEW, /* marts.kpi_revenue_by_item_booked with the purchases made before a first session placed in its country */
  owner analytics,
  grain (purchase_date, country, item_sku),
  audits (
    unique_combination_of_columns(columns := (purchase_date, country, item_sku)),
    not_null(
      columns := (
        purchase_date,
        country,
        item_sku,
        item_name,
        category,
        revenue_usd,
        purchases,
        buyers
      )
    ),
    accepted_range("column" := revenue_usd, min_v := 0),
    accepted_range("column" := buyers, min_v := 1)
  ),
  tags (
    kpi
  )
);

SELECT
  CAST(b.purchase_date AS DATE) AS purchase_date, /* UTC day of the purchase */
  CAST(COALESCE(b.country, pl.home_country, 'ZZ') AS TEXT) AS country, /* country the revenue belongs to, as in marts.kpi_revenue_by_country */
  CAST(b.item_sku AS TEXT) AS item_sku, /* product bought */
  CAST(MAX(b.item_name) AS TEXT) AS item_name, /* its display name (the SKU when not in the catalogue) */
  CAST(MAX(b.category) AS TEXT) AS category, /* its product family ('unknown' when not in the catalogue) */
  CAST(SUM(b.revenue_usd) AS DECIMAL(18, 2)) AS revenue_usd, /* revenue in USD */
  CAST(SUM(b.purchases) AS BIGINT) AS purchases, /* purchases */
  CAST(SUM(b.buyers) AS BIGINT) AS buyers /* distinct buyers (not additive across rows): a buyer placed late bought nothing else that day */
FROM marts.kpi_revenue_by_item_booked AS b
LEFT JOIN core.dim_players AS pl
  ON pl.player_id = b.unplaced_player_id
GROUP BY
  b.purchase_date,
  COALESCE(b.country, pl.home_country, 'ZZ'),
  b.item_sku
