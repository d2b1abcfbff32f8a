AUDIT (
  name assert_session_days_add_up
);

WITH parts AS (
  SELECT
    session_id,
    player_id,
    SUM(play_seconds) AS play_seconds
  FROM @this_model
  GROUP BY
    session_id,
    player_id
)
SELECT
  s.session_id,
  s.player_id,
  s.session_seconds,
  COALESCE(p.play_seconds, 0) AS play_seconds
FROM core.fct_player_sessions AS s
LEFT JOIN parts AS p
  ON p.session_id = s.session_id AND p.player_id = s.player_id
WHERE
  s.end_date BETWEEN @start_date AND @end_date
  AND s.session_seconds <> COALESCE(p.play_seconds, 0)
