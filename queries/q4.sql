/* Q4 (SPEC §3.4), a player's lifetime kill/death ratio and best streak month. K/D is total
   kills / total deaths, or total kills with no deaths. The streak month is the month with the
   longest run of consecutive play days (runs are cut at month ends); ties: the earliest month.
   Parameters: $player_id the id as text, or NULL for the player with the most play time
   overall (ties: smallest id). No row: no such player.
   DuckDB CLI: PREPARE q4 AS <this query>; EXECUTE q4(player_id := '42'); */
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
    FROM core.dim_players
    WHERE
      $player_id IS NULL
    ORDER BY
      play_seconds DESC,
      player_id
    LIMIT 1
  ) AS most_active
), months AS (
  SELECT
    m.player_id,
    m.month_start,
    m.streak_days,
    m.kills,
    m.deaths,
    ROW_NUMBER() OVER (ORDER BY m.streak_days DESC, m.month_start) AS streak_rank
  FROM marts.q4_player_kd_streaks AS m
  JOIN chosen_player AS c
    ON c.player_id = m.player_id
), lifetime AS (
  SELECT
    SUM(kills) AS kills,
    SUM(deaths) AS deaths
  FROM months
)
SELECT
  c.player_id,
  COALESCE(l.kills, 0) AS kills,
  COALESCE(l.deaths, 0) AS deaths,
  CASE
    WHEN COALESCE(l.deaths, 0) = 0
    THEN CAST(COALESCE(l.kills, 0) AS DOUBLE)
    ELSE CAST(l.kills AS DOUBLE) / l.deaths
  END AS kd,
  b.month_start AS streak_month,
  COALESCE(b.streak_days, 0) AS streak_days
FROM chosen_player AS c
CROSS JOIN lifetime AS l
LEFT JOIN months AS b
  ON b.streak_rank = 1 AND b.streak_days > 0
