/* One row per ISO week and purchase country: revenue (SPEC §3.5). */
MODEL (
  name marts.q5_weekly_country_revenue,
  kind FULL, /* a purchase before the first session takes that session's country, which may land
    weeks later: any week can change on any day (and purchases are a small table) */
  owner analytics,
  grain (week_start, country),
  audits (
    unique_combination_of_columns(columns := (week_start, country)),
    not_null(columns := (week_start, country, revenue_usd, purchases)),
    accepted_range("column" := revenue_usd, min_v := 0),
    accepted_range("column" := purchases, min_v := 1)
  ),
  tags (
    answers
  )
);

SELECT
  CAST(d.week_start AS DATE) AS week_start, /* Monday of the purchase's ISO week, UTC */
  CAST(COALESCE(p.latest_session_country, pl.home_country, 'ZZ') AS TEXT) AS country, /* the buyer's latest session ended at or before the purchase, else their first session, else ZZ */
  CAST(SUM(p.price_usd) AS DECIMAL(18, 2)) AS revenue_usd, /* revenue in USD, exact decimal so equal revenues tie */
  CAST(COUNT(p.purchase_id) AS BIGINT) AS purchases /* purchases counted */
FROM core.fct_purchases AS p
JOIN core.dim_date AS d
  ON d.date_day = p.purchase_date
LEFT JOIN core.dim_players AS pl
  ON pl.player_id = p.player_id
GROUP BY
  d.week_start,
  COALESCE(p.latest_session_country, pl.home_country, 'ZZ')
