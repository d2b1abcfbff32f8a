/* One row per calendar period (ISO week or month): distinct active players, new vs returning and play time. */
MODEL (
  name marts.kpi_period_activity,
  kind INCREMENTAL_BY_UNIQUE_KEY (
    unique_key (period, period_start), /* distinct players do not add up across days: a run recomputes whole periods */
    lookback 1 /* as core.fct_player_day, whose recomputed day may lie in the previous period */
  ),
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
    ),
    accepted_values("column" := period, is_in := ('week', 'month')),
    accepted_range("column" := active_players, min_v := 1),
    forall(criteria := (
      new_players + returning_players = active_players
    ))
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    kpi
  )
);

WITH touched AS (
  SELECT DISTINCT
    week_start,
    month_start
  FROM core.dim_date
  WHERE
    date_day BETWEEN @start_date AND @end_date
), player_days AS (
  SELECT
    pd.player_id,
    pd.play_date,
    pd.play_seconds,
    d.week_start,
    d.month_start
  FROM core.fct_player_day AS pd /* read a superset of the touched periods, so the fact's partitions are pruned */
  JOIN core.dim_date AS d
    ON d.date_day = pd.play_date
  WHERE
    pd.play_date BETWEEN @start_date - INTERVAL '31' DAY AND @end_date + INTERVAL '31' DAY
    AND pd.play_seconds > 0
), player_periods AS (
  /* each touched period whole: a week's days of the previous month count for the week only */
  SELECT
    'week' AS period,
    week_start AS period_start,
    player_id,
    play_date,
    play_seconds
  FROM player_days
  WHERE
    week_start IN (
      SELECT
        week_start
      FROM touched
    )
  UNION ALL
  SELECT
    'month' AS period,
    month_start AS period_start,
    player_id,
    play_date,
    play_seconds
  FROM player_days
  WHERE
    month_start IN (
      SELECT
        month_start
      FROM touched
    )
), players AS (
  SELECT
    p.period,
    p.period_start,
    p.player_id,
    MAX(pl.first_play_date) >= p.period_start AS is_new,
    SUM(p.play_seconds) AS play_seconds
  FROM player_periods AS p
  LEFT JOIN core.dim_players AS pl
    ON pl.player_id = p.player_id
  GROUP BY
    p.period,
    p.period_start,
    p.player_id
), play_days AS (
  SELECT
    period,
    period_start,
    COUNT(DISTINCT play_date) AS play_days
  FROM player_periods
  GROUP BY
    period,
    period_start
)
SELECT
  CAST(p.period AS TEXT) AS period, /* 'week' (ISO, Monday first) or 'month' (calendar) */
  CAST(p.period_start AS DATE) AS period_start, /* Monday of the week or first day of the month, UTC */
  CAST(COUNT(*) AS BIGINT) AS active_players, /* WAU / MAU: distinct players with play time in the period */
  CAST(SUM(CASE WHEN p.is_new THEN 1 ELSE 0 END) AS BIGINT) AS new_players, /* active players whose first play day falls in the period */
  CAST(SUM(CASE WHEN p.is_new THEN 0 ELSE 1 END) AS BIGINT) AS returning_players, /* active players who first played before the period */
  CAST(SUM(p.play_seconds) AS BIGINT) AS play_seconds, /* play time inside the period */
  CAST(MAX(d.play_days) AS INT) AS play_days /* days of the period with play so far (7 or the month's length once complete) */
FROM players AS p
JOIN play_days AS d
  ON d.period = p.period AND d.period_start = p.period_start
GROUP BY
  p.period,
  p.period_start
