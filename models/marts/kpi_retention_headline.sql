/* One row per headline day N (1, 7, 30): retention pooled over the cohorts that have reached day N. */
MODEL (
  name marts.kpi_retention_headline,
  kind VIEW, /* pooled from marts.kpi_retention_cohorts when read */
  owner analytics,
  grain day_n,
  audits (
    unique_values(columns := (
      day_n
    )),
    not_null(columns := (day_n, mature_cohorts, cohort_players)),
    accepted_values("column" := day_n, is_in := (1, 7, 30)),
    accepted_range("column" := classic_retention, min_v := 0, max_v := 1),
    accepted_range("column" := rolling_retention, min_v := 0, max_v := 1)
  ),
  tags (
    kpi
  )
);

SELECT
  CAST(day_n AS INT) AS day_n, /* days since install */
  CAST(COUNT(classic_players) AS BIGINT) AS mature_cohorts, /* install days whose day N is complete */
  CAST(COALESCE(SUM(CASE WHEN NOT classic_players IS NULL THEN cohort_players END), 0) AS BIGINT) AS cohort_players, /* players in those cohorts */
  CAST(SUM(classic_players) AS DOUBLE) /* pooled, so a big cohort weighs more than a small one; NULL while no cohort is mature */ / SUM(CASE WHEN NOT classic_players IS NULL THEN cohort_players END) AS classic_retention, /* DN: share who played exactly on day N */
  CAST(SUM(rolling_players) AS DOUBLE) / SUM(CASE WHEN NOT classic_players IS NULL THEN cohort_players END) AS rolling_retention, /* share who played on day N or later */
  CAST(MIN(CASE WHEN NOT classic_players IS NULL THEN cohort_date END) AS DATE) AS first_cohort, /* earliest mature cohort */
  CAST(MAX(CASE WHEN NOT classic_players IS NULL THEN cohort_date END) AS DATE) AS last_cohort /* latest mature cohort */
FROM marts.kpi_retention_cohorts
WHERE
  day_n IN (1, 7, 30)
GROUP BY
  day_n
