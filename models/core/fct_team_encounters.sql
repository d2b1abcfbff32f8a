/* One row per close encounter of two teams in one session (SPEC §2: a team pair is close when any two of their players are). */
MODEL (
  name core.fct_team_encounters,
  kind VIEW,
  /* no audit of its own, which would read every day on every run: its two parts are audited
     per day where they are stored, core.fct_team_encounters_within_day and _near_midnight */
  ignored_rules (nomissingaudits),
  owner warehouse,
  grain (session_id, team_a, team_b, encounter_start_ts),
  tags (core, encounters)
);

WITH encounters AS (
  SELECT
    session_id,
    team_a,
    team_b,
    first_tick,
    last_tick,
    close_ticks,
    encounter_date
  FROM core.fct_team_encounters_within_day
  UNION ALL
  SELECT
    session_id,
    team_a,
    team_b,
    first_tick,
    last_tick,
    close_ticks,
    encounter_date
  FROM core.fct_team_encounters_near_midnight
)
SELECT
  session_id, /* match id */
  team_a, /* the pair's lower team id (by text, or by number with id_type bigint) */
  team_b, /* the pair's higher team id */
  CAST(@tick_start(first_tick) AS TIMESTAMP) AS encounter_start_ts, /* start of the first tick any two of their players were close, naive UTC */
  CAST(@tick_start(last_tick + 1) AS TIMESTAMP) AS encounter_end_ts, /* 30 s after the start of the last such tick, naive UTC */
  CAST(encounter_date AS DATE) AS encounter_date, /* UTC date of encounter_start_ts */
  CAST(close_ticks AS INT) AS close_ticks, /* 30-second ticks in which the teams were close */
  CAST(@tick_seconds(last_tick - first_tick + 1) AS BIGINT) AS encounter_seconds /* encounter_end_ts - encounter_start_ts, seconds */
FROM encounters
