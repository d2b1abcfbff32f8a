/* One row per five-minute mark of a UTC day and country: the players online at that instant from that country (the samples of PCU, docs/METRICS.md). */
MODEL (
  name marts.kpi_concurrency,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column mark_date,
    lookback 1 /* a day's marks count sessions that end the next day (across midnight): D is final once D + 1 has run */
  ),
  owner analytics,
  grain (mark_ts, country),
  audits (
    unique_combination_of_columns(columns := (mark_ts, country)),
    not_null(columns := (mark_date, mark_ts, country, players)),
    accepted_range("column" := players, min_v := 1),
    assert_five_minute_marks
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    kpi
  )
);

WITH sessions AS (
  /* a session overlapping day D ends on D or, across midnight, on D + 1 (sessions are shorter than a day) */
  SELECT
    player_id,
    country,
    session_start_ts,
    session_end_ts
  FROM core.fct_player_sessions
  WHERE
    end_date BETWEEN @start_date AND @end_date + INTERVAL '1' DAY
), digits AS (
  SELECT
    n
  FROM (VALUES
    (0),
    (1),
    (2),
    (3),
    (4),
    (5),
    (6),
    (7),
    (8),
    (9)) AS t(n)
), slots AS (
  /* the day's 288 marks, numbered from 00:00 */
  SELECT
    100 * hundreds.n + 10 * tens.n + ones.n AS slot
  FROM digits AS hundreds
  CROSS JOIN digits AS tens
  CROSS JOIN digits AS ones
  WHERE
    100 * hundreds.n + 10 * tens.n + ones.n < 288
), marks AS (
  /* 00:00, 00:05, ... 23:55 of every day of the interval: UTC days have no DST, so always 288 */
  SELECT
    d.date_day AS mark_date,
    CAST(d.date_day AS TIMESTAMP) + s.slot * INTERVAL '5' MINUTE AS mark_ts
  FROM core.dim_date AS d
  CROSS JOIN slots AS s
  WHERE
    d.date_day BETWEEN @start_date AND @end_date
), online AS (
  /* a player is online at a mark inside one of their sessions, start <= mark < end; a player in
     two sessions at once is one player, counted under the alphabetically first of their
     countries, so a mark's country rows add up to its distinct players */
  SELECT
    m.mark_date,
    m.mark_ts,
    s.player_id,
    MIN(s.country) AS country
  FROM marks AS m
  JOIN sessions AS s
    ON s.session_start_ts <= m.mark_ts AND m.mark_ts < s.session_end_ts
  GROUP BY
    m.mark_date,
    m.mark_ts,
    s.player_id
)
SELECT
  CAST(mark_date AS DATE) AS mark_date, /* UTC day of the mark */
  CAST(mark_ts AS TIMESTAMP) AS mark_ts, /* the mark: a multiple of five minutes, naive UTC */
  CAST(country AS TEXT) AS country, /* country of the session the players are online in */
  CAST(COUNT(*) AS BIGINT) AS players /* distinct players online at mark_ts from that country; marks and countries without any have no row */
FROM online
GROUP BY
  mark_date,
  mark_ts,
  country
