"""Retries recognised by their Idempotency-Key: answered again, never stored twice.

A client that sends a batch with an `Idempotency-Key` header (a UUID, say) and retries it
after a timeout or a dropped connection gets the first answer again, and its events land
once, as long as the retry comes within `WINDOW` of the first delivery (and within the
last `MAX_KEYS` keys). The keys live in the spool's records and, once those are flushed,
in one small file per segment (`<state>/keys/`), so a restart forgets none of them.
A key sent again with another body is refused (422): its events would otherwise be lost.
Without the header a retry is stored again, and staging's natural-key dedup counts it once.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import orjson

from sprint.collector.files import write_whole

WINDOW = dt.timedelta(minutes=15)
MAX_KEYS = 200_000  # ~60 MB at most; at 200 batches/s this holds the whole window
MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Delivery:
    at: float  # UTC epoch seconds of the first delivery
    digest: str
    answer: dict


class RecentBatches:
    def __init__(self, folder: Path):
        self.folder = folder
        self._seen: OrderedDict[str, Delivery] = OrderedDict()

    def get(self, key: str) -> Delivery | None:
        self._forget_old()
        return self._seen.get(key)

    def remember(self, key: str, delivery: Delivery) -> None:
        self._seen[key] = delivery
        self._seen.move_to_end(key)
        self._forget_old()

    def _forget_old(self) -> None:
        oldest = time.time() - WINDOW.total_seconds()
        while self._seen and (len(self._seen) > MAX_KEYS or next(iter(self._seen.values())).at < oldest):
            self._seen.popitem(last=False)

    # -- the keys of flushed segments, on disk for the window

    def save(self, segment: str, deliveries: dict[str, Delivery]) -> None:
        """Keep the keys of a segment about to be trimmed."""
        if deliveries:
            data = orjson.dumps({key: [d.at, d.digest, d.answer] for key, d in deliveries.items()})
            write_whole(self.folder / f"{segment}.json", lambda path: path.write_bytes(data))

    def load(self) -> None:
        """Remember the keys of the files still inside the window; delete older files."""
        self.prune()
        for path in sorted(self.folder.glob("*.json")):
            for key, (at, digest, answer) in orjson.loads(path.read_bytes()).items():
                self.remember(key, Delivery(at, digest, answer))

    def prune(self) -> None:
        """Delete the key files older than the window."""
        for path in self.folder.glob("*.json"):
            if path.stat().st_mtime < time.time() - WINDOW.total_seconds():
                path.unlink(missing_ok=True)
