/* One row per calendar period kind (ISO week, month) and UTC day with play: the period so far, as of that day (distinct active players, new vs returning, play time, play days). A period's last row is its value (marts.kpi_period_activity). */
MODEL (
  name marts.kpi_period_to_date,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column date_day,
    lookback 1 /* as core.fct_player_day, which recomputes the day before the newest */
  ),
  owner analytics,
  grain (period, date_day),
  audits (
    assert_contract(
      grain := (period, date_day),
      not_null := (period, date_day, period_start, active_players, new_players, returning_players, play_seconds, play_days),
      checks := (
        period IN ('week', 'month'),
        active_players >= 1,
        play_days >= 1,
        play_days <= 31,
        new_players + returning_players = active_players,
        period_start <= date_day
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'], in_order := TRUE)
  ),
  tags (
    kpi
  )
);

WITH periods AS (
  SELECT
    period
  FROM (VALUES
    ('week'),
    ('month')) AS t(period)
), player_periods AS (
  /* the interval's active players, once per period kind their day belongs to */
  SELECT
    p.period,
    CASE WHEN p.period = 'week' THEN d.week_start ELSE d.month_start END AS period_start,
    l.play_date,
    l.first_play_date,
    l.previous_play_date,
    pd.play_seconds
  FROM core.fct_player_lifetime AS l
  JOIN core.fct_player_day AS pd
    ON pd.player_id = l.player_id AND pd.play_date = l.play_date
  JOIN core.dim_date AS d
    ON d.date_day = l.play_date
  CROSS JOIN periods AS p
  WHERE
    l.play_date BETWEEN @start_date AND @end_date
    AND pd.play_date BETWEEN @start_date AND @end_date
    AND l.played
), daily AS (
  /* what each day adds: players active in the period for the first time (their previous play
     day is before it), those of them who installed in it, and play time */
  SELECT
    period,
    period_start,
    play_date AS date_day,
    SUM(
      CASE
        WHEN previous_play_date IS NULL OR previous_play_date < period_start
        THEN 1
        ELSE 0
      END
    ) AS first_active,
    SUM(
      CASE
        WHEN (
          previous_play_date IS NULL OR previous_play_date < period_start
        )
        AND first_play_date >= period_start
        THEN 1
        ELSE 0
      END
    ) AS first_active_new,
    SUM(play_seconds) AS play_seconds
  FROM player_periods
  GROUP BY
    period,
    period_start,
    play_date
), recent AS (
  /* the mart's own rows of the month before the interval: a period's last one is its value so far */
  SELECT
    p.period,
    p.date_day,
    p.period_start,
    p.active_players,
    p.new_players,
    p.play_seconds,
    p.play_days
  FROM marts.kpi_period_to_date AS p
  WHERE
    p.date_day BETWEEN @start_date - INTERVAL '30' DAY AND @start_date - INTERVAL '1' DAY
), before AS (
  /* each period's value on its last day with play before the interval: the recurrence starts there */
  SELECT
    r.period,
    r.period_start,
    r.active_players,
    r.new_players,
    r.play_seconds,
    r.play_days
  FROM recent AS r
  JOIN (
    SELECT
      period,
      period_start,
      MAX(date_day) AS date_day
    FROM recent
    GROUP BY
      period,
      period_start
  ) AS l
    ON l.period = r.period AND l.date_day = r.date_day
), to_date AS (
  SELECT
    d.period,
    d.date_day,
    d.period_start,
    COALESCE(b.active_players, 0) + SUM(d.first_active) OVER (
      PARTITION BY d.period, d.period_start
      ORDER BY d.date_day
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS active_players,
    COALESCE(b.new_players, 0) + SUM(d.first_active_new) OVER (
      PARTITION BY d.period, d.period_start
      ORDER BY d.date_day
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS new_players,
    COALESCE(b.play_seconds, 0) + SUM(d.play_seconds) OVER (
      PARTITION BY d.period, d.period_start
      ORDER BY d.date_day
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS play_seconds,
    COALESCE(b.play_days, 0) + COUNT(*) OVER (
      PARTITION BY d.period, d.period_start
      ORDER BY d.date_day
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS play_days
  FROM daily AS d
  LEFT JOIN before AS b
    ON b.period = d.period AND b.period_start = d.period_start
)
SELECT
  CAST(period AS TEXT) AS period, /* 'week' (ISO, Monday first) or 'month' (calendar) */
  CAST(date_day AS DATE) AS date_day, /* UTC day the values are as of */
  CAST(period_start AS DATE) AS period_start, /* Monday of the week or first day of the month, UTC */
  CAST(active_players AS BIGINT) AS active_players, /* WAU / MAU so far: distinct players with play time in the period up to date_day */
  CAST(new_players AS BIGINT) AS new_players, /* those whose first play day falls in the period */
  CAST(active_players - new_players AS BIGINT) AS returning_players, /* those who first played before the period */
  CAST(play_seconds AS BIGINT) AS play_seconds, /* play time inside the period up to date_day */
  CAST(play_days AS INT) AS play_days /* days of the period with play up to date_day */
FROM to_date
