/* One row per heartbeat report (session_id, player_id, event_ts): the valid rows of raw.heartbeats, duplicate deliveries counted once. A view: heartbeats stay in the lake, and only core.fct_close_runs reads them in bulk. */
MODEL (
  name staging.stg_heartbeats,
  kind VIEW,
  owner warehouse,
  grain (session_id, player_id, event_ts),
  tags (
    staging
  ),
  ignored_rules (
    nomissingaudits /* an audit of a view over the lake would read every heartbeat; staging.load_counts checks the day's tallies */
  )
);

WITH deliveries AS (
  SELECT
    session_id,
    player_id,
    team_id,
    event_ts,
    position_x,
    position_y,
    position_z,
    event_date,
    ROW_NUMBER() OVER (
      PARTITION BY event_date, session_id, player_id, event_ts
      ORDER BY source_file DESC, file_row_number DESC
    ) AS delivery_rank,
    COUNT(*) OVER (PARTITION BY event_date, session_id, player_id, event_ts) AS delivery_count
  FROM staging.heartbeats_checked
  WHERE
    quarantine_reason IS NULL
)
SELECT
  CAST(session_id AS TEXT) AS session_id, /* match id, as text */
  CAST(player_id AS TEXT) AS player_id, /* reporting player, as text */
  CAST(team_id AS TEXT) AS team_id, /* player's team within the session, as text */
  CAST(event_ts AS TIMESTAMP) AS event_ts, /* when the position was reported, naive UTC */
  CAST(position_x AS REAL) AS position_x, /* map x, units */
  CAST(position_y AS REAL) AS position_y, /* map y, units */
  CAST(position_z AS REAL) AS position_z, /* map z (height), units */
  CAST(delivery_count - 1 AS INT) AS duplicates, /* further deliveries of the same report, dropped (the last file, then row, wins) */
  CAST(event_date AS DATE) AS event_date /* UTC date of event_ts */
FROM deliveries
WHERE
  delivery_rank = 1
