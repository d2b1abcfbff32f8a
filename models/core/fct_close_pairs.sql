/* One row per tick at which two players of different teams in one session were within R of each other (SPEC §2's proximity rule). */
MODEL (
  name core.fct_close_pairs,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column tick_date,
    batch_size 1 /* one day per query: the self-join's memory is bounded by a day of heartbeats */
  ),
  owner warehouse,
  grain (session_id, tick, player_a, player_b),
  audits (
    unique_combination_of_columns(columns := (session_id, tick, player_a, player_b)),
    not_null(columns := (session_id, tick, player_a, player_b, team_a, team_b, tick_date)),
    assert_pair_ordered(first := player_a, second := player_b)
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['heartbeats'])
  ),
  tags (core, encounters)
);

SELECT
  session_id, /* match id, raw type */
  CAST(tick AS BIGINT) AS tick, /* 30-second tick: floor(unix seconds / 30) */
  player_a, /* the pair's lower player id */
  player_b, /* the pair's higher player id */
  team_a, /* player_a's team */
  team_b, /* player_b's team (never team_a) */
  CAST(mid_x AS DOUBLE) AS mid_x, /* x of the pair's midpoint at the tick's latest heartbeats */
  CAST(mid_y AS DOUBLE) AS mid_y, /* y of the pair's midpoint */
  CAST(tick_date AS DATE) AS tick_date /* UTC date of the tick */
FROM @close_pairs(staging.stg_heartbeats, @encounter_radius, @start_date, @end_date)
