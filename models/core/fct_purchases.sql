/* One row per purchase, with the country it belongs to (SPEC §3.5) as far as its day can tell, and the buyer's install day. */
MODEL (
  name core.fct_purchases,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column purchase_date,
    lookback 1 /* a buyer's first session starting on D may end on D + 1: D is final once D + 1 has run */
  ),
  owner warehouse,
  grain purchase_id,
  audits (
    assert_contract(
      grain := purchase_id,
      not_null := (purchase_id, player_id, purchase_ts, purchase_date, item_sku, price_usd),
      checks := (
        price_usd >= 0,
        first_play_date <= purchase_date
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['purchases', 'session_ends'], in_order := TRUE)
  ),
  tags (
    core
  )
);

WITH purchases AS (
  SELECT
    p.purchase_id,
    p.player_id,
    p.event_ts,
    p.item_sku,
    p.price_usd,
    p.event_date,
    d.week_start
  FROM staging.stg_purchases AS p
  JOIN core.dim_date AS d
    ON d.date_day = p.event_date
  WHERE
    p.event_date BETWEEN @start_date AND @end_date
), recent_sessions AS (
  /* the buyer's sessions ended since the Monday before the purchase, and at or before it */
  SELECT
    p.purchase_id,
    s.country,
    ROW_NUMBER() OVER (PARTITION BY p.purchase_id ORDER BY s.session_end_ts DESC, s.session_id DESC) AS recency
  FROM purchases AS p
  JOIN core.fct_player_sessions AS s
    ON s.player_id = p.player_id
    AND s.end_date BETWEEN p.week_start AND p.event_date
    AND s.session_end_ts <= p.event_ts
  WHERE
    s.end_date BETWEEN @start_date - INTERVAL '6' DAY AND @end_date
), states AS (
  /* the buyers' sessions before that Monday, summed up */
  SELECT
    player_id,
    week_start,
    first_play_date,
    home_country,
    last_session_country,
    last_session_end_ts
  FROM core.dim_player_state
  WHERE
    week_start BETWEEN @start_date - INTERVAL '6' DAY AND @end_date
), installs AS (
  /* buyers who installed since that Monday */
  SELECT
    player_id,
    first_play_date,
    home_country
  FROM core.dim_players
  WHERE
    first_play_date BETWEEN @start_date - INTERVAL '6' DAY AND @end_date
), placed AS (
  SELECT
    p.purchase_id,
    p.player_id,
    p.event_ts,
    p.event_date,
    p.item_sku,
    p.price_usd,
    CASE
      WHEN NOT r.purchase_id IS NULL
      THEN r.country
      WHEN NOT s.last_session_end_ts IS NULL
      THEN s.last_session_country
    END AS latest_session_country,
    CASE
      WHEN NOT s.first_play_date IS NULL
      THEN s.first_play_date
      WHEN i.first_play_date <= p.event_date
      THEN i.first_play_date
    END AS first_play_date,
    COALESCE(s.home_country, i.home_country) AS home_country
  FROM purchases AS p
  LEFT JOIN recent_sessions AS r
    ON r.purchase_id = p.purchase_id AND r.recency = 1
  LEFT JOIN states AS s
    ON s.player_id = p.player_id AND s.week_start = p.week_start
  LEFT JOIN installs AS i
    ON i.player_id = p.player_id
)
SELECT
  @as_id(purchase_id) AS purchase_id, /* unique purchase id */
  @as_id(player_id) AS player_id, /* buyer */
  CAST(event_ts AS TIMESTAMP) AS purchase_ts, /* when the purchase happened, naive UTC */
  CAST(event_date AS DATE) AS purchase_date, /* UTC date of purchase_ts */
  CAST(item_sku AS TEXT) AS item_sku, /* product bought, in core.dim_products */
  CAST(price_usd AS DECIMAL(18, 2)) AS price_usd, /* price paid in USD */
  CAST(latest_session_country AS TEXT) AS latest_session_country, /* country of the buyer's latest session ended at or before the purchase; NULL when none */
  CAST(first_play_date AS DATE) AS first_play_date, /* the buyer's install day (core.dim_players) if on or before purchase_date; NULL while they have not started a session */
  CAST(CASE
    WHEN NOT first_play_date IS NULL
    THEN COALESCE(latest_session_country, home_country, 'ZZ')
  END AS TEXT) AS country /* SPEC §3.5: the latest session's country, else the first session's (ZZ if unknown); NULL while the buyer has not started a session: the revenue marts place it through core.dim_players when read */
FROM placed
