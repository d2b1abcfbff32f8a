/* One row per player and calendar month: kills, deaths and the longest run of consecutive play days (SPEC §3.4). */
MODEL (
  name marts.q4_player_kd_streaks,
  kind INCREMENTAL_BY_UNIQUE_KEY (
    unique_key (player_id, month_start), /* a streak needs the whole month: a run recomputes whole months */
    lookback 1 /* as core.fct_player_day, whose recomputed day may lie in the previous month */
  ),
  owner analytics,
  grain (player_id, month_start),
  audits (
    unique_combination_of_columns(columns := (player_id, month_start)),
    not_null(columns := (player_id, month_start, play_days, streak_days, kills, deaths)),
    accepted_range("column" := streak_days, min_v := 0, max_v := 31),
    accepted_range("column" := kills, min_v := 0),
    accepted_range("column" := deaths, min_v := 0),
    forall(criteria := (
      streak_days <= play_days
    ))
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    answers
  )
);

WITH touched_months AS (
  /* The months this run's days fall in, read whole; the fact is read with a 31-day margin
     either side of the interval so its partitions are pruned. */
  SELECT DISTINCT
    month_start
  FROM core.dim_date
  WHERE
    date_day BETWEEN @start_date AND @end_date
), player_days AS (
  SELECT
    pd.player_id,
    d.month_start,
    pd.play_date,
    pd.play_seconds,
    pd.kills,
    pd.deaths
  FROM core.fct_player_day AS pd
  JOIN core.dim_date AS d
    ON d.date_day = pd.play_date
  JOIN touched_months AS m
    ON m.month_start = d.month_start
  WHERE
    pd.play_date BETWEEN @start_date - INTERVAL '31' DAY AND @end_date + INTERVAL '31' DAY
), runs AS (
  /* Gaps and islands: consecutive play days of a month share (day of month - rank). Partitioning
     by month cuts a streak at the month boundary. */
  SELECT
    player_id,
    month_start,
    DATE_DIFF('DAY', month_start, play_date) - ROW_NUMBER() OVER (PARTITION BY player_id, month_start ORDER BY play_date) AS run_id
  FROM player_days
  WHERE
    play_seconds > 0
), streaks AS (
  SELECT
    player_id,
    month_start,
    MAX(run_days) AS streak_days,
    SUM(run_days) AS play_days
  FROM (
    SELECT
      player_id,
      month_start,
      run_id,
      COUNT(*) AS run_days
    FROM runs
    GROUP BY
      player_id,
      month_start,
      run_id
  ) AS run_lengths
  GROUP BY
    player_id,
    month_start
), totals AS (
  SELECT
    player_id,
    month_start,
    SUM(kills) AS kills,
    SUM(deaths) AS deaths
  FROM player_days
  GROUP BY
    player_id,
    month_start
)
SELECT
  CAST(t.player_id AS TEXT) AS player_id, /* player id */
  CAST(t.month_start AS DATE) AS month_start, /* first day of the calendar month, UTC */
  CAST(COALESCE(s.play_days, 0) AS INT) AS play_days, /* days of the month with play time */
  CAST(COALESCE(s.streak_days, 0) AS INT) AS streak_days, /* longest run of consecutive play days inside the month */
  CAST(t.kills AS BIGINT) AS kills, /* kills in sessions that ended in the month */
  CAST(t.deaths AS BIGINT) AS deaths /* deaths in sessions that ended in the month */
FROM totals AS t
LEFT JOIN streaks AS s
  ON s.player_id = t.player_id AND s.month_start = t.month_start
