"""@raw_day_landed: a day is ready once its raw datasets have landed (SPEC §1 `_SUCCESS`).

Without this signal a day whose files have not landed yet would be processed as empty and
recorded as done for good. SQLMesh holds a child back only for parent intervals that are
unready in the same run, so a model added or changed by a plan would still fill days its
parents never had: every model that reads raw days carries the signal, naming the datasets
it is built from, and waits until all of them have landed for each day of an interval.

A landed day whose files the warehouse cannot read (sprint/landing.py: truncated, a
missing column, a wrong type) waits too, with one line on stderr naming the file, instead
of failing the batch of every day read with it (docs/RELIABILITY.md).

`in_order` is for the models that carry state from day to day (a model that reads its own
earlier rows, and everything built on one: tests/test_project_wiring.py holds the list to
SQLMesh's DAG). Their day D is right only once every earlier day is in, so once a day of
the batch waits, so do all the later ones: a player whose first day has not landed would
otherwise be installed on his next day. Every missing interval of a model is in its batch,
so a day earlier than the batch has been processed already; days before the first landed
day are no gap (the lake may start after the project's start date).
"""

from __future__ import annotations

import datetime as dt
import typing as t

from sqlmesh import signal
from sqlmesh.utils.date import DatetimeRanges


@signal()
def raw_day_landed(batch: DatetimeRanges, root: str, datasets: t.List[str], in_order: bool = False) -> DatetimeRanges:
    """The intervals of `batch` whose every UTC day has landed in every one of `datasets`
    (with `in_order`, up to the first that has not)."""
    # Imported here: SQLMesh would serialise a module-level import of project code into every model.
    from sprint import landing

    listings = [landing.landed_days(root, dataset) for dataset in datasets]  # each dataset's folders, listed once
    ready = set.intersection(*map(set, listings))

    def days(start: dt.datetime, end: dt.datetime) -> t.Iterator[dt.date]:
        day = start.date()
        while dt.datetime.combine(day, dt.time(), tzinfo=start.tzinfo) < end:
            yield day
            day += dt.timedelta(days=1)

    wanted = {day for start, end in batch for day in days(start, end)} & ready
    for day, problems in landing.blocked_days(root, datasets, sorted(wanted)).items():
        ready.discard(day)
        landing.report_once(problems, prefix="raw_day_landed: ")
    landed = [(start, end) for start, end in batch if all(day in ready for day in days(start, end))]
    if not in_order:
        return landed
    # Days before the lake's first day are not gaps: the game, or its files, start later.
    first_day = min((listing[0] for listing in listings if listing), default=None)
    waiting = [start for start, end in batch
               if (start, end) not in landed and first_day is not None and start.date() >= first_day]
    return [(start, end) for start, end in landed if not waiting or start < min(waiting)]
