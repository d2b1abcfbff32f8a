/* One row per UTC day with play or purchases: revenue, ARPDAU, paying users, ARPPU and payer conversion. */
MODEL (
  name marts.kpi_revenue_daily,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column date_day,
    lookback 1 /* as core.fct_purchases and marts.kpi_daily_activity, which recompute the day before the newest */
  ),
  owner analytics,
  grain date_day,
  audits (
    assert_contract(
      grain := date_day,
      not_null := (date_day, active_players, revenue_usd, purchases, paying_users, active_paying_users, first_time_payers),
      checks := (
        revenue_usd >= 0,
        payer_conversion >= 0,
        payer_conversion <= 1,
        active_paying_users <= paying_users,
        first_time_payers <= paying_users,
        paying_users <= purchases
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

WITH buyers AS (
  /* one row per buyer and day */
  SELECT
    p.purchase_date,
    p.player_id,
    SUM(p.price_usd) AS revenue_usd,
    COUNT(*) AS purchases,
    MAX(CASE WHEN pd.player_id IS NULL THEN 0 ELSE 1 END) AS is_active,
    MAX(CASE WHEN f.player_id IS NULL THEN 0 ELSE 1 END) AS is_first
  FROM core.fct_purchases AS p
  LEFT JOIN core.fct_player_day AS pd
    ON pd.player_id = p.player_id
    AND pd.play_date = p.purchase_date
    AND pd.play_seconds > 0
    AND pd.play_date BETWEEN @start_date AND @end_date
  LEFT JOIN core.dim_payers AS f
    ON f.player_id = p.player_id
    AND f.first_purchase_date = p.purchase_date
    AND f.first_purchase_date BETWEEN @start_date AND @end_date
  WHERE
    p.purchase_date BETWEEN @start_date AND @end_date
  GROUP BY
    p.purchase_date,
    p.player_id
), revenue AS (
  SELECT
    purchase_date,
    SUM(revenue_usd) AS revenue_usd,
    SUM(purchases) AS purchases,
    COUNT(*) AS paying_users,
    SUM(is_active) AS active_paying_users,
    SUM(is_first) AS first_time_payers
  FROM buyers
  GROUP BY
    purchase_date
), days AS (
  SELECT
    date_day
  FROM marts.kpi_daily_activity
  WHERE
    date_day BETWEEN @start_date AND @end_date AND active_players > 0
  UNION
  SELECT
    purchase_date AS date_day
  FROM revenue
)
SELECT
  CAST(d.date_day AS DATE) AS date_day, /* UTC day */
  CAST(COALESCE(a.active_players, 0) AS BIGINT) AS active_players, /* DAU (marts.kpi_daily_activity) */
  CAST(COALESCE(r.revenue_usd, 0) AS DECIMAL(18, 2)) AS revenue_usd, /* revenue of the day's purchases, USD */
  CAST(COALESCE(r.purchases, 0) AS BIGINT) AS purchases, /* purchases that day */
  CAST(COALESCE(r.paying_users, 0) AS BIGINT) AS paying_users, /* distinct buyers that day, whether or not they played */
  CAST(COALESCE(r.active_paying_users, 0) AS BIGINT) AS active_paying_users, /* buyers that day who also had play time that day */
  CAST(COALESCE(r.first_time_payers, 0) AS BIGINT) AS first_time_payers, /* buyers whose first purchase ever is that day */
  CAST(COALESCE(r.revenue_usd, 0) AS DOUBLE) / a.active_players AS arpdau_usd, /* ARPDAU: revenue / DAU; NULL when nobody played */
  CAST(r.revenue_usd AS DOUBLE) / r.paying_users AS arppu_usd, /* ARPPU: revenue / paying users; NULL without purchases */
  CAST(COALESCE(r.active_paying_users, 0) AS DOUBLE) / a.active_players AS payer_conversion /* share of the day's active players who paid that day */
FROM days AS d
LEFT JOIN marts.kpi_daily_activity AS a
  ON a.date_day = d.date_day
  AND a.active_players > 0
  AND a.date_day BETWEEN @start_date AND @end_date
LEFT JOIN revenue AS r
  ON r.purchase_date = d.date_day
