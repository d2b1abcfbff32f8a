/* One row per player and UTC day of core.fct_player_day: the player's install day, previous play day and lifetime totals through that day. */
MODEL (
  name core.fct_player_lifetime,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column play_date,
    lookback 1 /* as core.fct_player_day, whose days it extends */
  ),
  owner warehouse,
  grain (player_id, play_date),
  audits (
    assert_contract(
      grain := (player_id, play_date),
      not_null := (player_id, play_date, played, lifetime_play_seconds, lifetime_kills, lifetime_deaths),
      checks := (
        first_play_date <= play_date,
        previous_play_date < play_date
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'], in_order := TRUE)
  ),
  tags (
    core
  )
);

WITH days AS (
  /* the interval's player-days and those of its first week before it: the state is taken on Mondays */
  SELECT
    d.player_id,
    d.play_date,
    w.week_start,
    d.play_seconds,
    d.kills,
    d.deaths
  FROM core.fct_player_day AS d
  JOIN core.dim_date AS w
    ON w.date_day = d.play_date
  WHERE
    d.play_date BETWEEN @start_date - INTERVAL '6' DAY AND @end_date
), since_monday AS (
  /* what each day adds to the week's state: earlier play days of the week, totals through the day */
  SELECT
    player_id,
    play_date,
    week_start,
    play_seconds > 0 AS played,
    MAX(CASE WHEN play_seconds > 0 THEN play_date END) OVER (
      PARTITION BY player_id, week_start
      ORDER BY play_date
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    ) AS previous_play_date,
    SUM(play_seconds) OVER (
      PARTITION BY player_id, week_start
      ORDER BY play_date
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS play_seconds,
    SUM(kills) OVER (
      PARTITION BY player_id, week_start
      ORDER BY play_date
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS kills,
    SUM(deaths) OVER (
      PARTITION BY player_id, week_start
      ORDER BY play_date
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS deaths
  FROM days
), states AS (
  SELECT
    player_id,
    week_start,
    first_play_date,
    last_play_date,
    play_seconds,
    kills,
    deaths
  FROM core.dim_player_state
  WHERE
    week_start BETWEEN @start_date - INTERVAL '6' DAY AND @end_date
), installs AS (
  /* players who installed since the snapshot of their week */
  SELECT
    player_id,
    first_play_date
  FROM core.dim_players
  WHERE
    first_play_date BETWEEN @start_date - INTERVAL '6' DAY AND @end_date
)
SELECT
  @as_id(d.player_id) AS player_id, /* player id */
  CAST(d.play_date AS DATE) AS play_date, /* UTC day */
  CAST(d.played AS BOOLEAN) AS played, /* the player has play time on play_date (else only a session ending at midnight) */
  CAST(COALESCE(s.first_play_date, i.first_play_date) AS DATE) AS first_play_date, /* install day (core.dim_players); NULL only when the first session lasted over a day */
  CAST(COALESCE(d.previous_play_date, s.last_play_date) AS DATE) AS previous_play_date, /* the player's last day with play time before play_date; NULL on their first */
  CAST(COALESCE(s.play_seconds, 0) + d.play_seconds AS BIGINT) AS lifetime_play_seconds, /* play time from install through play_date */
  CAST(COALESCE(s.kills, 0) + d.kills AS BIGINT) AS lifetime_kills, /* kills of the sessions ended by the end of play_date */
  CAST(COALESCE(s.deaths, 0) + d.deaths AS BIGINT) AS lifetime_deaths /* deaths of the sessions ended by the end of play_date */
FROM since_monday AS d
LEFT JOIN states AS s
  ON s.player_id = d.player_id AND s.week_start = d.week_start
LEFT JOIN installs AS i
  ON i.player_id = d.player_id
WHERE
  d.play_date BETWEEN @start_date AND @end_date
