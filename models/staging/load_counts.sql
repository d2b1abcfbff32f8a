/* One row per raw dataset and delivered day: where every raw row went (staged, duplicate, quarantined). */
MODEL (
  name staging.load_counts,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column event_date
  ),
  owner warehouse,
  grain (dataset, event_date),
  audits (
    assert_contract(
      grain := (dataset, event_date),
      checks := (
        raw_rows = staged_rows + duplicate_rows + quarantined_rows
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends', 'purchases', 'heartbeats'])
  ),
  tags (
    staging
  )
);

SELECT
  CAST(dataset AS TEXT) AS dataset, /* raw dataset: session_ends, purchases or heartbeats */
  CAST(event_date AS DATE) AS event_date, /* delivered partition day */
  CAST(SUM(raw_rows) AS BIGINT) AS raw_rows, /* rows in the day's raw files */
  CAST(SUM(staged_rows) AS BIGINT) AS staged_rows, /* rows that count: one per natural key (heartbeats: per player and tick) */
  CAST(SUM(duplicate_rows) AS BIGINT) AS duplicate_rows, /* rows that do not: repeated deliveries (heartbeats: and earlier reports of a tick) */
  CAST(SUM(quarantined_rows) AS BIGINT) AS quarantined_rows /* rows that break the contract */
FROM @load_tallies(@start_date, @end_date) AS counts
GROUP BY
  dataset,
  event_date
