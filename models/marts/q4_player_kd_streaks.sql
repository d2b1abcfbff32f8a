/* One row per player and UTC day of core.fct_player_day: the calendar month so far (play days, longest run of consecutive play days, kills, deaths) and the lifetime kills, deaths and play time through that day (SPEC §3.4). A month's value is its last row. */
MODEL (
  name marts.q4_player_kd_streaks,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column play_date,
    lookback 1 /* as core.fct_player_day, which recomputes the day before the newest */
  ),
  owner analytics,
  grain (player_id, play_date),
  audits (
    assert_contract(
      grain := (player_id, play_date),
      not_null := (player_id, play_date, month_start, play_days, streak_days, kills, deaths, lifetime_kills, lifetime_deaths, lifetime_play_seconds),
      checks := (
        streak_days >= 0,
        streak_days <= 31,
        kills >= 0,
        deaths >= 0,
        streak_days <= play_days,
        kills <= lifetime_kills,
        deaths <= lifetime_deaths
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'], in_order := TRUE)
  ),
  tags (
    answers
  )
);

WITH month_days AS (
  /* the interval's player-days and the earlier days of its first month: a month so far needs them */
  SELECT
    pd.player_id,
    pd.play_date,
    d.month_start,
    pd.play_seconds > 0 AS played,
    pd.kills,
    pd.deaths
  FROM core.fct_player_day AS pd
  JOIN core.dim_date AS d
    ON d.date_day = pd.play_date
  WHERE
    pd.play_date BETWEEN CAST(DATE_TRUNC('MONTH', @start_date) AS DATE) AND @end_date
), runs AS (
  /* Gaps and islands: consecutive play days of a month share (day of month - rank). Partitioning
     by month cuts a streak at the month boundary. */
  SELECT
    player_id,
    play_date,
    month_start,
    played,
    kills,
    deaths,
    DATE_DIFF('DAY', month_start, play_date) - ROW_NUMBER() OVER (PARTITION BY player_id, month_start, played ORDER BY play_date) AS run_id
  FROM month_days
), run_days AS (
  SELECT
    player_id,
    play_date,
    month_start,
    kills,
    deaths,
    CASE
      WHEN played
      THEN ROW_NUMBER() OVER (PARTITION BY player_id, month_start, played, run_id ORDER BY play_date)
    END AS run_day /* the day's place in its run of play days; NULL without play time */
  FROM runs
), month_to_date AS (
  SELECT
    player_id,
    play_date,
    month_start,
    COUNT(run_day) OVER (
      PARTITION BY player_id, month_start
      ORDER BY play_date
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS play_days,
    MAX(run_day) OVER (
      PARTITION BY player_id, month_start
      ORDER BY play_date
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS streak_days,
    SUM(kills) OVER (
      PARTITION BY player_id, month_start
      ORDER BY play_date
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS kills,
    SUM(deaths) OVER (
      PARTITION BY player_id, month_start
      ORDER BY play_date
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS deaths
  FROM run_days
)
SELECT
  @as_id(m.player_id) AS player_id, /* player id */
  CAST(m.play_date AS DATE) AS play_date, /* UTC day the values are as of */
  CAST(m.month_start AS DATE) AS month_start, /* first day of play_date's calendar month, UTC */
  CAST(m.play_days AS INT) AS play_days, /* days of the month with play time, up to play_date */
  CAST(COALESCE(m.streak_days, 0) AS INT) AS streak_days, /* longest run of consecutive play days inside the month, up to play_date */
  CAST(m.kills AS BIGINT) AS kills, /* kills in sessions that ended in the month, up to play_date */
  CAST(m.deaths AS BIGINT) AS deaths, /* deaths in sessions that ended in the month, up to play_date */
  CAST(l.lifetime_kills AS BIGINT) AS lifetime_kills, /* kills in every session ended by the end of play_date */
  CAST(l.lifetime_deaths AS BIGINT) AS lifetime_deaths, /* deaths in every session ended by the end of play_date */
  CAST(l.lifetime_play_seconds AS BIGINT) AS lifetime_play_seconds /* play time from install through play_date */
FROM month_to_date AS m
JOIN core.fct_player_lifetime AS l
  ON l.player_id = m.player_id AND l.play_date = m.play_date
WHERE
  m.play_date BETWEEN @start_date AND @end_date
  AND l.play_date BETWEEN @start_date AND @end_date
