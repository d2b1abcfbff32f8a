/* One row per calendar period (ISO week or month): distinct active players, new vs returning and play time (the period's last row of marts.kpi_period_to_date). */
MODEL (
  name marts.kpi_period_activity,
  kind VIEW, /* a small mart's last row per period: a few rows per week of history */
  owner analytics,
  grain (period, period_start),
  audits (
    unique_combination_of_columns(columns := (period, period_start)),
    not_null(
      columns := (
        period,
        period_start,
        active_players,
        new_players,
        returning_players,
        play_seconds,
        play_days
      )
    )
  ),
  tags (
    kpi
  )
);

WITH last_days AS (
  SELECT
    period,
    period_start,
    MAX(date_day) AS date_day
  FROM marts.kpi_period_to_date
  GROUP BY
    period,
    period_start
)
SELECT
  CAST(p.period AS TEXT) AS period, /* 'week' (ISO, Monday first) or 'month' (calendar) */
  CAST(p.period_start AS DATE) AS period_start, /* Monday of the week or first day of the month, UTC */
  CAST(p.active_players AS BIGINT) AS active_players, /* WAU / MAU: distinct players with play time in the period */
  CAST(p.new_players AS BIGINT) AS new_players, /* active players whose first play day falls in the period */
  CAST(p.returning_players AS BIGINT) AS returning_players, /* active players who first played before the period */
  CAST(p.play_seconds AS BIGINT) AS play_seconds, /* play time inside the period */
  CAST(p.play_days AS INT) AS play_days /* days of the period with play so far (7 or the month's length once complete) */
FROM marts.kpi_period_to_date AS p
JOIN last_days AS l
  ON l.period = p.period AND l.date_day = p.date_day
