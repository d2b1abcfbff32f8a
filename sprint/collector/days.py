"""Closing days: `_SUCCESS` in every dataset once the UTC clock is past a day's end by the lateness.

The open days are those whose folder holds a collector file and no `_SUCCESS`, found on
disk at start and added to as files are written. A day is closed in every dataset, with
an empty folder where a dataset had no event that day: the warehouse waits for a day
until every dataset it reads has landed it. Its files are merged into one first
(compaction.py). A file written into a closed day is a late file (SPEC §1), and the day
stays closed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.contract import DATASET_NAMES, SUCCESS_MARKER
from sprint import landing
from sprint.collector import compaction
from sprint.collector.files import touch_whole


class OpenDays:
    def __init__(self, raw_root: Path, lateness: dt.timedelta):
        self.raw_root, self.lateness = raw_root, lateness
        self._open: set[dt.date] = {
            dt.date.fromisoformat(folder.name.removeprefix("event_date="))
            for dataset in DATASET_NAMES
            for folder in (raw_root / dataset).glob("event_date=*")
            if not (folder / SUCCESS_MARKER).exists() and any(folder.glob(compaction.PART_GLOB))
        }
        for day in self._open:
            for dataset in DATASET_NAMES:
                compaction.finish(self.folder(dataset, day))  # a merge the last run did not finish

    def folder(self, dataset: str, day: dt.date) -> Path:
        return landing.day_folder(self.raw_root, dataset, day)

    def wrote(self, dataset: str, day: dt.date) -> bool:
        """Note a file written into `day`; True when it is a late file (the day had closed)."""
        if (self.folder(dataset, day) / SUCCESS_MARKER).exists():
            return True
        self._open.add(day)
        return False

    def close_due(self, now: dt.datetime) -> list[dt.date]:
        """Close every open day whose end is `lateness` or more before `now`; the days closed."""
        due = sorted(day for day in self._open if _end(day) + self.lateness <= now)
        for day in due:
            for dataset in DATASET_NAMES:
                compaction.compact(self.folder(dataset, day), dataset)
                touch_whole(self.folder(dataset, day) / SUCCESS_MARKER)
            self._open.discard(day)
        return due

    def __len__(self) -> int:
        return len(self._open)


def _end(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.timezone.utc)
