"""One writer at a time: an advisory lock file beside the warehouse.

DuckDB already refuses a second writing process, but it does so with an error in the
middle of a run. Schedulers want to know up front that a run is still going, so
`sprint run` takes this lock first and records who holds it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from sprint.errors import UserError


def lock_path_for(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@contextlib.contextmanager
def warehouse_lock(warehouse: Path, wait_seconds: float = 0.0) -> Iterator[int]:
    """Hold the warehouse's run lock; raise UserError if it stays taken for `wait_seconds`.

    Yields the lock's file descriptor: a child process that inherits it keeps the lock
    for as long as it lives, even if this process is killed first.
    """
    path = lock_path_for(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Opened without truncation so a waiting process can still read the holder's note.
    with open(path, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise UserError(
                        f"{path} is held by {holder}: a run is still going; "
                        "try again later or pass --wait SECONDS"
                    ) from None
                time.sleep(0.5)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {dt.datetime.now(dt.timezone.utc):%Y-%m-%dT%H:%M:%SZ}")
        handle.flush()
        try:
            yield handle.fileno()
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
