/* One row per UTC day and K/D bucket: the players who finished a session that day, by their kill/death ratio over that day's sessions. */
MODEL (
  name marts.kpi_kd_distribution,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column end_date
  ),
  owner analytics,
  grain (end_date, kd_from),
  audits (
    unique_combination_of_columns(columns := (end_date, kd_from)),
    not_null(
      columns := (
        end_date,
        kd_from,
        bucket_label,
        players,
        share_of_players,
        zero_death_players,
        kills,
        deaths,
        play_seconds
      )
    ),
    accepted_range("column" := players, min_v := 1),
    accepted_range("column" := share_of_players, min_v := 0, max_v := 1),
    forall(criteria := (
      zero_death_players <= players
    ))
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    kpi
  )
);

WITH buckets AS (
  /* [from, to) of K/D, each twice as wide as the one before, so 1:2 lies as far below 1 as 2:1
     above; the last bucket is open-ended */
  SELECT
    CAST(kd_from AS DOUBLE) AS kd_from,
    CAST(kd_to AS DOUBLE) AS kd_to,
    bucket_label
  FROM (VALUES
    (0, 0.25, '0-0.25'),
    (0.25, 0.5, '0.25-0.5'),
    (0.5, 1, '0.5-1'),
    (1, 2, '1-2'),
    (2, 4, '2-4'),
    (4, 8, '4-8'),
    (8, NULL, '8+')) AS t(kd_from, kd_to, bucket_label)
), player_days AS (
  /* a session's kills and deaths count on the day it ended, as in Q4 */
  SELECT
    end_date,
    player_id,
    COALESCE(SUM(kills), 0) AS kills,
    COALESCE(SUM(deaths), 0) AS deaths,
    SUM(session_seconds) AS play_seconds
  FROM core.fct_player_sessions
  WHERE
    end_date BETWEEN @start_date AND @end_date
  GROUP BY
    end_date,
    player_id
), rated AS (
  /* Q4's K/D: kills / deaths, or kills when there are no deaths */
  SELECT
    end_date,
    kills,
    deaths,
    play_seconds,
    CASE
      WHEN deaths = 0
      THEN CAST(kills AS DOUBLE)
      ELSE CAST(kills AS DOUBLE) / deaths
    END AS kd
  FROM player_days
), binned AS (
  SELECT
    r.end_date,
    b.kd_from,
    b.kd_to,
    b.bucket_label,
    COUNT(*) AS players,
    SUM(CASE WHEN r.deaths = 0 THEN 1 ELSE 0 END) AS zero_death_players,
    SUM(r.kills) AS kills,
    SUM(r.deaths) AS deaths,
    SUM(r.play_seconds) AS play_seconds
  FROM rated AS r
  JOIN buckets AS b
    ON r.kd >= b.kd_from AND (
      b.kd_to IS NULL OR r.kd < b.kd_to
    )
  GROUP BY
    r.end_date,
    b.kd_from,
    b.kd_to,
    b.bucket_label
)
SELECT
  CAST(end_date AS DATE) AS end_date, /* UTC day the players' sessions ended */
  CAST(kd_from AS DOUBLE) AS kd_from, /* the bucket's lower K/D bound (inclusive) */
  CAST(kd_to AS DOUBLE) AS kd_to, /* its upper bound (exclusive); NULL for the open last bucket */
  CAST(bucket_label AS TEXT) AS bucket_label, /* e.g. '0.5-1', for charts */
  CAST(players AS BIGINT) AS players, /* players who finished a session that day with their day's K/D in the bucket */
  CAST(players AS DOUBLE) / SUM(players) OVER (PARTITION BY end_date) AS share_of_players, /* players / all the day's players */
  CAST(zero_death_players AS BIGINT) AS zero_death_players, /* of them, players without a death that day (their K/D is their kills) */
  CAST(kills AS BIGINT) AS kills, /* their kills in the sessions that ended that day */
  CAST(deaths AS BIGINT) AS deaths, /* their deaths in those sessions */
  CAST(play_seconds AS BIGINT) AS play_seconds, /* the length of those sessions, summed */
  CAST(kills AS DOUBLE) * 3600 / NULLIF(play_seconds, 0) AS kills_per_hour /* kills per hour played in those sessions */
FROM binned
