/* One row per heartbeat that counts: each player's latest report of each 30-second tick (SPEC §2), duplicate deliveries and superseded reports left out. A view: heartbeats stay in the lake; core.fct_close_runs is the one model that reads them in bulk. */
MODEL (
  name staging.stg_heartbeats,
  kind VIEW,
  owner warehouse,
  grain (session_id, player_id, tick),
  tags (
    staging
  ),
  ignored_rules (
    nomissingaudits /* an audit of a view over the lake would read every heartbeat; staging.load_counts checks each day's tallies */
  )
);

SELECT
  @as_id(h.session_id) AS session_id, /* match id, as id_type */
  @as_id(h.player_id) AS player_id, /* reporting player, as id_type */
  @as_id(h.team_id) AS team_id, /* player's team within the session, as id_type */
  CAST(h.event_ts AS TIMESTAMP) AS event_ts, /* when the position was reported, naive UTC */
  CAST(h.tick AS BIGINT) AS tick, /* the 30-second tick: floor(unix seconds / 30) */
  CAST(h.position_x AS REAL) AS position_x, /* map x, units */
  CAST(h.position_y AS REAL) AS position_y, /* map y, units */
  CAST(h.position_z AS REAL) AS position_z, /* map z (height), units */
  CAST(h.event_date AS DATE) AS event_date /* UTC date of event_ts */
FROM staging.heartbeats_checked AS h
LEFT JOIN staging.superseded_heartbeats AS s
  ON s.source_file = h.source_file AND s.file_row_number = h.file_row_number AND s.event_date = h.event_date
WHERE
  h.quarantine_reason IS NULL AND s.source_file IS NULL
