/* The close encounters of two teams more than G from both midnights (SPEC §2): the part of core.fct_team_encounters final once its day's runs are. */
MODEL (
  name core.fct_team_encounters_within_day,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column encounter_date,
    batch_size 1 /* one day per query: memory bounded by a day of close runs, however many days a run covers */
  ),
  owner warehouse,
  grain (session_id, team_a, team_b, first_tick),
  audits (
    assert_contract(
      grain := (session_id, team_a, team_b, first_tick),
      not_null := (session_id, team_a, team_b, first_tick, last_tick, close_ticks, encounter_date),
      checks := (
        team_a < team_b,
        last_tick >= first_tick,
        @tick_seconds(last_tick - first_tick + 1) <= 86400, /* a day at most */
        close_ticks BETWEEN 1 AND last_tick - first_tick + 1
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
  team_a, /* the pair's lower team id */
  team_b, /* the pair's higher team id */
  CAST(first_tick AS BIGINT) AS first_tick, /* the encounter's first close tick: floor(unix seconds / 30) */
  CAST(last_tick AS BIGINT) AS last_tick, /* its last close tick */
  CAST(close_ticks AS INT) AS close_ticks, /* ticks in which the teams were close */
  CAST(encounter_date AS DATE) AS encounter_date /* UTC date of first_tick */
FROM @close_encounters(core.fct_close_runs, @encounter_gap_s, 'team', 'within_day', @start_date, @end_date)
/* stored in the order of a session's encounters: DuckDB compresses a session's ids and ticks
   together (docs/SIZING.md) */
ORDER BY
  session_id,
  first_tick,
  team_a,
  team_b
