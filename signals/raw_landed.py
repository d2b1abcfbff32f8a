"""@raw_day_landed: a day is ready once its raw datasets have landed (SPEC §1 `_SUCCESS`).

Without this signal a day whose files have not landed yet would be processed as empty and
recorded as done for good. SQLMesh holds a child back only for parent intervals that are
unready in the same run, so a model added or changed by a plan would still fill days its
parents never had: every model that reads raw days carries the signal, naming the datasets
it is built from, and waits until all of them have landed for each day of an interval.

A landed day whose files the warehouse cannot read (sprint/landing.py: truncated, a
missing column, a wrong type) waits too, with one line on stderr naming the file, instead
of failing the batch of every day read with it (docs/RELIABILITY.md).
"""

from __future__ import annotations

import datetime as dt
import typing as t

from sqlmesh import signal
from sqlmesh.utils.date import DatetimeRanges


@signal()
def raw_day_landed(batch: DatetimeRanges, root: str, datasets: t.List[str]) -> DatetimeRanges:
    """The intervals of `batch` whose every UTC day has landed in every one of `datasets`."""
    # Imported here: SQLMesh would serialise a module-level import of project code into every model.
    from sprint import landing

    ready = set.intersection(*(set(landing.landed_days(root, dataset)) for dataset in datasets))

    def days(start: dt.datetime, end: dt.datetime) -> t.Iterator[dt.date]:
        day = start.date()
        while dt.datetime.combine(day, dt.time(), tzinfo=start.tzinfo) < end:
            yield day
            day += dt.timedelta(days=1)

    wanted = {day for start, end in batch for day in days(start, end)} & ready
    for day, problems in landing.blocked_days(root, datasets, sorted(wanted)).items():
        ready.discard(day)
        landing.report_once(problems, prefix="raw_day_landed: ")
    return [(start, end) for start, end in batch if all(day in ready for day in days(start, end))]
