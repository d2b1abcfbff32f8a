/* One row per raw purchases row that breaks the contract, kept with the reason instead of being dropped. */
MODEL (
  name staging.quarantine_purchases,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column event_date
  ),
  owner warehouse,
  grain (source_file, file_row_number),
  audits (
    unique_combination_of_columns(columns := (source_file, file_row_number)),
    not_null(columns := (quarantine_reason, source_file, file_row_number, event_date))
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['purchases'])
  ),
  tags (staging, quarantine)
);

SELECT
  purchase_id, /* purchase id, raw type */
  player_id, /* buyer, raw type */
  event_ts, /* when the purchase happened, naive UTC */
  item_sku, /* product bought */
  price_usd, /* price paid in USD */
  quarantine_reason, /* first contract rule the row breaks */
  source_file, /* Parquet file the row came from */
  file_row_number, /* row position inside source_file */
  event_date /* partition day the row was delivered in */
FROM staging.purchases_checked
WHERE
  event_date BETWEEN @start_date AND @end_date AND NOT quarantine_reason IS NULL
