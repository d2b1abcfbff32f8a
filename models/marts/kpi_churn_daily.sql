/* One row per UTC day with play: the active players who then stayed away for 14 days (churned). */
MODEL (
  name marts.kpi_churn_daily,
  kind VIEW, /* a day's churn is known only 14 days later: counted from the days players came back on when read */
  owner analytics,
  grain date_day,
  audits (
    unique_values(columns := (
      date_day
    )),
    not_null(columns := (date_day, active_players)),
    accepted_range("column" := churn_rate, min_v := 0, max_v := 1),
    forall(criteria := (
      churned_players <= active_players
    ))
  ),
  tags (
    kpi
  )
);

@DEF(churn_days, 14);

WITH observed AS (
  /* the last day is still open: sessions ending tomorrow add play time to it */
  SELECT
    CAST(MAX(date_day) - INTERVAL '1' DAY AS DATE) AS complete_through
  FROM marts.kpi_daily_activity
  WHERE
    active_players > 0
), came_back AS (
  /* a day's active players who played again within 14 days: counted on the day they came back */
  SELECT
    a.date_day,
    SUM(g.returning_players) AS players
  FROM marts.kpi_daily_activity AS a
  JOIN marts.kpi_return_gaps AS g
    ON a.date_day = g.date_day - g.gap_days
  WHERE
    a.active_players > 0 AND g.gap_days <= @churn_days
  GROUP BY
    a.date_day
), daily AS (
  SELECT
    a.date_day,
    a.active_players,
    a.active_players - COALESCE(c.players, 0) AS gone_players,
    DATE_DIFF('DAY', a.date_day, o.complete_through) >= @churn_days AS is_known /* churn is known once the 14 days after are complete */
  FROM marts.kpi_daily_activity AS a
  CROSS JOIN observed AS o
  LEFT JOIN came_back AS c
    ON c.date_day = a.date_day
  WHERE
    a.active_players > 0
)
SELECT
  CAST(date_day AS DATE) AS date_day, /* UTC day */
  CAST(active_players AS BIGINT) AS active_players, /* players with play time that day */
  CAST(CASE WHEN is_known THEN gone_players END AS BIGINT) AS churned_players, /* active players with no play in the 14 days after; NULL until those days are complete */
  CAST(CASE WHEN is_known THEN gone_players END AS DOUBLE) / active_players AS churn_rate /* churned_players / active_players */
FROM daily
