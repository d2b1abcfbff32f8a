/* One row per raw row that breaks the contract, in any dataset: where it is and the first rule it breaks. The row itself stays in its raw file, which the warehouse never changes. */
MODEL (
  name staging.quarantine,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column event_date
  ),
  owner warehouse,
  grain (source_file, file_row_number),
  audits (
    assert_contract(
      grain := (source_file, file_row_number),
      not_null := (dataset, event_date, source_file, file_row_number, quarantine_reason)
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends', 'purchases', 'heartbeats'])
  ),
  tags (staging, quarantine)
);

SELECT
  CAST(dataset AS TEXT) AS dataset, /* raw dataset the row belongs to */
  CAST(event_date AS DATE) AS event_date, /* partition day the row was delivered in */
  CAST(source_file AS TEXT) AS source_file, /* Parquet file the row is in: SELECT * FROM raw.<dataset> WHERE source_file = ... */
  CAST(file_row_number AS BIGINT) AS file_row_number, /* row position inside source_file */
  CAST(quarantine_reason AS TEXT) AS quarantine_reason /* first contract rule the row breaks */
FROM @quarantined_rows(@start_date, @end_date) AS breakers
