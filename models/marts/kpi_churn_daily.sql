/* One row per UTC day with play: the active players who then stayed away for 14 days (churned). */
MODEL (
  name marts.kpi_churn_daily,
  kind FULL, /* a day's churn is known only 14 days later */
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
    CAST(MAX(play_date) - INTERVAL '1' DAY AS DATE) AS complete_through
  FROM core.fct_player_day
  WHERE
    play_seconds > 0
), next_play AS (
  SELECT
    play_date,
    LEAD(play_date) OVER (PARTITION BY player_id ORDER BY play_date) AS next_play_date
  FROM core.fct_player_day
  WHERE
    play_seconds > 0
), daily AS (
  SELECT
    n.play_date,
    COUNT(*) AS active_players,
    SUM(
      CASE
        WHEN n.next_play_date IS NULL
        OR DATE_DIFF('DAY', n.play_date, n.next_play_date) > @churn_days
        THEN 1
        ELSE 0
      END
    ) AS gone_players,
    DATE_DIFF('DAY', n.play_date, MAX(o.complete_through)) >= @churn_days AS is_known /* churn is known once the 14 days after are complete */
  FROM next_play AS n
  CROSS JOIN observed AS o
  GROUP BY
    n.play_date
)
SELECT
  CAST(play_date AS DATE) AS date_day, /* UTC day */
  CAST(active_players AS BIGINT) AS active_players, /* players with play time that day */
  CAST(CASE WHEN is_known THEN gone_players END AS BIGINT) AS churned_players, /* active players with no play in the 14 days after; NULL until those days are complete */
  CAST(CASE WHEN is_known THEN gone_players END AS DOUBLE) / active_players AS churn_rate /* churned_players / active_players */
FROM daily
