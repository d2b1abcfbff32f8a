"""Days since launch and UTC epoch seconds: the simulation's only clock."""

from __future__ import annotations

import datetime as dt

from sprint.project import LAUNCH_DATE

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
