/* One row per valid raw heartbeat that does not count: an earlier report of the same player in the same tick (the latest counts, SPEC §2), or a repeated delivery of a report (the file whose name sorts last, then its last row, counts). */
MODEL (
  name staging.superseded_heartbeats,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column event_date
  ),
  owner warehouse,
  grain (source_file, file_row_number),
  audits (
    assert_contract(
      grain := (source_file, file_row_number),
      not_null := (source_file, file_row_number, event_date, reason),
      checks := (
        reason IN ('repeated_delivery', 'earlier_report_in_tick')
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['heartbeats'])
  ),
  tags (
    staging
  )
);

WITH blocks_with_repeats AS (
  /* nearly every player reports once a tick, so rank only where a tick repeats. A group per
     (session, player, tick) would be one per heartbeat; a block of 63 ticks (31.5 minutes) is
     one group per player per half hour of play. A block repeats a tick exactly when it has
     more rows than distinct ticks, the bits set in a 63-bit mask (1 << 63 overflows BIGINT).
     Blocks are keyed by a hash of (session, player), cheaper to group than the ids (text for
     string ids). Two players sharing a hash share a block: that can mark a block in which
     neither repeats (their rows are then ranked for nothing), never hide a repeat. The
     ranking is by the ids themselves, so the result is exact.
     The day's valid heartbeats are scanned twice, here and in ranked: a CTE read twice would
     be materialised at a day's full size, which took longer than the second scan. */
  SELECT
    HASH(session_id, player_id) AS player_key,
    tick // 63 AS tick_block
  FROM staging.heartbeats_checked
  WHERE
    event_date BETWEEN @start_date AND @end_date AND quarantine_reason IS NULL
  GROUP BY
    HASH(session_id, player_id),
    tick // 63
  HAVING
    BIT_COUNT(BIT_OR(CAST(1 AS BIGINT) << CAST(tick % 63 AS INT))) < COUNT(*)
), ranked AS (
  SELECT
    v.session_id,
    v.player_id,
    v.event_ts,
    v.tick,
    v.event_date,
    v.source_file,
    v.file_row_number,
    ROW_NUMBER() OVER (
      PARTITION BY v.session_id, v.player_id, v.tick
      ORDER BY v.event_ts DESC, v.source_file DESC, v.file_row_number DESC
    ) AS tick_rank,
    ROW_NUMBER() OVER (
      PARTITION BY v.session_id, v.player_id, v.event_ts
      ORDER BY v.source_file DESC, v.file_row_number DESC
    ) AS delivery_rank
  FROM staging.heartbeats_checked AS v
  JOIN blocks_with_repeats AS b
    ON b.player_key = HASH(v.session_id, v.player_id) AND b.tick_block = v.tick // 63
  WHERE
    v.event_date BETWEEN @start_date AND @end_date AND v.quarantine_reason IS NULL
)
SELECT
  CAST(source_file AS TEXT) AS source_file, /* Parquet file the row is in */
  CAST(file_row_number AS BIGINT) AS file_row_number, /* row position inside source_file */
  CAST(event_date AS DATE) AS event_date, /* partition day the row was delivered in */
  @as_id(session_id) AS session_id, /* match id */
  @as_id(player_id) AS player_id, /* reporting player */
  CAST(tick AS BIGINT) AS tick, /* the 30-second tick of its event_ts */
  CAST(CASE WHEN delivery_rank > 1 THEN 'repeated_delivery' ELSE 'earlier_report_in_tick' END AS TEXT) AS reason /* why it does not count */
FROM ranked
WHERE
  tick_rank > 1
