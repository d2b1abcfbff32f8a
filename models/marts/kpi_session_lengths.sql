/* One row per UTC day and session-length bucket: the distribution of the lengths of the player-sessions that ended that day. */
MODEL (
  name marts.kpi_session_lengths,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column end_date
  ),
  owner analytics,
  grain (end_date, bucket_from_minutes),
  audits (
    assert_contract(
      grain := (end_date, bucket_from_minutes),
      not_null := (end_date, bucket_from_minutes, bucket_label, sessions, share_of_sessions),
      checks := (
        sessions >= 1,
        share_of_sessions >= 0,
        share_of_sessions <= 1
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    kpi
  )
);

WITH buckets AS (
  /* [from, to) minutes; the last bucket is open-ended */
  SELECT
    bucket_from_minutes,
    bucket_to_minutes
  FROM (VALUES
    (0, 5),
    (5, 10),
    (10, 15),
    (15, 20),
    (20, 30),
    (30, 45),
    (45, 60),
    (60, 90),
    (90, 120),
    (120, NULL)) AS t(bucket_from_minutes, bucket_to_minutes)
), sessions AS (
  SELECT
    s.end_date,
    b.bucket_from_minutes,
    b.bucket_to_minutes,
    COUNT(*) AS sessions
  FROM core.fct_player_sessions AS s
  JOIN buckets AS b
    ON s.session_seconds >= b.bucket_from_minutes * 60
    AND (
      b.bucket_to_minutes IS NULL OR s.session_seconds < b.bucket_to_minutes * 60
    )
  WHERE
    s.end_date BETWEEN @start_date AND @end_date
  GROUP BY
    s.end_date,
    b.bucket_from_minutes,
    b.bucket_to_minutes
)
SELECT
  CAST(end_date AS DATE) AS end_date, /* UTC day the sessions ended */
  CAST(bucket_from_minutes AS INT) AS bucket_from_minutes, /* the bucket's lower bound, minutes (inclusive) */
  CAST(bucket_to_minutes AS INT) AS bucket_to_minutes, /* its upper bound, minutes (exclusive); NULL for the open last bucket */
  CAST(CASE
    WHEN bucket_to_minutes IS NULL
    THEN CAST(bucket_from_minutes AS TEXT) || '+ min'
    ELSE CAST(bucket_from_minutes AS TEXT) || '-' || CAST(bucket_to_minutes AS TEXT) || ' min'
  END AS TEXT) AS bucket_label, /* e.g. '10-15 min', for charts */
  CAST(sessions AS BIGINT) AS sessions, /* player-sessions that ended that day with a length in the bucket */
  CAST(sessions AS DOUBLE) / SUM(sessions) OVER (PARTITION BY end_date) AS share_of_sessions /* sessions / all the day's sessions */
FROM sessions
