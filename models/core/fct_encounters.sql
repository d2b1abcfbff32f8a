/* One row per close encounter of two players of different teams in one session (SPEC §2), on the UTC day it starts. */
MODEL (
  name core.fct_encounters,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column encounter_date,
    lookback 1, /* an encounter starting on D may go on after midnight: D is final once D + 1 has run */
    batch_size 1 /* one day per query: memory bounded by a day of close runs, however many days a run covers */
  ),
  owner warehouse,
  grain (session_id, player_a, player_b, encounter_start_ts),
  audits (
    assert_contract(
      grain := (session_id, player_a, player_b, encounter_start_ts),
      not_null := (session_id, player_a, player_b, team_a, team_b, encounter_start_ts, encounter_end_ts, encounter_date),
      checks := (
        player_a < player_b,
        encounter_end_ts > encounter_start_ts,
        encounter_end_ts <= encounter_start_ts + INTERVAL '1' DAY,
        close_ticks >= 1
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['heartbeats'])
  ),
  tags (core, encounters)
);

SELECT
  session_id, /* match id */
  player_a, /* the pair's lower player id (by text, or by number with id_type bigint) */
  player_b, /* the pair's higher player id */
  team_a, /* player_a's team */
  team_b, /* player_b's team (never team_a) */
  CAST(encounter_start_ts AS TIMESTAMP) AS encounter_start_ts, /* start of the first close tick, naive UTC */
  CAST(encounter_end_ts AS TIMESTAMP) AS encounter_end_ts, /* 30 s after the start of the last close tick, naive UTC */
  CAST(encounter_date AS DATE) AS encounter_date, /* UTC date of encounter_start_ts */
  CAST(close_ticks AS INT) AS close_ticks, /* 30-second ticks in which the pair was close */
  CAST(encounter_seconds AS BIGINT) AS encounter_seconds, /* encounter_end_ts - encounter_start_ts, seconds */
  CAST(position_x AS REAL) AS position_x, /* x of the pair's midpoint at the first close tick, to the unit */
  CAST(position_y AS REAL) AS position_y /* y of the pair's midpoint at the first close tick, to the unit */
FROM @close_encounters(
  core.fct_close_runs,
  @encounter_gap_s,
  'player',
  @start_date,
  @end_date
)
/* stored in the order of a session's encounters: DuckDB compresses a session's ids and times
   together (docs/SIZING.md) */
ORDER BY
  session_id,
  encounter_start_ts,
  player_a,
  player_b
