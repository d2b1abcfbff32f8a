/* Q4 (SPEC §3.4), a player's lifetime kill/death ratio and best streak month. K/D is total
   kills / total deaths, or total kills with no deaths. The streak month is the month with the
   longest run of consecutive play days (runs are cut at month ends); ties: the earliest month.
   marts.q4_player_kd_streaks holds each player's month so far and lifetime totals as of each
   day they played: a month's value is its last row, the lifetime is the player's last row.
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
    FROM marts.q4_player_kd_streaks
    WHERE
      $player_id IS NULL
    ORDER BY
      lifetime_play_seconds DESC,
      player_id
    LIMIT 1
  ) AS most_active
), player_days AS (
  SELECT
    m.month_start,
    m.streak_days,
    m.lifetime_kills,
    m.lifetime_deaths,
    ROW_NUMBER() OVER (PARTITION BY m.month_start ORDER BY m.play_date DESC) AS month_recency,
    ROW_NUMBER() OVER (ORDER BY m.play_date DESC) AS recency
  FROM marts.q4_player_kd_streaks AS m
  JOIN chosen_player AS c
    ON c.player_id = m.player_id
), months AS (
  SELECT
    month_start,
    streak_days,
    ROW_NUMBER() OVER (ORDER BY streak_days DESC, month_start) AS streak_rank
  FROM player_days
  WHERE
    month_recency = 1
), lifetime AS (
  SELECT
    lifetime_kills AS kills,
    lifetime_deaths AS deaths
  FROM player_days
  WHERE
    recency = 1
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
LEFT JOIN lifetime AS l
  ON TRUE
LEFT JOIN months AS b
  ON b.streak_rank = 1 AND b.streak_days > 0
