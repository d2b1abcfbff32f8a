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

import contextlib
import datetime as dt
import logging
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

log = logging.getLogger("sprint.collector")
SEGMENT_BYTES = 64 * 1024 * 1024  # a segment is sealed at this size: bounds what one flush reads
_HEADER = struct.Struct("<II")
_SUFFIX = ".log"


class Spool:
    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._lock = threading.Lock()
        # Sealed segments not trimmed yet, oldest first, with the bytes of their whole records.
        self._sealed = {segment: size for segment in sorted(folder.glob(f"*{_SUFFIX}")) if (size := _recover(segment))}
        self._active, self._active_file, self._active_bytes = self._start_segment()
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self.commits = 0  # fsyncs of records: with many requests at once, far fewer than requests
        self._broken = False  # a failed write could not be cut off: the next write starts a segment
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
        segment.unlink()
        sync_folder(self.folder)
        with self._lock:
            del self._sealed[segment]

    @property
    def backlog_bytes(self) -> int:
        """Bytes of records not yet flushed (sealed segments and the one being written)."""
        with self._lock:
            return sum(self._sealed.values()) + self._active_bytes

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
            try:
                if self._handle(items):
                    return
            except Exception as error:  # a bug: the requests fail, the writer lives on
                log.exception("the spool's writer failed on a batch of requests")
                for _, done in items:
                    if not done.done():
                        done.set_exception(error)

    def _handle(self, items: list[tuple[object, Future]]) -> bool:
        """Write the records of `items` and carry out their seals; True at the stop."""
        records = []
        for payload, done in items:
            if payload is not _SEAL and payload is not _STOP:
                records.append((payload, done))
                continue
            self._write(records)
            records = []
            try:
                if payload is _STOP:
                    self._close()
                else:
                    self._seal_active()
            except OSError as error:  # no new segment (a full disk): the current one stays
                done.set_exception(error)
            else:
                done.set_result(None)
            if payload is _STOP:
                return True
        self._write(records)
        if self._active_bytes >= SEGMENT_BYTES:
            with contextlib.suppress(OSError):  # tried again after the next write
                self._seal_active()
        return False

    def _write(self, records: list[tuple[bytes, Future]]) -> None:
        if not records:
            return
        data = b"".join(_HEADER.pack(len(payload), zlib.crc32(payload)) + payload for payload, _ in records)
        try:
            if self._broken:
                self._seal_active()
            view = memoryview(data)
            while view:
                view = view[os.write(self._active_file, view):]
            os.fsync(self._active_file)
        except OSError as error:
            for _, done in records:
                done.set_exception(error)
            try:
                # Cut a partial write off: recovery stops at a partial record, so none may follow it.
                os.ftruncate(self._active_file, self._active_bytes)
            except OSError:
                self._broken = True  # then nothing more goes into this segment
            return
        with self._lock:
            self._active_bytes += len(data)
        self.commits += 1
        for _, done in records:
            done.set_result(None)

    def _seal_active(self) -> None:
        """Start the next segment, then seal the current one (kept as it is if this fails)."""
        following = self._start_segment()
        os.close(self._active_file)
        with self._lock:
            self._retire_active()
            self._active, self._active_file, self._active_bytes = following
        self._broken = False

    def _close(self) -> None:
        os.close(self._active_file)
        with self._lock:
            self._retire_active()
            self._active_bytes = 0

    def _retire_active(self) -> None:
        """The closed current segment joins the sealed ones, or goes if it holds nothing."""
        if self._active_bytes:
            self._sealed[self._active] = self._active_bytes
        else:
            self._active.unlink(missing_ok=True)


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


def _recover(segment: Path) -> int:
    """Cut `segment` after its last whole record, or delete it when it has none; its bytes left."""
    whole = sum(_HEADER.size + len(payload) for payload in records(segment))
    if whole == 0:
        segment.unlink()
    elif whole < segment.stat().st_size:
        with open(segment, "rb+") as file:
            file.truncate(whole)
            os.fsync(file.fileno())
    return whole


_SEAL, _STOP = object(), object()
