/* One row per close encounter of two players of different teams in one session (SPEC §2), on the UTC day it starts. */
MODEL (
  name core.fct_encounters,
  kind VIEW,
  /* no audit of its own, which would read every day on every run: its two parts are audited
     per day where they are stored, core.fct_close_runs and core.fct_encounters_near_midnight */
  ignored_rules (nomissingaudits),
  owner warehouse,
  grain (session_id, player_a, player_b, encounter_start_ts),
  tags (core, encounters)
);

WITH encounters AS (
  /* within the day: the runs that open an encounter more than G from both midnights, final
     once their day's runs are (no copy stored) */
  SELECT
    *
  FROM @close_encounters(core.fct_close_runs, @encounter_gap_s, 'player', 'within_day')
  UNION ALL
  /* near midnight: stored, and redone with the next day */
  SELECT
    session_id,
    player_a,
    player_b,
    team_a,
    team_b,
    first_tick,
    last_tick,
    close_ticks,
    position_x,
    position_y,
    encounter_date
  FROM core.fct_encounters_near_midnight
)
SELECT
  session_id, /* match id */
  player_a, /* the pair's lower player id (by text, or by number with id_type bigint) */
  player_b, /* the pair's higher player id */
  team_a, /* player_a's team */
  team_b, /* player_b's team (never team_a) */
  CAST(@tick_start(first_tick) AS TIMESTAMP) AS encounter_start_ts, /* start of the first close tick, naive UTC */
  CAST(@tick_start(last_tick + 1) AS TIMESTAMP) AS encounter_end_ts, /* 30 s after the start of the last close tick, naive UTC */
  CAST(encounter_date AS DATE) AS encounter_date, /* UTC date of encounter_start_ts */
  CAST(close_ticks AS INT) AS close_ticks, /* 30-second ticks in which the pair was close */
  CAST(@tick_seconds(last_tick - first_tick + 1) AS BIGINT) AS encounter_seconds, /* encounter_end_ts - encounter_start_ts, seconds */
  CAST(position_x AS REAL) AS position_x, /* x of the pair's midpoint at the first close tick, to the unit */
  CAST(position_y AS REAL) AS position_y /* y of the pair's midpoint at the first close tick, to the unit */
FROM encounters
