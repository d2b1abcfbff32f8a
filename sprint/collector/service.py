"""The collector's state and what it does with one request's events, apart from HTTP.

Built from the raw root at start: the spool is recovered, the id kinds are read from the
files and completed from the spool's records (a dataset's first request may not have
reached a file yet), and the Idempotency-Keys of the last window are reloaded.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import math
import time
from pathlib import Path

from sprint.collector.body import parse
from sprint.collector.days import OpenDays
from sprint.collector.events import check_events
from sprint.collector.flusher import Flusher
from sprint.collector.idempotency import Delivery, RecentBatches
from sprint.collector.idkinds import IdKinds
from sprint.collector.record import Record
from sprint.collector.spool import Spool, records

STATE_FOLDER = "_collector"  # under the raw root: the underscore keeps Hive-style readers out
MAX_IN_FLIGHT = 64  # requests being read, checked or written at once; more get 503


class Saturated(Exception):
    """The collector cannot take a request now: answer 503 with Retry-After."""

    def __init__(self, reason: str, retry_after: int):
        super().__init__(reason)
        self.retry_after = retry_after


class KeyReused(Exception):
    """An Idempotency-Key sent again with another body (422)."""


class Collector:
    def __init__(self, raw_root: Path, flush_seconds: float, lateness: dt.timedelta, max_spool_bytes: int):
        state = raw_root / STATE_FOLDER
        self.raw_root, self.state, self.max_spool_bytes = raw_root, state, max_spool_bytes
        self.spool = Spool(state / "spool")
        self.id_kinds = IdKinds.from_files(raw_root)
        self.recent = RecentBatches(state / "keys")
        self.recent.load()
        self._recover_from_spool()
        self.flusher = Flusher(self.spool, OpenDays(raw_root, lateness), self.recent, state, flush_seconds)
        self.accepted = self.rejected = self.in_flight = 0
        self._pending: dict[str, asyncio.Future] = {}  # keys whose first delivery is being stored

    def _recover_from_spool(self) -> None:
        """The id kinds and Idempotency-Keys of the requests a previous run left in the spool."""
        for segment in self.spool.sealed():
            for payload in records(segment):
                record = Record.decode(payload)
                for dataset, kinds in record.checked.kinds.items():
                    self.id_kinds.settle(dataset, kinds)
                if record.key is not None:
                    self.recent.remember(record.key, Delivery(record.received_us / 1e6, record.digest, record.answer()))

    def check_capacity(self) -> None:
        """Raise Saturated when one more request would take more memory or spool than allowed."""
        if self.in_flight >= MAX_IN_FLIGHT:
            raise Saturated(f"{MAX_IN_FLIGHT} requests are being processed", 1)
        if self.spool.backlog_bytes >= self.max_spool_bytes:
            retry = max(1, math.ceil(self.flusher.flush_seconds))
            raise Saturated(f"the spool holds {self.spool.backlog_bytes:,} bytes not yet flushed", retry)

    async def take(self, body: bytes, content_type: str | None, key: str | None) -> tuple[dict, bool]:
        """Check and store one request's decoded body; (the answer, whether it repeats an earlier one).

        Only the record's bytes are held while the spool writes it: the body, the parsed events
        and the checked rows are dropped first, so requests waiting for an fsync stay small.
        """
        # Of the decoded body: a client that gzips its retry again may send other bytes.
        digest = hashlib.blake2b(body, digest_size=16).hexdigest() if key is not None else None
        if key is not None:
            while key in self._pending:  # the same batch sent again while its first delivery is stored
                await asyncio.shield(self._pending[key])
            seen = self.recent.get(key)
            if seen is not None:
                if seen.digest != digest:
                    raise KeyReused(f"Idempotency-Key {key!r} was used for another body; use a new key per batch")
                return seen.answer, True
            self._pending[key] = asyncio.get_running_loop().create_future()
        try:
            events = parse(body, content_type)
            del body
            received_us = time.time_ns() // 1000
            record = Record(received_us, key, digest, check_events(events, self.id_kinds))
            del events
            payload, answer, accepted = record.encode(), record.answer(), record.checked.accepted
            del record
            await asyncio.wrap_future(self.spool.append(payload))
            if key is not None:
                self.recent.remember(key, Delivery(received_us / 1e6, digest, answer))
            self.accepted += accepted
            self.rejected += len(answer["rejected"])
            return answer, False
        finally:
            if key is not None:
                self._pending.pop(key).set_result(None)

    def health(self) -> dict:
        landed = self.flusher.landed
        return {
            "status": "ok" if landed.error is None else "flush failing",
            "accepted": self.accepted, "rejected": self.rejected,
            "landed_rows": landed.rows, "landed_files": landed.files, "late_files": landed.late_files,
            "spool_bytes": self.spool.backlog_bytes, "spool_commits": self.spool.commits,
            "open_days": len(self.flusher.days),
            "error": landed.error,
        }
