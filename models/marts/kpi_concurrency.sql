/* One row per five-minute mark of a UTC day and country: the players online at that instant from that country (the samples of PCU, docs/METRICS.md). */
MODEL (
  name marts.kpi_concurrency,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column mark_date,
    lookback 1 /* a day's marks count sessions that end the next day (across midnight): D is final once D + 1 has run */
  ),
  owner analytics,
  grain (mark_ts, country),
  audits (
    assert_contract(
      grain := (mark_ts, country),
      not_null := (mark_date, mark_ts, country, players),
      checks := (
        players >= 1
      )
    ),
    assert_five_minute_marks
  ),
  signals (
    raw_day_landed(root := @raw_root, datasets := ['session_ends'])
  ),
  tags (
    kpi
  )
);

/* concurrency is sampled every five minutes: mark m is the instant m * 300 s after the Unix epoch */
@DEF(mark_seconds, 300);

WITH sessions AS (
  /* a session overlapping day D ends on D or, across midnight, on D + 1 (sessions are shorter
     than a day). Its start and end in Unix seconds rounded up, so that for an instant t in
     whole seconds, start <= t < end exactly when start_s <= t < end_s. */
  SELECT
    player_id,
    country,
    @unix_seconds(session_start_ts) + CASE
      WHEN session_start_ts > DATE_TRUNC('SECOND', session_start_ts)
      THEN 1
      ELSE 0
    END AS start_s,
    @unix_seconds(session_end_ts) + CASE WHEN session_end_ts > DATE_TRUNC('SECOND', session_end_ts) THEN 1 ELSE 0 END AS end_s
  FROM core.fct_player_sessions
  WHERE
    end_date BETWEEN @start_date AND @end_date + INTERVAL '1' DAY
), spans AS (
  /* the marks inside a session, start <= mark < end: first_mark .. last_mark (none when last < first).
     overlaps: another session of the player starts before this one ends and ends after it
     starts (seen from its neighbours in start order); only such sessions can count a player
     twice at a mark. */
  SELECT
    player_id,
    country,
    CAST(CEIL(start_s / @mark_seconds) AS BIGINT) AS first_mark,
    CAST(CEIL(end_s / @mark_seconds) AS BIGINT) - 1 AS last_mark,
    COALESCE(
      MAX(end_s) OVER (PARTITION BY player_id ORDER BY start_s, end_s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) > start_s,
      FALSE
    )
    OR COALESCE(LEAD(start_s) OVER (PARTITION BY player_id ORDER BY start_s, end_s) < end_s, FALSE) AS overlaps
  FROM sessions
), steps AS (
  /* 0 .. 287: a session shorter than a day holds at most the 288 marks of a day */
  SELECT
    n AS step
  FROM @integers(1000) AS numbers
  WHERE
    n < 86400 / @mark_seconds
), marks AS (
  /* each session's marks on the interval's days, by a join on one condition with the small
     steps table (a join of sessions and marks on two ranges takes several times longer) */
  SELECT
    s.first_mark + t.step AS mark,
    s.player_id,
    s.country,
    s.overlaps
  FROM spans AS s
  JOIN steps AS t
    ON t.step <= s.last_mark - s.first_mark
  WHERE
    (
      s.first_mark + t.step
    ) * @mark_seconds >= @unix_seconds(CAST(@start_date AS TIMESTAMP))
    AND (
      s.first_mark + t.step
    ) * @mark_seconds < @unix_seconds(CAST(@end_date AS TIMESTAMP) + INTERVAL '1' DAY)
), online AS (
  /* a player at a mark once: in one session, as nearly all are, or in several at once, counted
     under the alphabetically first of their countries, so that a mark's country rows add up to
     its distinct players. Only the overlapping sessions' marks are grouped by player. */
  SELECT
    mark,
    country
  FROM marks
  WHERE
    NOT overlaps
  UNION ALL
  SELECT
    mark,
    MIN(country) AS country
  FROM marks
  WHERE
    overlaps
  GROUP BY
    mark,
    player_id
), counted AS (
  SELECT
    CAST('1970-01-01' AS TIMESTAMP) + mark * @mark_seconds * INTERVAL '1' SECOND AS mark_ts,
    country,
    COUNT(*) AS players
  FROM online
  GROUP BY
    mark,
    country
)
SELECT
  CAST(mark_ts AS DATE) AS mark_date, /* UTC day of the mark */
  CAST(mark_ts AS TIMESTAMP) AS mark_ts, /* the mark: 00:00, 00:05, ... 23:55, naive UTC */
  CAST(country AS TEXT) AS country, /* country of the session the players are online in */
  CAST(players AS BIGINT) AS players /* distinct players online at mark_ts from that country; marks and countries without any have no row */
FROM counted
