/* One row per purchase: valid rows of raw.purchases, duplicate deliveries counted once. */
MODEL (
  name staging.stg_purchases,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column event_date
  ),
  owner warehouse,
  grain purchase_id,
  audits (
    assert_contract(
      grain := purchase_id,
      not_null := (purchase_id, player_id, event_ts, item_sku, price_usd, event_date),
      checks := (
        price_usd >= 0,
        duplicates >= 0
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['purchases'])
  ),
  tags (
    staging
  )
);

WITH deliveries AS (
  SELECT
    purchase_id,
    player_id,
    event_ts,
    item_sku,
    price_usd,
    event_date,
    ROW_NUMBER() OVER (
      PARTITION BY purchase_id
      ORDER BY event_ts DESC, source_file DESC, file_row_number DESC
    ) AS delivery_rank,
    COUNT(*) OVER (PARTITION BY purchase_id) AS delivery_count
  FROM staging.purchases_checked
  WHERE
    event_date BETWEEN @start_date AND @end_date AND quarantine_reason IS NULL
)
SELECT
  @as_id(purchase_id) AS purchase_id, /* unique purchase id, as id_type (text by default) whether delivered as an integer or a string */
  @as_id(player_id) AS player_id, /* buyer, as id_type */
  CAST(event_ts AS TIMESTAMP) AS event_ts, /* when the purchase happened, naive UTC */
  CAST(item_sku AS TEXT) AS item_sku, /* product bought, in core.dim_products */
  CAST(price_usd AS DECIMAL(18, 2)) AS price_usd, /* price paid in USD: exact from here on, so sums reconcile and ties are ties */
  CAST(delivery_count - 1 AS INT) AS duplicates, /* further deliveries of the same key, dropped */
  CAST(event_date AS DATE) AS event_date /* UTC date of event_ts */
FROM deliveries
WHERE
  delivery_rank = 1
