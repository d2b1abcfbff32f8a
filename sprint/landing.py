"""Pre-flight checks of landed raw files: can the warehouse read each one as the contract says?

A file DuckDB cannot read (truncated, not Parquet, corrupt data pages) or whose schema breaks
the raw contract (a missing column, a wrong type, ids of the other kind than the dataset's;
the raw contract is generator/contract.py) would fail the whole batch of every model reading
that dataset, stopping good days with it. Checked here first, such a file holds back its own
day: the `raw_day_landed` signal treats the day as not landed yet and `sprint run` names the
file. Nothing is moved or dropped: once the file is replaced, the next run processes the day.
Row-level breaches (null keys, negative prices, ...) are not checked here; staging
quarantines those rows.

The footer and schema are read on every check. The data pages are read once per version of
a file, by DuckDB itself (the warehouse's reader): `sprint run` records the verdict with the
file's fingerprint (sprint/filerecord.py) and the signal reuses it. Decoding finds what the
reader would stumble on (a page that does not decompress or parse); a page damaged into
other valid values is found only where the writer stored page checksums.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from generator.contract import DATASETS, SUCCESS_MARKER, file_problems, is_integer_id
from sprint import filerecord

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


def file_problem(path: Path, dataset: str, kinds: dict[str, bool] | None = None) -> str | None:
    """Why `path` breaks the contract of `dataset`, or None when the warehouse can read it.

    `kinds` are the dataset's id kinds (`id_kinds`); a file of the other kind is refused.
    """
    return schema_problem(path, dataset, kinds) or pages_verdict(path)


def schema_problem(path: Path, dataset: str, kinds: dict[str, bool] | None = None) -> str | None:
    """Why `path`'s footer cannot be read or its schema breaks the contract of `dataset`, or None."""
    problem, _, schema = footer(path)
    return problem or ", ".join(file_problems(dataset, schema, kinds)) or None


def id_kinds(root: str | os.PathLike, dataset: str) -> dict[str, bool]:
    """Whether each id column of `dataset` holds integers (True) or strings (False), as fixed by
    its first readable file in path order (the one the warehouse's readers bind to); empty
    before any file has landed."""
    for path in sorted((Path(root) / dataset).glob("event_date=*/*.parquet")):
        if schema_problem(path, dataset) is None:
            schema = footer(path)[2]
            return {name: is_integer_id(schema.field(name).type) for name in DATASETS[dataset].id_columns}
    return {}


def footer(path: Path) -> tuple[str | None, int, pa.Schema | None]:
    """Why `path`'s Parquet footer cannot be read (None when it can), its rows and its schema."""
    stat = path.stat()
    return _read_footer(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=65536)
def _read_footer(path: str, size: int, mtime_ns: int) -> tuple[str | None, int, pa.Schema | None]:
    # Keyed on size and mtime too: a replaced file is read again, an unchanged one once per
    # process (every model with the signal asks about the same days, and `sprint run`
    # checks every file before the run and counts its rows after it).
    try:
        metadata = pq.read_metadata(path)
        return None, metadata.num_rows, metadata.schema.to_arrow_schema()
    except (pa.ArrowException, OSError) as error:
        return f"not a readable Parquet file ({str(error).splitlines()[0]})", 0, None


def pages_verdict(path: Path) -> str | None:
    """Why DuckDB cannot read every data page of `path` (a file whose footer reads), or None."""
    fingerprint = filerecord.known(path)
    if fingerprint is not None:
        return fingerprint.pages
    stat = path.stat()
    return _read_pages(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=65536)
def _read_pages(path: str, size: int, mtime_ns: int) -> str | None:
    # Every value of every column is decoded and hashed, so no page is skipped; nothing is kept.
    con = duckdb.connect()
    try:
        con.execute("SELECT bit_xor(hash(COLUMNS(*))) FROM read_parquet(?)", [path]).fetchall()
        return None
    except duckdb.Error as error:
        reason = str(error).splitlines()[0].replace(f' "{path}"', "").replace("Failed to read file: ", "")
        return f"data pages cannot be read ({reason})"
    finally:
        con.close()


def day_folder(root: str | os.PathLike, dataset: str, day: dt.date) -> Path:
    return Path(root) / dataset / f"event_date={day.isoformat()}"


def landed_days(root: str | os.PathLike, dataset: str) -> list[dt.date]:
    """The days of `dataset` under `root` whose folder holds `_SUCCESS`."""
    return sorted(
        dt.date.fromisoformat(folder.name.removeprefix("event_date="))
        for folder in (Path(root) / dataset).glob("event_date=*")
        if (folder / SUCCESS_MARKER).exists()
    )


def day_problems(root: str | os.PathLike, dataset: str, day: dt.date) -> list[Problem]:
    """The unreadable files of one landed day folder (none for a day that has not landed)."""
    folder = day_folder(root, dataset, day)
    if not (folder / SUCCESS_MARKER).exists():
        return []
    kinds = id_kinds(root, dataset)
    return [
        Problem(path, reason)
        for path in sorted(folder.glob("*.parquet"))
        if (reason := file_problem(path, dataset, kinds)) is not None
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
