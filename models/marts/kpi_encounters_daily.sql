/* One row per UTC day with play: matches, player-hours, and the close encounters starting that day per match and per player-hour. */
MODEL (
  name marts.kpi_encounters_daily,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column date_day,
    lookback 1 /* as core.fct_encounters (its near-midnight part) and core.fct_player_day, which recompute the day before the newest */
  ),
  owner analytics,
  grain date_day,
  audits (
    assert_contract(
      grain := date_day,
      not_null := (date_day, matches, player_hours, encounters, team_encounters, encounter_seconds),
      checks := (
        matches >= 1,
        encounters_per_match >= 0
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends', 'heartbeats'])
  ),
  tags (kpi, encounters)
);

WITH play AS (
  SELECT
    play_date,
    COUNT(DISTINCT session_id) AS matches,
    SUM(play_seconds) AS play_seconds
  FROM core.fct_player_session_days /* sessions are shorter than a day: play on D comes from sessions ending on D or D+1 */
  WHERE
    end_date BETWEEN @start_date AND @end_date + INTERVAL '1' DAY
    AND play_date BETWEEN @start_date AND @end_date
  GROUP BY
    play_date
), encounters AS (
  SELECT
    encounter_date,
    COUNT(*) AS encounters,
    SUM(encounter_seconds) AS encounter_seconds
  FROM core.fct_encounters
  WHERE
    encounter_date BETWEEN @start_date AND @end_date
  GROUP BY
    encounter_date
), team_encounters AS (
  SELECT
    encounter_date,
    COUNT(*) AS team_encounters
  FROM core.fct_team_encounters
  WHERE
    encounter_date BETWEEN @start_date AND @end_date
  GROUP BY
    encounter_date
)
SELECT
  CAST(p.play_date AS DATE) AS date_day, /* UTC day */
  CAST(p.matches AS BIGINT) AS matches, /* matches (session_id) with play time that day */
  CAST(p.play_seconds AS DOUBLE) / 3600 AS player_hours, /* play time of all players that day, hours */
  CAST(COALESCE(e.encounters, 0) AS BIGINT) AS encounters, /* player-pair close encounters starting that day */
  CAST(COALESCE(t.team_encounters, 0) AS BIGINT) AS team_encounters, /* team-pair close encounters starting that day */
  CAST(COALESCE(e.encounter_seconds, 0) AS BIGINT) AS encounter_seconds, /* the player-pair encounters' lengths, summed */
  CAST(COALESCE(e.encounters, 0) AS DOUBLE) / p.matches AS encounters_per_match, /* encounters / matches */
  CAST(COALESCE(e.encounters, 0) AS DOUBLE) * 3600 / p.play_seconds AS encounters_per_player_hour /* encounters / player_hours */
FROM play AS p
LEFT JOIN encounters AS e
  ON e.encounter_date = p.play_date
LEFT JOIN team_encounters AS t
  ON t.encounter_date = p.play_date
