/* One row per UTC calendar day since launch: the date spine with its ISO week and month. */
MODEL (
  name core.dim_date,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column date_day
  ),
  owner warehouse,
  grain date_day,
  audits (
    assert_contract(
      grain := date_day,
      not_null := (date_day, week_start, month_start, iso_year, iso_week),
      checks := (
        iso_week >= 1,
        iso_week <= 53
      )
    )
  ),
  tags (
    core
  )
);

WITH days AS (
  SELECT
    CAST(@start_date AS DATE) + n AS date_day
  FROM @integers(10000) AS offsets /* 27 years of days from the interval's start */
)
SELECT
  CAST(date_day AS DATE) AS date_day, /* the UTC day */
  CAST(DATE_TRUNC('WEEK', date_day) AS DATE) AS week_start, /* Monday of the day's ISO week */
  CAST(DATE_TRUNC('MONTH', date_day) AS DATE) AS month_start, /* first day of the day's month */
  CAST(YEAR(CAST(DATE_TRUNC('WEEK', date_day) AS DATE) + 3) AS INT) AS iso_year, /* ISO year: the year of the week's Thursday */
  CAST(WEEKOFYEAR(date_day) AS INT) AS iso_week /* ISO week number, 1-53 */
FROM days
WHERE
  date_day BETWEEN @start_date AND @end_date
