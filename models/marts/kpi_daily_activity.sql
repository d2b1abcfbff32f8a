/* One row per UTC day: daily and rolling 7/30-day active players, stickiness, new vs returning players, sessions and play-time distribution. */
MODEL (
  name marts.kpi_daily_activity,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column date_day,
    lookback 1 /* as core.fct_player_day, which recomputes the day before the newest */
  ),
  owner analytics,
  grain date_day,
  audits (
    assert_contract(
      grain := date_day,
      not_null := (date_day, active_players, rolling_7d_players, rolling_30d_players, new_players, returning_players, sessions),
      checks := (
        rolling_30d_players >= 1,
        installs >= 0,
        stickiness >= 0,
        stickiness <= 1,
        active_players <= rolling_7d_players,
        rolling_7d_players <= rolling_30d_players,
        new_players + returning_players = active_players,
        p90_play_seconds >= median_play_seconds
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

WITH player_days AS (
  /* a day's rolling windows reach 29 days before it */
  SELECT
    player_id,
    play_date,
    play_seconds,
    sessions
  FROM core.fct_player_day
  WHERE
    play_date BETWEEN @start_date - INTERVAL '29' DAY AND @end_date
    AND play_seconds > 0
), rolling AS (
  SELECT
    d.date_day,
    COUNT(
      DISTINCT CASE WHEN pd.play_date > d.date_day - INTERVAL '7' DAY THEN pd.player_id END
    ) AS rolling_7d_players,
    COUNT(DISTINCT pd.player_id) AS rolling_30d_players
  FROM core.dim_date AS d
  JOIN player_days AS pd
    ON pd.play_date BETWEEN d.date_day - INTERVAL '29' DAY AND d.date_day
  WHERE
    d.date_day BETWEEN @start_date AND @end_date
  GROUP BY
    d.date_day
), installs AS (
  SELECT
    first_play_date,
    COUNT(*) AS installs
  FROM core.dim_players
  WHERE
    first_play_date BETWEEN @start_date AND @end_date
  GROUP BY
    first_play_date
), daily AS (
  SELECT
    pd.play_date,
    COUNT(*) AS active_players,
    SUM(CASE WHEN l.first_play_date = pd.play_date THEN 1 ELSE 0 END) AS new_players,
    SUM(pd.sessions) AS sessions,
    SUM(pd.play_seconds) AS play_seconds
  FROM player_days AS pd
  LEFT JOIN core.fct_player_lifetime AS l
    ON l.player_id = pd.player_id
    AND l.play_date = pd.play_date
    AND l.play_date BETWEEN @start_date AND @end_date
  WHERE
    pd.play_date BETWEEN @start_date AND @end_date
  GROUP BY
    pd.play_date
), lengths AS (
  /* how many of a day's players played, and how many of its sessions lasted, each number of
     seconds: the nearest-rank percentiles below need only these counts (a few thousand a day),
     not a sort of every player and session */
  SELECT
    'play' AS measure,
    play_date AS day,
    play_seconds AS seconds,
    COUNT(*) AS times
  FROM player_days
  WHERE
    play_date BETWEEN @start_date AND @end_date
  GROUP BY
    play_date,
    play_seconds
  UNION ALL
  SELECT
    'session' AS measure,
    end_date AS day,
    session_seconds AS seconds,
    COUNT(*) AS times
  FROM core.fct_player_sessions
  WHERE
    end_date BETWEEN @start_date AND @end_date
  GROUP BY
    end_date,
    session_seconds
), ranked_lengths AS (
  /* a length holds the ranks up to last_rank in the day's ascending order */
  SELECT
    measure,
    day,
    seconds,
    SUM(times) OVER (PARTITION BY measure, day ORDER BY seconds ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS last_rank,
    SUM(times) OVER (PARTITION BY measure, day) AS day_count
  FROM lengths
), percentiles AS (
  /* nearest rank: the p-th percentile of n values is the one at rank ceil(p * n) */
  SELECT
    measure,
    day,
    MIN(CASE WHEN last_rank >= CEIL(0.5 * day_count) THEN seconds END) AS median_seconds,
    MIN(CASE WHEN last_rank >= CEIL(0.9 * day_count) THEN seconds END) AS p90_seconds
  FROM ranked_lengths
  GROUP BY
    measure,
    day
)
SELECT
  CAST(r.date_day AS DATE) AS date_day, /* UTC day */
  CAST(COALESCE(a.active_players, 0) AS BIGINT) AS active_players, /* DAU: players with play time that day */
  CAST(r.rolling_7d_players AS BIGINT) AS rolling_7d_players, /* rolling WAU: distinct players with play time in the 7 days ending that day */
  CAST(r.rolling_30d_players AS BIGINT) AS rolling_30d_players, /* rolling MAU: distinct players with play time in the 30 days ending that day */
  CAST(COALESCE(a.active_players, 0) AS DOUBLE) / r.rolling_30d_players AS stickiness, /* DAU / rolling MAU */
  CAST(COALESCE(i.installs, 0) AS BIGINT) AS installs, /* players whose first session started that day (core.dim_players): the day's install cohort */
  CAST(COALESCE(a.new_players, 0) AS BIGINT) AS new_players, /* active players whose first play day (core.dim_players) is that day */
  CAST(COALESCE(a.active_players - a.new_players, 0) AS BIGINT) AS returning_players, /* active players who first played on an earlier day */
  CAST(COALESCE(a.sessions, 0) AS BIGINT) AS sessions, /* player-sessions with play that day (a session across midnight counts on both days) */
  CAST(a.sessions AS DOUBLE) / a.active_players AS sessions_per_active_player, /* sessions / DAU; NULL when nobody played */
  CAST(COALESCE(a.play_seconds, 0) AS BIGINT) AS play_seconds, /* play time inside the day, all players */
  CAST(p.median_seconds AS BIGINT) AS median_play_seconds, /* median of the active players' play time that day (nearest rank) */
  CAST(p.p90_seconds AS BIGINT) AS p90_play_seconds, /* 90th percentile of the active players' play time that day (nearest rank) */
  CAST(s.median_seconds AS BIGINT) AS median_session_seconds, /* median length of the player-sessions that ended that day (nearest rank) */
  CAST(s.p90_seconds AS BIGINT) AS p90_session_seconds /* 90th percentile of those session lengths (nearest rank) */
FROM rolling AS r
LEFT JOIN daily AS a
  ON a.play_date = r.date_day
LEFT JOIN percentiles AS p
  ON p.measure = 'play' AND p.day = r.date_day
LEFT JOIN percentiles AS s
  ON s.measure = 'session' AND s.day = r.date_day
LEFT JOIN installs AS i
  ON i.first_play_date = r.date_day
