/* One row per UTC day and gap: the active players whose previous play day was that many days earlier (a player's first play day has no gap). marts.kpi_churn_daily counts a day's players who come back within 14 days from it. */
MODEL (
  name marts.kpi_return_gaps,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column date_day,
    lookback 1 /* as core.fct_player_day, which recomputes the day before the newest */
  ),
  owner analytics,
  grain (date_day, gap_days),
  audits (
    assert_contract(
      grain := (date_day, gap_days),
      not_null := (date_day, gap_days, returning_players),
      checks := (
        gap_days >= 1,
        returning_players >= 1
      )
    )
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'], in_order := TRUE)
  ),
  tags (
    kpi
  )
);

SELECT
  CAST(play_date AS DATE) AS date_day, /* UTC day the players came back */
  CAST(DATE_DIFF('DAY', previous_play_date, play_date) AS INT) AS gap_days, /* days since their previous play day (1: they also played the day before) */
  CAST(COUNT(*) AS BIGINT) AS returning_players /* active players that day with that gap */
FROM core.fct_player_lifetime
WHERE
  play_date BETWEEN @start_date AND @end_date
  AND played
  AND NOT previous_play_date IS NULL
GROUP BY
  play_date,
  DATE_DIFF('DAY', previous_play_date, play_date)
