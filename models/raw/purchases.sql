/* One row per purchases row as delivered: duplicates and contract breakers included. */
MODEL (
  name raw.purchases,
  kind VIEW,
  owner warehouse,
  grain (source_file, file_row_number),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['purchases'])
  ),
  tags (
    raw
  ),
  ignored_rules (ambiguousorinvalidcolumn, nomissingaudits)
);

SELECT
  purchase_id, /* unique purchase id (an integer or a string, as delivered) */
  player_id, /* buyer (an integer or a string, as delivered) */
  CAST(@utc_naive(event_ts) AS TIMESTAMP) AS event_ts, /* UTC instant of the purchase, naive UTC */
  CAST(item_sku AS TEXT) AS item_sku, /* product bought, a sku of seeds/products.csv */
  CAST(price_usd AS DOUBLE) AS price_usd, /* price paid in USD */
  CAST(event_date AS DATE) AS event_date, /* hive partition: UTC date of event_ts */
  CAST(source_file AS TEXT) AS source_file, /* Parquet file the row came from */
  CAST(file_row_number AS BIGINT) AS file_row_number /* row position inside source_file */
FROM @raw_parquet('purchases')
