/* One row per player who has bought something: the day and instant of their first purchase. */
MODEL (
  name core.dim_payers,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column first_purchase_date
  ),
  owner warehouse,
  grain player_id,
  audits (
    assert_contract(
      grain := player_id,
      not_null := (player_id, first_purchase_date, first_purchase_ts)
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['purchases'], in_order := TRUE)
  ),
  tags (
    core
  )
);

WITH earlier_payers AS (
  /* every player who bought before the interval: one row each, O(payers) */
  SELECT
    p.player_id
  FROM core.dim_payers AS p
  WHERE
    p.first_purchase_date < @start_date
)
SELECT
  @as_id(p.player_id) AS player_id, /* buyer */
  CAST(MIN(p.event_date) AS DATE) AS first_purchase_date, /* UTC day of the first purchase */
  CAST(MIN(p.event_ts) AS TIMESTAMP) AS first_purchase_ts /* when the first purchase happened, naive UTC */
FROM staging.stg_purchases AS p
LEFT JOIN earlier_payers AS e
  ON e.player_id = p.player_id
WHERE
  p.event_date BETWEEN @start_date AND @end_date AND e.player_id IS NULL
GROUP BY
  p.player_id
