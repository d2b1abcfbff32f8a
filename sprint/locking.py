"""One writer at a time: an advisory lock file beside the warehouse, and who holds the file itself.

DuckDB already refuses a second writing process, but it does so with an error in the
middle of a run. Schedulers want to know up front that a run is still going, so
`sprint run` takes this lock first, exclusively, and records who holds it. Sprint's
readers (`sprint answer`, the dashboard) hold it shared while they read: a reader never
opens the file in the middle of a run (between `sprint run`'s checks and the moment
sqlmesh opens it, where DuckDB would turn sqlmesh away), and a run waits a moment for the
readers already in.

Other tools (a bare `sqlmesh run` or `plan`, `sqlmesh ui`, a reader such as `sprint answer`)
know nothing of that lock; what keeps them apart is DuckDB's lock on the warehouse file, and
its error is worded for DuckDB users (SQLMesh 0.236 even reports it as a missing
environment). `held_message` names the file and the processes holding it, from the
kernel's table of file locks, so every entry point can say what to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sprint.errors import UserError


READERS_GRACE = 30.0  # seconds `sprint run` waits for readers, whatever its --wait: a read takes a moment


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
        started = time.monotonic()
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip()
                modes = flock_modes(path) if LOCK_TABLE.exists() else None
                if modes == set():
                    continue  # released since we tried: try again at once
                readers = modes == {"READ"} if modes is not None else not holder
                if time.monotonic() - started >= (max(wait_seconds, READERS_GRACE) if readers else wait_seconds):
                    if readers:
                        raise UserError(f"{path} is held by readers of the warehouse (sprint answer, the dashboard) "
                                        "for longer than a read takes; try again later or pass --wait SECONDS") from None
                    raise UserError(
                        f"{path} is held by {holder or 'another process'}: a run is still going; "
                        "try again later or pass --wait SECONDS"
                    ) from None
                time.sleep(0.2 if readers else 0.5)
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


@contextlib.contextmanager
def reading(warehouse: Path) -> Iterator[None]:
    """Hold the run lock shared while reading `warehouse`; raise UserError while a run holds it."""
    path = lock_path_for(warehouse)
    try:
        handle = open(path, "a+")
    except OSError:  # a folder this user cannot write: no run writes there either
        yield
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise UserError(f"{warehouse} is being updated by a run ({path} is held by {holder}): {RETRY_HINT}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# ---------------------------------------------------------------- DuckDB's lock on the warehouse file

LOCK_TABLE = Path("/proc/locks")  # Linux; elsewhere no holder is named and DuckDB's reason is quoted instead
RETRY_HINT = "wait until it ends, then try again"


@dataclass(frozen=True)
class Holder:
    """A process holding a lock on the warehouse file: DuckDB takes a shared one to read, an exclusive one to write."""

    pid: int
    writing: bool

    def __str__(self) -> str:
        return f"pid {self.pid} ({command_of(self.pid)}), which has it open for {'writing' if self.writing else 'reading'}"


def holders(path: Path) -> list[Holder]:
    """The other processes holding a lock on `path` (empty when none, or where the kernel does not say)."""
    try:
        stat = path.stat()
        table = LOCK_TABLE.read_text()
    except OSError:
        return []
    found = {}
    for line in table.splitlines():
        # "3: POSIX  ADVISORY  WRITE 6840 fe:00:5817312 0 EOF"; a process waiting for a lock has "->" after the number
        fields = line.split()
        if len(fields) < 6 or fields[1] not in ("POSIX", "OFDLCK"):
            continue
        pid = int(fields[4])
        if same_file(fields[5], stat) and pid != os.getpid():
            found[pid] = found.get(pid, False) or fields[3] == "WRITE"
    return [Holder(pid, writing) for pid, writing in sorted(found.items())]


def flock_modes(path: Path) -> set[str]:
    """How `path` is flock()ed by any process: READ (shared), WRITE (exclusive); empty when it is not."""
    try:
        stat = path.stat()
        table = LOCK_TABLE.read_text()
    except OSError:
        return set()
    modes = set()
    for line in table.splitlines():
        # "1: FLOCK  ADVISORY  WRITE 6840 fe:00:5817312 0 EOF"; a waiting process has "->" after the number
        fields = line.split()
        if len(fields) >= 6 and fields[1] == "FLOCK" and same_file(fields[5], stat):
            modes.add(fields[3])
    return modes


def same_file(device_inode: str, stat: os.stat_result) -> bool:
    """Whether /proc/locks' "major:minor:inode" (hexadecimal device numbers) is the file of `stat`."""
    major, minor, inode = device_inode.split(":")
    return (int(major, 16), int(minor, 16), int(inode)) == (os.major(stat.st_dev), os.minor(stat.st_dev), stat.st_ino)


def command_of(pid: int) -> str:
    """A short command line of `pid`, without the interpreter: "sqlmesh run", "sprint answer q2 --json"."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")[:-1]
    except OSError:
        return "ended since"
    if len(argv) > 1 and Path(argv[0]).name.startswith("python") and not argv[1].startswith("-"):
        argv = argv[1:]  # a console script: python .venv/bin/sqlmesh run
    words = [Path(argv[0]).name, *argv[1:]] if argv else ["unknown"]
    text = " ".join(" ".join(words).split())  # `python -c` code spans lines
    return text if len(text) <= 60 else text[:57] + "..."


def held_message(path: Path, reason: str | None = None) -> str:
    """One line: which process holds `path` (or DuckDB's `reason`, when the kernel does not say) and what to do."""
    found = holders(path)
    if found:
        return f"{path} is in use by {'; '.join(map(str, found))}: {RETRY_HINT}"
    return f"{path} is in use by another process{f' ({reason})' if reason else ''}: {RETRY_HINT}"


def wait_until_free(path: Path, wait_seconds: float) -> None:
    """Return once no other process holds `path`; raise UserError naming the holders after `wait_seconds`."""
    deadline = time.monotonic() + wait_seconds
    while holders(path):
        if time.monotonic() >= deadline:
            raise UserError(held_message(path))
        time.sleep(0.2)
