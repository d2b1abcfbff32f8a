/* One row per session and UTC day with close encounters: player-pair encounters starting that day (SPEC §3.6). */
MODEL (
  name marts.q6_session_day_encounters,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column encounter_date,
    lookback 1 /* as core.fct_encounters, whose near-midnight part recomputes the day before the newest */
  ),
  owner analytics,
  grain (session_id, encounter_date),
  audits (
    assert_contract(
      grain := (session_id, encounter_date),
      not_null := (session_id, encounter_date, month_start, encounters, encounter_seconds),
      checks := (
        encounters >= 1,
        encounter_seconds >= 30
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['heartbeats'])
  ),
  tags (
    answers
  )
);

SELECT
  @as_id(e.session_id) AS session_id, /* match id */
  CAST(e.encounter_date AS DATE) AS encounter_date, /* UTC day the encounters started */
  CAST(d.month_start AS DATE) AS month_start, /* first day of encounter_date's month */
  CAST(COUNT(e.player_a) AS BIGINT) AS encounters, /* player-pair encounters starting that day */
  CAST(SUM(e.encounter_seconds) AS DOUBLE) AS encounter_seconds /* their lengths, summed */
FROM core.fct_encounters AS e
JOIN core.dim_date AS d
  ON d.date_day = e.encounter_date
WHERE
  e.encounter_date BETWEEN @start_date AND @end_date
GROUP BY
  e.session_id,
  e.encounter_date,
  d.month_start
