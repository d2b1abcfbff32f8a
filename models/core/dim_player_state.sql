/* One row per player who has played and ISO week: their state at the start of the week (Monday 00:00 UTC), so a model can know a player's past without reading it: the state on day D is the week's row plus at most six days of facts. */
MODEL (
  name core.dim_player_state,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column week_start,
    batch_size 7 /* at most one Monday per query: each snapshot is the one a week before plus that week */
  ),
  owner warehouse,
  grain (player_id, week_start),
  audits (
    assert_contract(
      grain := (player_id, week_start),
      not_null := (player_id, week_start, first_play_date, sessions, play_seconds, kills, deaths),
      checks := (
        first_play_date < week_start,
        last_play_date < week_start,
        last_session_end_ts < week_start
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

WITH snapshots AS (
  /* the Mondays of the interval: a snapshot is written on Mondays, the other days add nothing */
  SELECT
    date_day AS week_start
  FROM core.dim_date
  WHERE
    date_day BETWEEN @start_date AND @end_date AND date_day = week_start
), previous AS (
  SELECT
    w.week_start,
    p.player_id,
    p.first_play_date,
    p.home_country,
    p.last_play_date,
    p.last_session_end_ts,
    p.last_session_country,
    p.sessions,
    p.play_seconds,
    p.kills,
    p.deaths
  FROM core.dim_player_state AS p
  JOIN snapshots AS w
    ON p.week_start = w.week_start - INTERVAL '7' DAY
  WHERE
    p.week_start BETWEEN @start_date - INTERVAL '7' DAY AND @end_date - INTERVAL '7' DAY
), installs AS (
  SELECT
    w.week_start,
    i.player_id,
    i.first_play_date,
    i.home_country
  FROM core.dim_players AS i
  JOIN snapshots AS w
    ON i.first_play_date BETWEEN w.week_start - INTERVAL '7' DAY AND w.week_start - INTERVAL '1' DAY
  WHERE
    i.first_play_date BETWEEN @start_date - INTERVAL '7' DAY AND @end_date - INTERVAL '1' DAY
), days AS (
  /* the week's player-days: play time split at midnight, kills and deaths of the sessions that ended */
  SELECT
    w.week_start,
    d.player_id,
    MAX(CASE WHEN d.play_seconds > 0 THEN d.play_date END) AS last_play_date,
    SUM(d.play_seconds) AS play_seconds,
    SUM(d.kills) AS kills,
    SUM(d.deaths) AS deaths
  FROM core.fct_player_day AS d
  JOIN snapshots AS w
    ON d.play_date BETWEEN w.week_start - INTERVAL '7' DAY AND w.week_start - INTERVAL '1' DAY
  WHERE
    d.play_date BETWEEN @start_date - INTERVAL '7' DAY AND @end_date - INTERVAL '1' DAY
  GROUP BY
    w.week_start,
    d.player_id
), sessions AS (
  /* the week's sessions, the latest first (ties: the higher session id, as core.fct_purchases) */
  SELECT
    w.week_start,
    s.player_id,
    s.country,
    s.session_end_ts,
    COUNT(*) OVER (PARTITION BY w.week_start, s.player_id) AS sessions,
    ROW_NUMBER() OVER (
      PARTITION BY w.week_start, s.player_id
      ORDER BY s.session_end_ts DESC, s.session_id DESC
    ) AS recency
  FROM core.fct_player_sessions AS s
  JOIN snapshots AS w
    ON s.end_date BETWEEN w.week_start - INTERVAL '7' DAY AND w.week_start - INTERVAL '1' DAY
  WHERE
    s.end_date BETWEEN @start_date - INTERVAL '7' DAY AND @end_date - INTERVAL '1' DAY
), players AS (
  SELECT
    week_start,
    player_id
  FROM previous
  UNION
  SELECT
    week_start,
    player_id
  FROM installs
  UNION
  SELECT
    week_start,
    player_id
  FROM days
)
SELECT
  @as_id(p.player_id) AS player_id, /* player id */
  CAST(p.week_start AS DATE) AS week_start, /* the Monday the state is taken at (00:00 UTC): it covers everything before */
  CAST(COALESCE(pr.first_play_date, i.first_play_date) AS DATE) AS first_play_date, /* install day (core.dim_players) */
  CAST(CASE WHEN pr.player_id IS NULL THEN i.home_country ELSE pr.home_country END AS TEXT) AS home_country, /* country of the first session (core.dim_players) */
  CAST(COALESCE(d.last_play_date, pr.last_play_date) AS DATE) AS last_play_date, /* last day with play time before week_start; NULL when none */
  CAST(CASE WHEN s.player_id IS NULL THEN pr.last_session_end_ts ELSE s.session_end_ts END AS TIMESTAMP) AS last_session_end_ts, /* end of the latest session ended before week_start, naive UTC; NULL when none */
  CAST(CASE WHEN s.player_id IS NULL THEN pr.last_session_country ELSE s.country END AS TEXT) AS last_session_country, /* that session's country */
  CAST(COALESCE(pr.sessions, 0) + COALESCE(s.sessions, 0) AS BIGINT) AS sessions, /* sessions ended before week_start */
  CAST(COALESCE(pr.play_seconds, 0) + COALESCE(d.play_seconds, 0) AS BIGINT) AS play_seconds, /* play time on the days before week_start */
  CAST(COALESCE(pr.kills, 0) + COALESCE(d.kills, 0) AS BIGINT) AS kills, /* kills of the sessions ended before week_start */
  CAST(COALESCE(pr.deaths, 0) + COALESCE(d.deaths, 0) AS BIGINT) AS deaths /* deaths of the sessions ended before week_start */
FROM players AS p
LEFT JOIN previous AS pr
  ON pr.week_start = p.week_start AND pr.player_id = p.player_id
LEFT JOIN installs AS i
  ON i.week_start = p.week_start AND i.player_id = p.player_id
LEFT JOIN days AS d
  ON d.week_start = p.week_start AND d.player_id = p.player_id
LEFT JOIN sessions AS s
  ON s.week_start = p.week_start AND s.player_id = p.player_id AND s.recency = 1
