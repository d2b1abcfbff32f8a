"""The write-ahead spool: every accepted request, on disk before its answer is sent.

A segment (`<state>/spool/<segment>.log`) is a run of records, each

    length (uint32, little-endian) | CRC-32 of the payload (uint32) | payload

One thread writes them: it takes every record waiting, appends them and fsyncs once
(group commit), then releases their requests; a burst of requests costs one fsync, not one
each. The flusher seals the segment being written (it is closed and the next one started)
and trims sealed segments once their events are in renamed Parquet files.

Recovery reads each segment up to its first incomplete record or bad CRC and cuts it there.
Only the segment being written when the process died can end so, and what is cut was never
acknowledged: the fsync that acknowledges a record covers every record before it.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import secrets
import struct
import threading
import zlib
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

from sprint.collector.files import sync_folder

SEGMENT_BYTES = 64 * 1024 * 1024  # a segment is sealed at this size: bounds what one flush reads
_HEADER = struct.Struct("<II")
_SUFFIX = ".log"


class Spool:
    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._lock = threading.Lock()
        self._sealed = [segment for segment in sorted(folder.glob(f"*{_SUFFIX}")) if _recover(segment)]
        self._sealed_bytes = sum(segment.stat().st_size for segment in self._sealed)
        self._active, self._active_file, self._active_bytes = self._start_segment()
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self.commits = 0  # fsyncs of records: with many requests at once, far fewer than requests
        self._thread = threading.Thread(target=self._write_loop, name="collector-spool", daemon=True)
        self._thread.start()

    def append(self, payload: bytes) -> Future:
        """Queue one record; the future is done once it is on disk (or failed to get there)."""
        done: Future = Future()
        self._queue.put((payload, done))
        return done

    def seal(self) -> None:
        """Close the segment being written (if it holds records) and start the next one."""
        done: Future = Future()
        self._queue.put((_SEAL, done))
        done.result()

    def sealed(self) -> list[Path]:
        """The sealed segments not trimmed yet, oldest first."""
        with self._lock:
            return list(self._sealed)

    def trim(self, segment: Path) -> None:
        """Delete a sealed segment whose events are all in renamed files."""
        size = segment.stat().st_size
        segment.unlink()
        sync_folder(self.folder)
        with self._lock:
            self._sealed.remove(segment)
            self._sealed_bytes -= size

    @property
    def backlog_bytes(self) -> int:
        """Bytes of records not yet flushed (sealed segments and the one being written)."""
        with self._lock:
            return self._sealed_bytes + self._active_bytes

    def close(self) -> None:
        """Write what is queued, stop the writer; the last segment stays for the next start."""
        done: Future = Future()
        self._queue.put((_STOP, done))
        done.result()
        self._thread.join()

    def _start_segment(self) -> tuple[Path, int, int]:
        now = dt.datetime.now(dt.timezone.utc)
        # Sorted by creation time; the random part keeps names unique across restarts.
        path = self.folder / f"{now:%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(4)}{_SUFFIX}"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        sync_folder(self.folder)
        return path, descriptor, 0

    def _write_loop(self) -> None:
        while True:
            items = [self._queue.get()]
            while True:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            records = []
            for payload, done in items:
                if payload is _SEAL or payload is _STOP:
                    self._write(records)
                    records = []
                    self._seal_active(reopen=payload is _SEAL)
                    done.set_result(None)
                    if payload is _STOP:
                        return
                else:
                    records.append((payload, done))
            self._write(records)
            if self._active_bytes >= SEGMENT_BYTES:
                self._seal_active(reopen=True)

    def _write(self, records: list[tuple[bytes, Future]]) -> None:
        if not records:
            return
        data = b"".join(_HEADER.pack(len(payload), zlib.crc32(payload)) + payload for payload, _ in records)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._active_file, view):]
            os.fsync(self._active_file)
        except OSError as error:
            # Cut a partial write off, or recovery would stop there and miss later records.
            os.ftruncate(self._active_file, self._active_bytes)
            for _, done in records:
                done.set_exception(error)
            return
        with self._lock:
            self._active_bytes += len(data)
        self.commits += 1
        for _, done in records:
            done.set_result(None)

    def _seal_active(self, reopen: bool) -> None:
        os.close(self._active_file)
        with self._lock:
            if self._active_bytes:
                self._sealed.append(self._active)
                self._sealed_bytes += self._active_bytes
            else:
                self._active.unlink()
            if reopen:
                self._active, self._active_file, self._active_bytes = self._start_segment()
            else:
                self._active_bytes = 0


def records(segment: Path) -> Iterator[bytes]:
    """The payloads of a segment's whole records, in order."""
    data = segment.read_bytes()
    position = 0
    while position + _HEADER.size <= len(data):
        length, checksum = _HEADER.unpack_from(data, position)
        start, end = position + _HEADER.size, position + _HEADER.size + length
        if end > len(data) or zlib.crc32(data[start:end]) != checksum:
            return
        yield data[start:end]
        position = end


def _recover(segment: Path) -> bool:
    """Cut `segment` after its last whole record; delete it when it has none. True if kept."""
    whole = sum(_HEADER.size + len(payload) for payload in records(segment))
    if whole == 0:
        segment.unlink()
        return False
    if whole < segment.stat().st_size:
        with open(segment, "rb+") as file:
            file.truncate(whole)
            os.fsync(file.fileno())
    return True


_SEAL, _STOP = object(), object()
