/* One row per UTC day, purchase country and catalogue item as booked when the day closed: revenue, purchases and buyers. A buyer who had not started a session by then has rows of their own, country NULL, which marts.kpi_revenue_by_item places when read (their first session may come any day later). */
MODEL (
  name marts.kpi_revenue_by_item_booked,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column purchase_date,
    lookback 1 /* as core.fct_purchases, which recomputes the day before the newest */
  ),
  owner analytics,
  grain (purchase_date, country, item_sku, unplaced_player_id),
  audits (
    assert_contract(
      grain := (purchase_date, country, item_sku, unplaced_player_id),
      not_null := (purchase_date, item_sku, item_name, category, revenue_usd, purchases, buyers),
      checks := (
        revenue_usd >= 0,
        buyers >= 1,
        (country IS NULL) = (NOT unplaced_player_id IS NULL)
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
  CAST(p.purchase_date AS DATE) AS purchase_date, /* UTC day of the purchase */
  CAST(p.country AS TEXT) AS country, /* core.fct_purchases.country (SPEC §3.5); NULL for a buyer without a session yet */
  CAST(p.item_sku AS TEXT) AS item_sku, /* product bought */
  CAST(CASE WHEN p.country IS NULL THEN p.player_id END AS TEXT) AS unplaced_player_id, /* the buyer, when the country is NULL */
  CAST(COALESCE(MAX(pr.item_name), p.item_sku) AS TEXT) AS item_name, /* its display name (the SKU when not in the catalogue) */
  CAST(COALESCE(MAX(pr.category), 'unknown') AS TEXT) AS category, /* its product family ('unknown' when not in the catalogue) */
  CAST(SUM(p.price_usd) AS DECIMAL(18, 2)) AS revenue_usd, /* revenue in USD */
  CAST(COUNT(p.purchase_id) AS BIGINT) AS purchases, /* purchases */
  CAST(COUNT(DISTINCT p.player_id) AS BIGINT) AS buyers /* distinct buyers (not additive across rows) */
FROM core.fct_purchases AS p
LEFT JOIN core.dim_products AS pr
  ON pr.item_sku = p.item_sku
WHERE
  p.purchase_date BETWEEN @start_date AND @end_date
GROUP BY
  p.purchase_date,
  p.country,
  p.item_sku,
  CASE WHEN p.country IS NULL THEN p.player_id END
