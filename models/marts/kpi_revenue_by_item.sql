/* One row per UTC day, purchase country (SPEC §3.5) and catalogue item: revenue, purchases and buyers. */
MODEL (
  name marts.kpi_revenue_by_item,
  kind FULL, /* as marts.kpi_revenue_by_country, whose country rule it shares */
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
  CAST(p.purchase_date AS DATE) AS purchase_date, /* UTC day of the purchase */
  CAST(COALESCE(p.latest_session_country, pl.home_country, 'ZZ') AS TEXT) AS country, /* country the revenue belongs to, as in marts.kpi_revenue_by_country */
  CAST(p.item_sku AS TEXT) AS item_sku, /* product bought */
  CAST(COALESCE(MAX(pr.item_name), p.item_sku) AS TEXT) AS item_name, /* its display name (the SKU when not in the catalogue) */
  CAST(COALESCE(MAX(pr.category), 'unknown') AS TEXT) AS category, /* its product family ('unknown' when not in the catalogue) */
  CAST(SUM(p.price_usd) AS DECIMAL(18, 2)) AS revenue_usd, /* revenue in USD */
  CAST(COUNT(p.purchase_id) AS BIGINT) AS purchases, /* purchases */
  CAST(COUNT(DISTINCT p.player_id) AS BIGINT) AS buyers /* distinct buyers (not additive across rows) */
FROM core.fct_purchases AS p
LEFT JOIN core.dim_players AS pl
  ON pl.player_id = p.player_id
LEFT JOIN core.dim_products AS pr
  ON pr.item_sku = p.item_sku
GROUP BY
  p.purchase_date,
  COALESCE(p.latest_session_country, pl.home_country, 'ZZ'),
  p.item_sku
