"""The flusher: sealed spool segments become SPEC §1 Parquet files; due days get `_SUCCESS`.

Every `--flush-seconds` it seals the segment being written, and for each sealed segment,
oldest first:

1. writes one file per dataset and UTC day of its events,
   `<dataset>/event_date=YYYY-MM-DD/collector-<segment>.parquet`, whole and then renamed;
   its rejected events go to `<state>/rejected/<day received>/<segment>.ndjson` and its
   Idempotency-Keys to `<state>/keys/<segment>.json`;
2. trims the segment from the spool.

Then it closes the days that are due (days.py). A crash anywhere in this leaves the segment
in the spool, and the next start flushes it again under the same names: the files it had
written are replaced by identical ones, so no event lands twice. That is why files are
named after their segment, never after a counter or the time of the flush.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from sprint.collector import spool as spool_records
from sprint.collector.compaction import part_name
from sprint.collector.days import OpenDays
from sprint.collector.files import write_whole
from sprint.collector.idempotency import Delivery, RecentBatches
from sprint.collector.parquet import arrow_schema, write_options
from sprint.collector.record import Record
from sprint.collector.spool import Spool

log = logging.getLogger("sprint.collector")


@dataclass
class Landed:
    """What the flusher has written since the collector started."""

    rows: int = 0
    files: int = 0
    late_files: int = 0
    rejected: int = 0
    error: str | None = None  # the last flush's failure, until a flush succeeds


class Flusher:
    def __init__(self, spool: Spool, days: OpenDays, recent: RecentBatches, state: Path, flush_seconds: float):
        self.spool, self.days, self.recent = spool, days, recent
        self.rejected_folder = state / "rejected"
        self.flush_seconds = flush_seconds
        self.landed = Landed()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="collector-flusher", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Flush what is left, then stop."""
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        self.flush()  # what a previous run left in the spool lands first
        while not self._stop.wait(self.flush_seconds):
            self.flush()
        self.flush()

    def flush(self) -> None:
        """One round: seal, land and trim every sealed segment, close the due days."""
        now = dt.datetime.now(dt.timezone.utc)  # every event accepted before this is in a sealed segment
        try:
            self.spool.seal()
            for segment in self.spool.sealed():
                self.flush_segment(segment)
                self.spool.trim(segment)
            for day in self.days.close_due(now):
                log.info("closed %s in every dataset (_SUCCESS)", day)
            self.recent.prune()
        except OSError as error:  # a full or read-only disk: the spool keeps the events, 503s follow
            self.landed.error = f"cannot write: {error}"
            log.error("flush failed, retrying in %s s: %s", self.flush_seconds, error)
            return
        except Exception as error:  # a bug: said loudly, but the thread lives on to retry
            self.landed.error = f"flush failed: {error!r}"
            log.exception("flush failed, retrying in %s s", self.flush_seconds)
            return
        self.landed.error = None

    def flush_segment(self, segment: Path) -> None:
        """Write the files of one sealed segment (again, after a crash: the same files)."""
        contents = read_segment(segment)
        name = part_name(segment.stem)
        late_files = 0
        for (dataset, day), table in sorted(contents.tables.items()):
            options = write_options(dataset, table.schema)
            date = dt.date.fromisoformat(day)
            write_whole(self.days.folder(dataset, date) / name, lambda path: pq.write_table(table, str(path), **options))
            if self.days.wrote(dataset, date):
                late_files += 1
                log.info("late file: %s rows of %s for %s, which had closed", table.num_rows, dataset, day)
        for day, lines in contents.rejected.items():
            data = b"\n".join(lines) + b"\n"
            write_whole(self.rejected_folder / day / f"{segment.stem}.ndjson", lambda path: path.write_bytes(data))
        self.recent.save(segment.stem, contents.keys)
        # Counted once the segment is whole on disk: a flush retried after an error counts it once.
        self.landed.rows += sum(table.num_rows for table in contents.tables.values())
        self.landed.files += len(contents.tables)
        self.landed.late_files += late_files
        self.landed.rejected += sum(len(lines) for lines in contents.rejected.values())


@dataclass
class SegmentContents:
    tables: dict[tuple[str, str], pa.Table]  # (dataset, YYYY-MM-DD) -> its rows
    rejected: dict[str, list[bytes]]  # UTC day received -> NDJSON lines
    keys: dict[str, Delivery]  # Idempotency-Key -> its delivery


def read_segment(segment: Path) -> SegmentContents:
    """A sealed segment's records, as tables per dataset and day, rejected lines and keys."""
    parts: dict[tuple[str, str], list[pa.Table]] = defaultdict(list)
    rejected: dict[str, list[bytes]] = defaultdict(list)
    keys: dict[str, Delivery] = {}
    for payload in spool_records.records(segment):
        record = Record.decode(payload)
        checked = record.checked
        for dataset, days in checked.rows.items():
            schema = arrow_schema(dataset, checked.kinds[dataset])
            for day, columns in days.items():
                arrays = [pa.array(values, type=f.type) for values, f in zip(columns, schema)]
                parts[dataset, day].append(pa.Table.from_arrays(arrays, schema=schema))
        received = dt.datetime.fromtimestamp(record.received_us / 1e6, dt.timezone.utc)
        for (index, reason), event in zip(checked.rejected, checked.rejected_events):
            rejected[received.date().isoformat()].append(orjson.dumps(
                {"received_at": received.isoformat(), "key": record.key, "index": index, "reason": reason,
                 "event": event}))
        if record.key is not None:
            keys[record.key] = Delivery(record.received_us / 1e6, record.digest, record.answer())
    return SegmentContents({key: pa.concat_tables(tables) for key, tables in parts.items()}, rejected, keys)
