/* One row per ISO week (named by its Monday): the distinct players with play time in it (SPEC §3.2). */
MODEL (
  name marts.q2_weekly_players,
  kind VIEW, /* the weeks of marts.kpi_period_to_date, which counts them day by day */
  owner analytics,
  grain week_start,
  audits (
    unique_values(columns := (
      week_start
    )),
    not_null(columns := (week_start, players, play_days)),
    accepted_range("column" := players, min_v := 1),
    accepted_range("column" := play_days, min_v := 1, max_v := 7)
  ),
  tags (
    answers
  )
);

SELECT
  CAST(period_start AS DATE) AS week_start, /* Monday of the ISO week, UTC */
  CAST(active_players AS BIGINT) AS players, /* distinct players with play time in the week */
  CAST(play_seconds AS DOUBLE) AS play_seconds, /* their play time in the week */
  CAST(play_days AS INT) AS play_days /* days of the week with play so far (7 once complete) */
FROM marts.kpi_period_activity
WHERE
  period = 'week'
