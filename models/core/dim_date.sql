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

WITH digits AS (
  SELECT
    n
  FROM (VALUES
    (0),
    (1),
    (2),
    (3),
    (4),
    (5),
    (6),
    (7),
    (8),
    (9)) AS t(n)
), days AS (
  SELECT
    CAST(@start_date AS DATE) + (
      ones.n + 10 * tens.n + 100 * hundreds.n + 1000 * thousands.n
    ) AS date_day
  FROM digits AS ones
  CROSS JOIN digits AS tens
  CROSS JOIN digits AS hundreds
  CROSS JOIN digits AS thousands
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
