"""The record, beside the warehouse, of the raw files `sprint run` has handed to SQLMesh.

`sprint run` keeps `<warehouse>.files.json`; sprint/catchup.py decides with it what to restate.

- `files`: each landed file as last seen: a change stamp, its SHA-256 and whether DuckDB could
  read every data page. A file is read in full once per version, not on every run, and the
  `raw_day_landed` signal inside `sqlmesh run` takes the page verdict from here instead of
  reading the file again.
- `given`: per dataset and day, the files (name and SHA-256) as they were when a run was last
  free to read that day. If the files differ now, whatever the warehouse holds of that day
  came from another version of them.

Why a file and not a model: a model's rows are written by SQLMesh from SQL, which cannot
see fingerprints computed in Python, and what a run was given must be on disk before the
run starts, so that a run killed before it records anything still leaves the trace. The
record is written whole (a temporary file renamed over it): a kill leaves the old record or
the new one.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from sprint import project
from sprint.errors import UserError

Day = tuple[str, dt.date]  # (dataset, UTC day)
Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


@dataclass(frozen=True)
class Fingerprint:
    """One version of a file: rewritten or replaced (renamed over), its stamp changes."""

    stamp: Stamp
    sha256: str
    pages: str | None  # why DuckDB cannot read its data pages; None when it can or its footer is broken


@dataclass
class Record:
    files: dict[str, Fingerprint] = field(default_factory=dict)  # absolute path -> its last seen version
    given: dict[Day, dict[str, str]] = field(default_factory=dict)  # -> {file name: SHA-256}


def record_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".files.json")


def stamp(path: Path) -> Stamp:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def sha256(path: Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def load(warehouse: Path) -> Record:
    """The record of `warehouse`; empty before the first `sprint run`."""
    path = record_path(warehouse)
    try:
        data = json.loads(path.read_text())
        return Record(
            files={name: Fingerprint(tuple(f["stamp"]), f["sha256"], f["pages"]) for name, f in data["files"].items()},
            given={_day(key): names for key, names in data["given"].items()},
        )
    except FileNotFoundError:
        return Record()
    except (ValueError, KeyError, TypeError) as error:
        raise UserError(f"{path}: not a record `sprint run` wrote ({error}); delete it and run again") from None


def save(warehouse: Path, record: Record) -> None:
    path = record_path(warehouse)
    data = {
        "files": {name: {"stamp": f.stamp, "sha256": f.sha256, "pages": f.pages} for name, f in sorted(record.files.items())},
        "given": {f"{dataset}/{day}": names for (dataset, day), names in sorted(record.given.items())},
    }
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "w") as file:
        json.dump(data, file, indent=1)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def known(path: Path) -> Fingerprint | None:
    """The recorded fingerprint of `path` if the file is still that version (the record of the
    warehouse the environment names, as config.yaml does)."""
    record = _cached(record_path(project.warehouse_path()))
    fingerprint = record.files.get(str(path))
    return fingerprint if fingerprint and fingerprint.stamp == stamp(path) else None


def _cached(path: Path) -> Record:
    try:
        return _load_version(path, path.stat().st_mtime_ns)
    except OSError:
        return Record()


@functools.lru_cache(maxsize=4)
def _load_version(path: Path, mtime_ns: int) -> Record:
    # Every model's signal asks about the same files: the record is read once per version.
    return load(path.with_name(path.name.removesuffix(".files.json")))


def _day(key: str) -> Day:
    dataset, day = key.split("/")
    return dataset, dt.date.fromisoformat(day)
