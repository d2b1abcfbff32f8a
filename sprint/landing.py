"""Pre-flight checks of landed raw files: can the warehouse read each one as the contract says?

A file DuckDB cannot read (truncated, not Parquet) or whose schema breaks the raw contract
(a missing column, a wrong type) would fail the whole batch of every model reading that
dataset, stopping good days with it. Checked here first, from the Parquet footer only (no
data pages are read), such a file holds back its own day: the `raw_day_landed` signal
treats the day as not landed yet and `sprint run` names the file. Nothing is moved or
dropped: once the file is replaced, the next run processes the day. Row-level breaches
(null keys, negative prices, ...) are not checked here; staging quarantines those rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SUCCESS = "_SUCCESS"


def _integer(bits: int) -> Callable[[pa.DataType], bool]:
    # Any integer that fits the warehouse's column without loss (an unsigned one needs a spare bit).
    def accepts(kind: pa.DataType) -> bool:
        return pa.types.is_integer(kind) and kind.bit_width <= (bits if pa.types.is_signed_integer(kind) else bits - 1)

    return accepts


_BIGINT, _INT = _integer(64), _integer(32)
_TEXT = lambda kind: pa.types.is_string(kind) or pa.types.is_large_string(kind)  # noqa: E731
_FLOAT = pa.types.is_floating
# Instants only: a timestamp without a zone would be read as UTC whatever the producer meant.
_INSTANT = lambda kind: pa.types.is_timestamp(kind) and kind.tz is not None  # noqa: E731

# The raw contract (docs/ARCHITECTURE.md "Raw data"; the columns macros/raw_files.py reads):
# column -> (accepted Arrow types, how to name them in a message).
CONTRACT: dict[str, dict[str, tuple[Callable[[pa.DataType], bool], str]]] = {
    "session_ends": {
        "session_id": (_BIGINT, "an integer"),
        "player_id": (_BIGINT, "an integer"),
        "event_ts": (_INSTANT, "a UTC timestamp"),
        "country": (_TEXT, "a string"),
        "event_length_s": (_INT, "a 32-bit integer"),
        "kills": (_INT, "a 32-bit integer"),
        "deaths": (_INT, "a 32-bit integer"),
    },
    "purchases": {
        "purchase_id": (_BIGINT, "an integer"),
        "player_id": (_BIGINT, "an integer"),
        "event_ts": (_INSTANT, "a UTC timestamp"),
        "item_sku": (_TEXT, "a string"),
        "price_usd": (_FLOAT, "a floating-point number"),
    },
    "heartbeats": {
        "session_id": (_BIGINT, "an integer"),
        "player_id": (_BIGINT, "an integer"),
        "team_id": (_INT, "a 32-bit integer"),
        "event_ts": (_INSTANT, "a UTC timestamp"),
        "position_x": (_FLOAT, "a floating-point number"),
        "position_y": (_FLOAT, "a floating-point number"),
        "position_z": (_FLOAT, "a floating-point number"),
    },
}


@dataclass(frozen=True)
class Problem:
    """A landed file the warehouse cannot read; its day waits until the file is replaced."""

    path: Path
    reason: str

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.path.parent.name.removeprefix("event_date="))

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}; day {self.day} waits: replace the file, then run again"


def file_problem(path: Path, dataset: str) -> str | None:
    """Why `path` breaks the contract of `dataset`, or None when the warehouse can read it."""
    return _footer(path, dataset)[0]


def file_rows(path: Path, dataset: str) -> int:
    """The rows in `path`'s footer (0 for a file that cannot be read)."""
    return _footer(path, dataset)[1]


def _footer(path: Path, dataset: str) -> tuple[str | None, int]:
    stat = path.stat()
    return _read_footer(str(path), dataset, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=65536)
def _read_footer(path: str, dataset: str, size: int, mtime_ns: int) -> tuple[str | None, int]:
    # Keyed on size and mtime too: a replaced file is read again, an unchanged one once per
    # process (every model with the signal asks about the same days, and `sprint run`
    # checks every file before the run and counts its rows after it).
    try:
        metadata = pq.read_metadata(path)
        schema = metadata.schema.to_arrow_schema()
    except (pa.ArrowException, OSError) as error:
        return f"not a readable Parquet file ({str(error).splitlines()[0]})", 0
    problems = []
    for column, (accepts, expected) in CONTRACT[dataset].items():
        index = schema.get_field_index(column)
        if index < 0:
            problems.append(f"column {column} is missing")
        elif not accepts(schema.field(index).type):
            problems.append(f"column {column} is {schema.field(index).type}, not {expected}")
    return ", ".join(problems) or None, metadata.num_rows


def day_folder(root: str | os.PathLike, dataset: str, day: dt.date) -> Path:
    return Path(root) / dataset / f"event_date={day.isoformat()}"


def landed_days(root: str | os.PathLike, dataset: str) -> list[dt.date]:
    """The days of `dataset` under `root` whose folder holds `_SUCCESS`."""
    return sorted(
        dt.date.fromisoformat(folder.name.removeprefix("event_date="))
        for folder in (Path(root) / dataset).glob("event_date=*")
        if (folder / SUCCESS).exists()
    )


def day_problems(root: str | os.PathLike, dataset: str, day: dt.date) -> list[Problem]:
    """The unreadable files of one landed day folder (none for a day that has not landed)."""
    folder = day_folder(root, dataset, day)
    if not (folder / SUCCESS).exists():
        return []
    return [
        Problem(path, reason)
        for path in sorted(folder.glob("*.parquet"))
        if (reason := file_problem(path, dataset)) is not None
    ]


def landed_problems(root: str | os.PathLike, datasets: Iterable[str]) -> list[Problem]:
    """The unreadable files of every landed day of `datasets` under `root`."""
    return [
        problem
        for dataset in datasets
        for day in landed_days(root, dataset)
        for problem in day_problems(root, dataset, day)
    ]


def blocked_days(
    root: str | os.PathLike, datasets: Iterable[str], days: Iterable[dt.date]
) -> dict[dt.date, list[Problem]]:
    """Of `days`, those with an unreadable file in any of `datasets`, with the files."""
    datasets = list(datasets)
    found = {day: [problem for dataset in datasets for problem in day_problems(root, dataset, day)] for day in days}
    return {day: problems for day, problems in found.items() if problems}


_reported: set[str] = set()


def report_once(problems: Iterable[Problem], prefix: str = "") -> None:
    """Print each problem on stderr once per process (every model's signal asks about the same days)."""
    for line in map(str, problems):
        if line not in _reported:
            _reported.add(line)
            print(f"{prefix}{line}", file=sys.stderr)
