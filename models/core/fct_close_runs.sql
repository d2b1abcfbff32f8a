/* One row per run of consecutive ticks at which two players of different teams in one session were within R of each other (SPEC §2's proximity rule), within one UTC day. */
MODEL (
  name core.fct_close_runs,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column run_date,
    batch_size 1 /* one day per query: the self-join's memory is bounded by a day of heartbeats */
  ),
  owner warehouse,
  grain (session_id, player_a, player_b, first_tick),
  audits (
    assert_contract(
      grain := (session_id, player_a, player_b, first_tick),
      not_null := (session_id, player_a, player_b, team_a, team_b, first_tick, last_tick, run_date),
      checks := (
        player_a < player_b,
        first_tick <= last_tick,
        team_a <> team_b,
        encounter_last_tick >= last_tick,
        encounter_close_ticks BETWEEN last_tick - first_tick + 1 AND encounter_last_tick - first_tick + 1,
        (encounter_last_tick IS NULL) = (encounter_close_ticks IS NULL)
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['heartbeats'])
  ),
  tags (core, encounters)
);

SELECT
  @as_id(session_id) AS session_id, /* match id */
  @as_id(player_a) AS player_a, /* the pair's lower player id (by text, or by number with id_type bigint) */
  @as_id(player_b) AS player_b, /* the pair's higher player id */
  @as_id(team_a) AS team_a, /* player_a's team */
  @as_id(team_b) AS team_b, /* player_b's team (never team_a) */
  CAST(first_tick AS BIGINT) AS first_tick, /* first close tick of the run: floor(unix seconds / 30) */
  CAST(last_tick AS BIGINT) AS last_tick, /* last close tick; every tick from first_tick to last_tick was close */
  CAST(ROUND(mid_x) AS REAL) AS mid_x, /* x of the pair's midpoint at first_tick, to the unit (R is 50 units): a whole number takes half the bytes */
  CAST(ROUND(mid_y) AS REAL) AS mid_y, /* y of the pair's midpoint at first_tick, to the unit */
  CAST(encounter_last_tick AS BIGINT) AS encounter_last_tick, /* on a run that opens an encounter within the day (none of the pair's close ticks that day is at most the gap before it): that encounter's last close tick that day; NULL on a run that continues one */
  CAST(encounter_close_ticks AS INT) AS encounter_close_ticks, /* the close ticks of that encounter that day; NULL with encounter_last_tick */
  CAST(run_date AS DATE) AS run_date /* UTC date of the run's ticks */
FROM @close_runs(
  staging.heartbeats_checked,
  staging.superseded_heartbeats,
  @encounter_radius,
  @encounter_gap_s,
  @start_date,
  @end_date
)
