"""Writing one dataset's day folder: whole files only, `_SUCCESS` last.

Files are written under a hidden temporary name in the same folder and renamed into
place, so a reader never sees half a file. Compression is zstd, with encodings chosen
per column type: dictionaries only for strings (ids and positions hardly repeat, and
dictionaries made heartbeats bigger and twice as slow to write), byte-stream-split for
float positions and delta encoding for timestamps; a dataset can leave columns that zstd
cannot shrink uncompressed (datasets.UNCOMPRESSED). Heartbeats take ~13 bytes a row,
against ~21 with snappy and default encodings (docs/GENERATOR.md has the measurements).
`BackgroundWriter` does this in a thread of its own while the caller computes.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import threading
import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from generator.contract import SUCCESS_MARKER

COMPRESSION = "zstd"


def encoding_options(schema: pa.Schema, uncompressed: Collection[str] = ()) -> dict:
    """ParquetWriter keyword arguments for `schema` (see the module docstring); columns in
    `uncompressed` are written without zstd (for data it cannot shrink, so not worth its time)."""
    encodings = {}
    for f in schema:
        if pa.types.is_floating(f.type):
            encodings[f.name] = "BYTE_STREAM_SPLIT"
        elif pa.types.is_timestamp(f.type):
            encodings[f.name] = "DELTA_BINARY_PACKED"
    return dict(
        compression={f.name: "NONE" if f.name in uncompressed else COMPRESSION for f in schema},
        use_dictionary=[f.name for f in schema if pa.types.is_string(f.type)],
        column_encoding=encodings,
    )


class DayFolder:
    """`<root>/<dataset>/event_date=YYYY-MM-DD/`."""

    def __init__(self, root: Path, dataset: str, date: dt.date):
        self.path = root / dataset / f"event_date={date.isoformat()}"

    def landed(self) -> bool:
        return (self.path / SUCCESS_MARKER).exists()

    def reset(self) -> None:
        """Start the day over: it stops being landed first, then old files go."""
        self.path.mkdir(parents=True, exist_ok=True)
        (self.path / SUCCESS_MARKER).unlink(missing_ok=True)
        for old in self.path.iterdir():
            if old.suffix in (".parquet", ".tmp"):
                old.unlink()

    def write(
        self, name: str, schema: pa.Schema, tables: Iterable[pa.Table], options: dict | None = None
    ) -> tuple[int, int]:
        """Write `tables` (one row group each) as `name`; returns (rows, bytes).

        `options`: ParquetWriter keyword arguments, by default encoding_options(schema).
        """
        final = self.path / name
        temporary = self.path / f".{name}.tmp"
        rows = 0
        try:
            with pq.ParquetWriter(temporary, schema, **(options or encoding_options(schema))) as out:
                for table in tables:
                    out.write_table(table)
                    rows += table.num_rows
            os.replace(temporary, final)
        finally:
            temporary.unlink(missing_ok=True)
        return rows, final.stat().st_size

    def mark_landed(self) -> None:
        (self.path / SUCCESS_MARKER).touch()


class BackgroundWriter:
    """Day-folder operations done by one background thread, in the order they are asked for.

    The caller produces the next chunk of rows while this thread compresses and writes the
    one before (pyarrow releases the GIL while it writes, numpy while it computes), so the
    simulation and the writing overlap on two CPUs. Order is kept: a day's files are whole
    and renamed before its `_SUCCESS`, as when writing in the caller's thread. At most
    `backlog` tables wait for the thread, which bounds the memory this adds.

    An error in the thread is raised in the caller at its next request or at `flush`; the
    file being written is removed. Use as a context manager: leaving it waits for every
    request (raising a pending error), or, on an exception, drops what is left.
    """

    def __init__(self, backlog: int = 2):
        self._queue: queue.Queue = queue.Queue(maxsize=backlog)
        self._error: BaseException | None = None
        self._stopped = False
        self.files: list[WrittenFile] = []  # appended by the thread as files are completed
        self._thread = threading.Thread(target=self._work, name="generator-writer", daemon=True)
        self._thread.start()

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is not None and self._error is None:
            self._error = _Cancelled()  # skip what is queued
        self._queue.put(_STOP)
        self._thread.join()
        if kind is None:
            self._raise()

    def reset(self, folder: DayFolder) -> None:
        self._put(folder.reset)

    def mark_landed(self, folder: DayFolder) -> None:
        self._put(folder.mark_landed)

    def write(
        self,
        folder: DayFolder,
        name: str,
        schema: pa.Schema,
        tables: Iterable[pa.Table],
        label: str,
        options: dict | None = None,
    ) -> None:
        """Write `tables` as `name` like DayFolder.write; `tables` is iterated in the caller."""
        self._put(_File(folder, name, schema, label, options))
        try:
            for table in tables:
                self._put(table)
        except BaseException:
            self._queue.put(_ABORT)  # not _put: the error being raised may be the thread's own
            raise
        self._put(_END)

    def flush(self) -> None:
        """Wait until everything asked for is done (e.g. before reading `landed()`)."""
        self._queue.join()
        self._raise()

    def _put(self, item) -> None:
        self._raise()
        self._queue.put(item)

    def _raise(self) -> None:
        if self._error is not None and not isinstance(self._error, _Cancelled):
            raise self._error

    def _work(self) -> None:
        while True:
            item = _STOP if self._stopped else self._queue.get()
            try:
                if item is _STOP:
                    return
                if self._error is not None:
                    continue  # after an error everything left is dropped, tables included
                if isinstance(item, _File):
                    self._write_file(item)
                else:
                    item()
            except BaseException as error:  # handed to the caller
                self._error = error
            finally:
                if not self._stopped or item is not _STOP:
                    self._queue.task_done()

    def _write_file(self, file: _File) -> None:
        """DayFolder.write fed from the queue up to the file's end (or the caller's abort)."""
        waited = 0.0

        def tables() -> Iterator[pa.Table]:
            nonlocal waited
            while True:
                began = time.perf_counter()
                item = self._queue.get()
                waited += time.perf_counter() - began
                self._queue.task_done()
                if item is _END:
                    return
                if item is _ABORT or item is _STOP:  # _STOP here: the caller died mid-file
                    self._stopped = item is _STOP
                    raise _Cancelled()
                yield item

        began = time.perf_counter()
        try:
            rows, size = file.folder.write(file.name, file.schema, tables(), file.options)
        except _Cancelled:
            return  # the caller failed while producing the rows; DayFolder.write removed the file
        # (on any other error the rest of this file's tables are dropped by _work)
        self.files.append(WrittenFile(file.label, rows, size, time.perf_counter() - began - waited))


@dataclass(frozen=True)
class WrittenFile:
    label: str  # what the caller called it (generate: the dataset)
    rows: int
    bytes: int
    seconds: float  # spent writing it, not waiting for its rows


@dataclass(frozen=True)
class _File:
    folder: DayFolder
    name: str
    schema: pa.Schema
    label: str
    options: dict | None


class _Cancelled(Exception):
    """The caller gave up on the file (or on everything) it had asked for."""


_STOP, _END, _ABORT = object(), object(), object()
