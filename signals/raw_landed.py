"""@raw_day_landed: a raw day is ready once its `_SUCCESS` marker exists (SPEC §1).

Without this signal a day whose files have not landed yet would be processed as empty and
recorded as done for good. The raw views carry it, so every model downstream of a dataset
waits for that dataset's day; a model fed by several datasets waits for all of them.
"""

from __future__ import annotations

import datetime as dt
import os
import typing as t

from sqlmesh import signal
from sqlmesh.utils.date import DatetimeRanges


def _days(start: dt.datetime, end: dt.datetime) -> t.Iterator[dt.date]:
    day = start.date()
    while dt.datetime.combine(day, dt.time(), tzinfo=start.tzinfo) < end:
        yield day
        day += dt.timedelta(days=1)


@signal()
def raw_day_landed(batch: DatetimeRanges, root: str, dataset: str) -> t.Union[bool, DatetimeRanges]:
    """The intervals of `batch` whose every UTC day has <root>/<dataset>/event_date=<day>/_SUCCESS."""

    def landed(day: dt.date) -> bool:
        return os.path.exists(os.path.join(root, dataset, f"event_date={day.isoformat()}", "_SUCCESS"))

    return [(start, end) for start, end in batch if all(landed(day) for day in _days(start, end))]
