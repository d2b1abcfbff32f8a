/* One row per player who has played: first and last day, home country and lifetime counters. */
MODEL (
  name core.dim_players,
  kind FULL,
  owner warehouse,
  grain player_id,
  audits (
    unique_values(columns := (
      player_id
    )),
    not_null(
      columns := (
        player_id,
        first_play_date,
        last_play_date,
        sessions,
        play_seconds,
        kills,
        deaths
      )
    ),
    accepted_range("column" := sessions, min_v := 1)
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    core
  )
);

WITH ranked_sessions AS (
  SELECT
    player_id,
    country,
    session_seconds,
    kills,
    deaths,
    CAST(session_start_ts AS DATE) AS start_date,
    end_date,
    ROW_NUMBER() OVER (PARTITION BY player_id ORDER BY session_start_ts, session_end_ts, session_id) AS session_number
  FROM core.fct_player_sessions
)
SELECT
  CAST(player_id AS TEXT) AS player_id, /* player id */
  CAST(MIN(start_date) AS DATE) AS first_play_date, /* UTC day of the first session's start */
  CAST(MAX(end_date) AS DATE) AS last_play_date, /* UTC day of the last session's end */
  CAST(MAX(CASE WHEN session_number = 1 THEN country END) AS TEXT) AS home_country, /* country of the first session */
  CAST(COUNT(*) AS BIGINT) AS sessions, /* sessions played */
  CAST(SUM(session_seconds) AS BIGINT) AS play_seconds, /* seconds played over all sessions */
  CAST(SUM(kills) AS BIGINT) AS kills, /* kills over all sessions */
  CAST(SUM(deaths) AS BIGINT) AS deaths /* deaths over all sessions */
FROM ranked_sessions
GROUP BY
  player_id
