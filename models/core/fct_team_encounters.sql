/* One row per close encounter of two teams in one session (SPEC §2: a team pair is close when any two of their players are). */
MODEL (
  name core.fct_team_encounters,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column encounter_date,
    lookback 1, /* an encounter starting on D may go on after midnight: D is final once D + 1 has run */
    batch_size 1 /* one day per query: memory bounded by a day of close runs, however many days a run covers */
  ),
  owner warehouse,
  grain (session_id, team_a, team_b, encounter_start_ts),
  audits (
    assert_contract(
      grain := (session_id, team_a, team_b, encounter_start_ts),
      not_null := (session_id, team_a, team_b, encounter_start_ts, encounter_end_ts, encounter_date),
      checks := (
        team_a < team_b,
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
  team_a, /* the pair's lower team id (by text, or by number with id_type bigint) */
  team_b, /* the pair's higher team id */
  CAST(encounter_start_ts AS TIMESTAMP) AS encounter_start_ts, /* start of the first tick any two of their players were close, naive UTC */
  CAST(encounter_end_ts AS TIMESTAMP) AS encounter_end_ts, /* 30 s after the start of the last such tick, naive UTC */
  CAST(encounter_date AS DATE) AS encounter_date, /* UTC date of encounter_start_ts */
  CAST(close_ticks AS INT) AS close_ticks, /* 30-second ticks in which the teams were close */
  CAST(encounter_seconds AS BIGINT) AS encounter_seconds /* encounter_end_ts - encounter_start_ts, seconds */
FROM @close_encounters(
  core.fct_close_runs,
  @encounter_gap_s,
  'team',
  @start_date,
  @end_date
)
/* stored in the order of a session's encounters: DuckDB compresses a session's ids and times
   together (docs/SIZING.md) */
ORDER BY
  session_id,
  encounter_start_ts,
  team_a,
  team_b
