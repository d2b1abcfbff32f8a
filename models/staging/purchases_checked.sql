/* One row per raw purchases row, typed, with the first contract rule it breaks (NULL when none). */
MODEL (
  name staging.purchases_checked,
  kind VIEW,
  owner warehouse,
  grain (source_file, file_row_number),
  tags (
    staging
  ),
  ignored_rules (
    nomissingaudits
  )
);

SELECT
  p.purchase_id AS purchase_id, /* unique purchase id, raw type */
  p.player_id AS player_id, /* buyer, raw type */
  CAST(p.event_ts AS TIMESTAMP) AS event_ts, /* UTC instant of the purchase, naive UTC */
  CAST(p.item_sku AS TEXT) AS item_sku, /* product bought */
  CAST(p.price_usd AS DOUBLE) AS price_usd, /* price paid in USD */
  CAST(p.event_date AS DATE) AS event_date, /* partition day the row was delivered in */
  CAST(p.source_file AS TEXT) AS source_file, /* Parquet file the row came from */
  CAST(p.file_row_number AS BIGINT) AS file_row_number, /* row position inside source_file */
  CAST(CASE
    WHEN p.purchase_id IS NULL OR p.player_id IS NULL
    THEN 'null_key'
    WHEN p.event_ts IS NULL OR p.price_usd IS NULL
    THEN 'null_required_field'
    WHEN CAST(p.event_ts AS DATE) <> p.event_date
    THEN 'event_ts_outside_partition'
    WHEN p.price_usd < 0
    THEN 'negative_price'
    WHEN d.item_sku IS NULL
    THEN 'unknown_item_sku'
  END AS TEXT) AS quarantine_reason /* first contract rule the row breaks, NULL when it is valid */
FROM raw.purchases AS p
LEFT JOIN core.dim_products AS d
  ON p.item_sku = d.item_sku
