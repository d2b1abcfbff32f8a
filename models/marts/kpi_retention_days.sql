/* One row per UTC day, install cohort and retention day N (0, 1, 3, 7, 14, 30) with something to count: the cohort's players who played that day exactly N days after installing (classic), and those whose play that day first reached day N or later (rolling). marts.kpi_retention_cohorts sums them. */
MODEL (
  name marts.kpi_retention_days,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column date_day,
    lookback 1 /* as core.fct_player_day, which recomputes the day before the newest */
  ),
  owner analytics,
  grain (date_day, cohort_date, day_n),
  audits (
    assert_contract(
      grain := (date_day, cohort_date, day_n),
      not_null := (date_day, cohort_date, day_n, classic_players, rolling_players),
      checks := (
        day_n >= 0,
        classic_players <= rolling_players,
        DATE_DIFF('DAY', cohort_date, date_day) >= day_n,
        classic_players = 0 OR DATE_DIFF('DAY', cohort_date, date_day) = day_n
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

WITH horizons AS (
  SELECT
    day_n
  FROM @retention_days()
), active AS (
  /* days since install of each active player's day and of their previous play day */
  SELECT
    play_date,
    first_play_date AS cohort_date,
    DATE_DIFF('DAY', first_play_date, play_date) AS day_n,
    DATE_DIFF('DAY', first_play_date, previous_play_date) AS previous_day_n
  FROM core.fct_player_lifetime
  WHERE
    play_date BETWEEN @start_date AND @end_date AND played
)
SELECT
  CAST(a.play_date AS DATE) AS date_day, /* UTC day of the play counted */
  CAST(a.cohort_date AS DATE) AS cohort_date, /* install day of the players counted (core.dim_players.first_play_date) */
  CAST(h.day_n AS INT) AS day_n, /* retention day N */
  CAST(SUM(CASE WHEN a.day_n = h.day_n THEN 1 ELSE 0 END) AS BIGINT) AS classic_players, /* cohort players with play time that day, exactly N days after installing */
  CAST(COUNT(*) AS BIGINT) AS rolling_players /* cohort players whose play that day is their first on day N or later (their previous play day was before day N) */
FROM active AS a
JOIN horizons AS h
  ON a.day_n >= h.day_n
  AND (
    a.previous_day_n IS NULL OR a.previous_day_n < h.day_n
  )
GROUP BY
  a.play_date,
  a.cohort_date,
  h.day_n
