"""Days since launch and UTC epoch seconds: the simulation's only clock."""

from __future__ import annotations

import datetime as dt

# The fictional game's launch day: the generator's default start, and config.yaml's model start
# (a test checks the two agree).
LAUNCH_DATE = dt.date(2026, 9, 7)
DAY_S = 86_400
LAUNCH_EPOCH_S = int(dt.datetime.combine(LAUNCH_DATE, dt.time(), dt.timezone.utc).timestamp())


def day_index(date: dt.date) -> int:
    """Days since launch (0 on launch day)."""
    return (date - LAUNCH_DATE).days


def date_of(day: int) -> dt.date:
    return LAUNCH_DATE + dt.timedelta(days=day)


def day_start_s(day: int) -> int:
    """UTC epoch seconds at 00:00 of `day`."""
    return LAUNCH_EPOCH_S + day * DAY_S


def weekday(day: int) -> int:
    """0 = Monday ... 6 = Sunday."""
    return date_of(day).weekday()
