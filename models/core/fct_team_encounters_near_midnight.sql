/* The close encounters of two teams within G of a midnight (SPEC §2): the part of core.fct_team_encounters the next day can change. */
MODEL (
  name core.fct_team_encounters_near_midnight,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column encounter_date,
    lookback 1, /* an encounter starting on D may go on after midnight: D is final once D + 1 has run */
    batch_size 31 /* a month of days per query: each reads only its days' edges, so memory stays small */
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
  CAST(last_tick AS BIGINT) AS last_tick, /* its last close tick, on the next day if it goes on past midnight */
  CAST(close_ticks AS INT) AS close_ticks, /* ticks in which the teams were close */
  CAST(encounter_date AS DATE) AS encounter_date /* UTC date of first_tick */
FROM @close_encounters(core.fct_close_runs, @encounter_gap_s, 'team', 'near_midnight', @start_date, @end_date)
