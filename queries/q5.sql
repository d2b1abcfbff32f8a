/* Q5 (SPEC §3.5), the country with the most revenue per ISO week, and the single top
   (country, week). A purchase's country is resolved in marts.q5_weekly_country_revenue.
   Ties: the alphabetically first country; overall, the earliest week first. No parameters.
   One row per week; is_top marks the overall top. */
WITH ranked AS (
  SELECT
    week_start,
    country,
    revenue_usd,
    ROW_NUMBER() OVER (PARTITION BY week_start ORDER BY revenue_usd DESC, country) AS week_rank,
    ROW_NUMBER() OVER (ORDER BY revenue_usd DESC, week_start, country) AS overall_rank
  FROM marts.q5_weekly_country_revenue
)
SELECT
  week_start,
  country,
  revenue_usd,
  overall_rank = 1 AS is_top
FROM ranked
WHERE
  week_rank = 1
ORDER BY
  week_start
