"""Files that appear whole and stay: written under a hidden temporary name, fsync'ed, renamed.

The spool is trimmed only once its events are in such files, so a power cut after the
trim cannot leave a renamed file whose data never reached the disk. The folder is
fsync'ed too, so the rename itself is on disk.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def write_whole(path: Path, write: Callable[[Path], None]) -> None:
    """Write `path` with `write(temporary_path)`, replacing any file of that name in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        write(temporary)
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    sync_folder(path.parent)


def touch_whole(path: Path) -> None:
    """Create the empty file `path` (a marker such as `_SUCCESS`) durably, if it is missing."""
    if not path.exists():
        write_whole(path, Path.touch)


def sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
