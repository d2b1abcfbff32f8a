/* One row per raw dataset and delivered day: where every raw row went (staged, duplicate, quarantined). */
MODEL (
  name staging.load_counts,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column event_date
  ),
  owner warehouse,
  grain (dataset, event_date),
  audits (
    assert_raw_rows_conserved,
    unique_combination_of_columns(columns := (dataset, event_date))
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends', 'purchases', 'heartbeats'])
  ),
  tags (
    staging
  )
);

WITH counts AS (
  SELECT
    'session_ends' AS dataset,
    event_date,
    COUNT(*) AS raw_rows,
    0 AS staged_rows,
    0 AS duplicate_rows,
    0 AS quarantined_rows
  FROM raw.session_ends
  WHERE
    event_date BETWEEN @start_date AND @end_date
  GROUP BY
    event_date
  UNION ALL
  SELECT
    'session_ends',
    event_date,
    0,
    COUNT(*),
    SUM(duplicates),
    0
  FROM staging.stg_session_ends
  WHERE
    event_date BETWEEN @start_date AND @end_date
  GROUP BY
    event_date
  UNION ALL
  SELECT
    'session_ends',
    event_date,
    0,
    0,
    0,
    COUNT(*)
  FROM staging.quarantine_session_ends
  WHERE
    event_date BETWEEN @start_date AND @end_date
  GROUP BY
    event_date
  UNION ALL
  SELECT
    'purchases',
    event_date,
    COUNT(*),
    0,
    0,
    0
  FROM raw.purchases
  WHERE
    event_date BETWEEN @start_date AND @end_date
  GROUP BY
    event_date
  UNION ALL
  SELECT
    'purchases',
    event_date,
    0,
    COUNT(*),
    SUM(duplicates),
    0
  FROM staging.stg_purchases
  WHERE
    event_date BETWEEN @start_date AND @end_date
  GROUP BY
    event_date
  UNION ALL
  SELECT
    'purchases',
    event_date,
    0,
    0,
    0,
    COUNT(*)
  FROM staging.quarantine_purchases
  WHERE
    event_date BETWEEN @start_date AND @end_date
  GROUP BY
    event_date
  UNION ALL
  SELECT
    'heartbeats',
    event_date,
    COUNT(*),
    0,
    0,
    0
  FROM raw.heartbeats
  WHERE
    event_date BETWEEN @start_date AND @end_date
  GROUP BY
    event_date
  UNION ALL
  SELECT
    'heartbeats',
    event_date,
    0,
    COUNT(*),
    SUM(duplicates),
    0
  FROM staging.stg_heartbeats
  WHERE
    event_date BETWEEN @start_date AND @end_date
  GROUP BY
    event_date
  UNION ALL
  SELECT
    'heartbeats',
    event_date,
    0,
    0,
    0,
    COUNT(*)
  FROM staging.quarantine_heartbeats
  WHERE
    event_date BETWEEN @start_date AND @end_date
  GROUP BY
    event_date
)
SELECT
  CAST(dataset AS TEXT) AS dataset, /* raw dataset: session_ends, purchases or heartbeats */
  CAST(event_date AS DATE) AS event_date, /* delivered partition day */
  CAST(SUM(raw_rows) AS BIGINT) AS raw_rows, /* rows in the day's raw files */
  CAST(SUM(staged_rows) AS BIGINT) AS staged_rows, /* rows kept in staging (one per natural key) */
  CAST(SUM(duplicate_rows) AS BIGINT) AS duplicate_rows, /* repeated deliveries of a staged key */
  CAST(SUM(quarantined_rows) AS BIGINT) AS quarantined_rows /* rows that break the contract */
FROM counts
GROUP BY
  dataset,
  event_date
