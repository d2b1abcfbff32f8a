/* One row per purchase, with the country of the buyer's latest session ended at or before it. */
MODEL (
  name core.fct_purchases,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column purchase_date
  ),
  owner warehouse,
  grain purchase_id,
  audits (
    unique_values(columns := (
      purchase_id
    )),
    not_null(
      columns := (purchase_id, player_id, purchase_ts, purchase_date, item_sku, price_usd)
    ),
    accepted_range("column" := price_usd, min_v := 0)
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['purchases', 'session_ends'])
  ),
  tags (
    core
  )
);

WITH purchases AS (
  SELECT
    purchase_id,
    player_id,
    event_ts,
    item_sku,
    price_usd,
    event_date
  FROM staging.stg_purchases
  WHERE
    event_date BETWEEN @start_date AND @end_date
), earlier_sessions AS (
  SELECT
    p.purchase_id,
    s.country,
    ROW_NUMBER() OVER (PARTITION BY p.purchase_id ORDER BY s.session_end_ts DESC, s.session_id DESC) AS recency
  FROM purchases AS p
  JOIN core.fct_player_sessions AS s
    ON s.player_id = p.player_id
    AND s.end_date <= @end_date
    AND s.session_end_ts <= p.event_ts
)
SELECT
  CAST(p.purchase_id AS TEXT) AS purchase_id, /* unique purchase id */
  CAST(p.player_id AS TEXT) AS player_id, /* buyer */
  CAST(p.event_ts AS TIMESTAMP) AS purchase_ts, /* when the purchase happened, naive UTC */
  CAST(p.event_date AS DATE) AS purchase_date, /* UTC date of purchase_ts */
  CAST(p.item_sku AS TEXT) AS item_sku, /* product bought, in core.dim_products */
  CAST(p.price_usd AS DECIMAL(18, 2)) AS price_usd, /* price paid in USD */
  CAST(l.country AS TEXT) AS latest_session_country /* country of the buyer's latest session ended at or before the purchase; NULL when none */
FROM purchases AS p
LEFT JOIN earlier_sessions AS l
  ON l.purchase_id = p.purchase_id AND l.recency = 1
