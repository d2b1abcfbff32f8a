/* Q1 (SPEC §3.1), play time on a date: the average over the players with play time on $date,
   and $player_id's play time that day (0 when they did not play that day).
   Parameters: $date DATE; $player_id the id as text, or NULL for the player with the most play
   time that day (ties: smallest id). No row: no such player (or nobody played that day).
   DuckDB CLI: PREPARE q1 AS <this query>; EXECUTE q1(date := DATE '2026-10-05', player_id := NULL); */
WITH chosen_player AS (
  SELECT
    player_id
  FROM core.dim_players
  WHERE
    CAST(player_id AS TEXT) = $player_id
  UNION ALL
  SELECT
    player_id
  FROM (
    SELECT
      player_id
    FROM core.fct_player_day
    WHERE
      $player_id IS NULL AND play_date = $date AND play_seconds > 0
    ORDER BY
      play_seconds DESC,
      player_id
    LIMIT 1
  ) AS most_active
)
SELECT
  CAST($date AS DATE) AS date,
  COALESCE(d.players, 0) AS players,
  d.avg_play_seconds,
  c.player_id,
  COALESCE(pd.play_seconds, 0) AS player_play_seconds
FROM chosen_player AS c
LEFT JOIN marts.q1_daily_play_time AS d
  ON d.play_date = $date
LEFT JOIN core.fct_player_day AS pd
  ON pd.player_id = c.player_id AND pd.play_date = $date
