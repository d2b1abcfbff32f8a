"""@raw_day_landed: a day is ready once its raw datasets have landed (SPEC §1 `_SUCCESS`).

Without this signal a day whose files have not landed yet would be processed as empty and
recorded as done for good. SQLMesh holds a child back only for parent intervals that are
unready in the same run, so a model added or changed by a plan would still fill days its
parents never had: every model that reads raw days carries the signal, naming the datasets
it is built from, and waits until all of them have landed for each day of an interval.
"""

from __future__ import annotations

import datetime as dt
import os
import typing as t

from sqlmesh import signal
from sqlmesh.utils.date import DatetimeRanges


def landed_days(root: str, dataset: str) -> set[dt.date]:
    """The days of `dataset` under `root` that hold a `_SUCCESS` marker."""
    folder = os.path.join(root, dataset)
    if not os.path.isdir(folder):
        return set()
    return {
        dt.date.fromisoformat(name.removeprefix("event_date="))
        for name in os.listdir(folder)
        if name.startswith("event_date=") and os.path.exists(os.path.join(folder, name, "_SUCCESS"))
    }


@signal()
def raw_day_landed(batch: DatetimeRanges, root: str, datasets: t.List[str]) -> DatetimeRanges:
    """The intervals of `batch` whose every UTC day has landed in every one of `datasets`."""
    ready = set.intersection(*(landed_days(root, dataset) for dataset in datasets))

    def days(start: dt.datetime, end: dt.datetime) -> t.Iterator[dt.date]:
        day = start.date()
        while dt.datetime.combine(day, dt.time(), tzinfo=start.tzinfo) < end:
            yield day
            day += dt.timedelta(days=1)

    return [(start, end) for start, end in batch if all(day in ready for day in days(start, end))]
