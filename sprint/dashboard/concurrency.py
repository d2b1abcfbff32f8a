"""The Online page's numbers: players online at every five-minute mark for the chosen countries,
each day's peak, and the average by weekday and hour.

They read marts.kpi_concurrency, whose rows of a mark add up to its distinct players online
(a player in sessions from two countries at once counts under one of them), so a sum over
any set of countries counts nobody twice. Marks without players have no row there; here
they count 0, on every day marts.kpi_concurrency_daily holds. Over every country the peaks
are that mart's (and `sprint answer pcu`'s); tests/test_concurrency_dashboard.py checks it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sprint.dashboard import data

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]  # ISO order: week_start is a Monday
IN_COUNTRIES = "($countries IS NULL OR list_contains($countries, country))"

SAMPLES = f"""
WITH marks AS (
  SELECT date_day AS mark_date, UNNEST(generate_series(CAST(date_day AS TIMESTAMP),
    CAST(date_day AS TIMESTAMP) + INTERVAL 1 DAY - INTERVAL 5 MINUTE, INTERVAL 5 MINUTE)) AS mark_ts
  FROM marts.kpi_concurrency_daily
  WHERE date_day BETWEEN $start AND $end
), online AS (
  SELECT mark_ts, CAST(SUM(players) AS BIGINT) AS players
  FROM marts.kpi_concurrency
  WHERE mark_date BETWEEN $start AND $end AND {IN_COUNTRIES}
  GROUP BY mark_ts
)
SELECT m.mark_date, m.mark_ts, COALESCE(o.players, 0) AS players
FROM marks AS m
LEFT JOIN online AS o ON o.mark_ts = m.mark_ts
ORDER BY m.mark_ts
"""

# An hour holds 12 marks; a (weekday, hour) cell averages them over the range's days of that weekday.
WEEKLY_PATTERN = f"""
WITH days AS (
  SELECT d.date_day, DATE_DIFF('day', d.week_start, d.date_day) AS weekday
  FROM marts.kpi_concurrency_daily AS c
  JOIN core.dim_date AS d ON d.date_day = c.date_day
  WHERE c.date_day BETWEEN $start AND $end
), online AS (
  SELECT mark_date, HOUR(mark_ts) AS hour, SUM(players) AS players
  FROM marts.kpi_concurrency
  WHERE mark_date BETWEEN $start AND $end AND {IN_COUNTRIES}
  GROUP BY ALL
)
SELECT d.weekday, h.hour, SUM(COALESCE(o.players, 0)) / (12 * COUNT(*)) AS avg_ccu, COUNT(*) AS days
FROM days AS d
CROSS JOIN range(24) AS h(hour)
LEFT JOIN online AS o ON o.mark_date = d.date_day AND o.hour = h.hour
GROUP BY ALL
ORDER BY ALL
"""


def samples(start: dt.date, end: dt.date, countries: list[str] | None) -> pd.DataFrame:
    """Players online from `countries` (None: all) at every mark of the days: mark_date, mark_ts, players."""
    return data.read(SAMPLES, start=start, end=end, countries=countries)


def daily_peaks(samples: pd.DataFrame) -> pd.DataFrame:
    """Per day of `samples`: the peak (pcu) at the earliest mark reaching it (pcu_at), and the mean (avg_ccu)."""
    first_highest = samples.sort_values(["mark_date", "players", "mark_ts"], ascending=[True, False, True])
    peaks = first_highest.drop_duplicates("mark_date").rename(columns={"players": "pcu", "mark_ts": "pcu_at"})
    average = samples.groupby("mark_date", as_index=False)["players"].mean().rename(columns={"players": "avg_ccu"})
    return peaks.merge(average, on="mark_date").reset_index(drop=True)


def weekly_pattern(start: dt.date, end: dt.date, countries: list[str] | None) -> pd.DataFrame:
    """Average players online by ISO weekday (0 = Monday) and UTC hour over the days: weekday, hour, avg_ccu, days."""
    pattern = data.read(WEEKLY_PATTERN, start=start, end=end, countries=countries)
    pattern["weekday_name"] = pattern["weekday"].map(WEEKDAYS.__getitem__)
    return pattern
