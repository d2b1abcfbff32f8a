/* One row per player who has played: the day, instant and country of their first session (their install). */
MODEL (
  name core.dim_players,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column first_play_date,
    lookback 1 /* a first session starting late on D ends on D + 1: D is final once D + 1 has run */
  ),
  owner warehouse,
  grain player_id,
  audits (
    assert_contract(
      grain := player_id,
      not_null := (player_id, first_play_date, first_session_start_ts)
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'], in_order := TRUE)
  ),
  tags (
    core
  )
);

WITH starting_sessions AS (
  /* Sessions are shorter than a day: one starting in the interval ends in it or the day after.
     One ending in the interval that started before it is a player's first only when the day
     it started was never processed: the lake began after it (an earlier day's run installs
     everyone else). Such a player is installed on the interval's first day, the first day
     the warehouse saw him play. */
  SELECT
    player_id,
    country,
    session_start_ts,
    ROW_NUMBER() OVER (PARTITION BY player_id ORDER BY session_start_ts, session_end_ts, session_id) AS session_number
  FROM core.fct_player_sessions
  WHERE
    end_date BETWEEN @start_date AND @end_date + INTERVAL '1' DAY
    AND CAST(session_start_ts AS DATE) <= @end_date
), earlier_players AS (
  /* every player who started a session before the interval: one row each, O(players) */
  SELECT
    p.player_id
  FROM core.dim_players AS p
  WHERE
    p.first_play_date < @start_date
)
SELECT
  @as_id(s.player_id) AS player_id, /* player id */
  CAST(GREATEST(CAST(s.session_start_ts AS DATE), @start_date) AS DATE) AS first_play_date, /* install day: UTC day the first session started (for a player already playing when the lake began, its first day) */
  CAST(s.country AS TEXT) AS home_country, /* country of the first session (by start, then end, then session id) */
  CAST(s.session_start_ts AS TIMESTAMP) AS first_session_start_ts /* when the first session started, naive UTC */
FROM starting_sessions AS s
LEFT JOIN earlier_players AS e
  ON e.player_id = s.player_id
WHERE
  s.session_number = 1 AND e.player_id IS NULL
