"""`generate`: simulate days and write them as SPEC §1 raw files, one UTC date at a time.

A UTC date's rows come from the local days that overlap it: the day before, the day and
the day after (a player's day runs from 05:00 to 05:00 local time, and any offset from
UTC-19 to UTC+24 keeps it inside three UTC dates; params.COUNTRIES spans UTC-6..+12).
Local days are simulated at the player-session level, which is cheap, and kept in a
small cache while the dates they feed are written; heartbeat rows, the bulk of the data,
are computed per date and chunk and streamed to the writer, so memory does not grow
with the number of days. Files are written by a background thread (writer.BackgroundWriter)
while the next rows are computed.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
from tqdm import tqdm

from generator import calendar, contract, datasets, rng
from generator.calendar import LAUNCH_DATE
from generator import faults as fault
from generator.errors import GeneratorArgumentError, check
from generator.faults import NO_FAULTS, FaultConfig
from generator.population import Population, build_population
from generator.purchases import Purchases, day_purchases
from generator.sessions import DaySessions, simulate_day
from generator.writer import BackgroundWriter, DayFolder, WrittenFile

CHUNK_ROWS = 1_000_000  # heartbeat rows per chunk / row group: bounds memory per day
MAX_SEED = 2**32


@dataclass
class DatasetReport:
    """What one dataset got in a `generate` call (all its files, late ones included)."""

    rows: int = 0
    bytes: int = 0
    seconds: float = 0.0  # time spent cutting its rows plus the writer thread's time writing them

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class GenerationReport:
    """What a `generate` call wrote: per dataset rows, bytes and seconds, and the totals."""

    out: Path
    start: dt.date
    days: int
    seconds: float = 0.0  # the whole call
    simulation_seconds: float = 0.0  # simulating local days (players, matches, outcomes), in any thread
    datasets: dict[str, DatasetReport] = field(default_factory=lambda: {d: DatasetReport() for d in contract.DATASET_NAMES})

    def lines(self) -> list[str]:
        """A human summary: rows, bytes and rows/s per dataset."""
        out = [
            f"wrote {self.days} day(s) from {self.start} to {self.out} in {self.seconds:.1f} s "
            f"({self.simulation_seconds:.1f} s simulating matches)"
        ]
        for name, r in self.datasets.items():
            out.append(f"  {name:<13} {r.rows:>12,} rows {r.bytes / 1e6:>9.1f} MB {r.rows_per_s:>12,.0f} rows/s")
        return out


def generate(
    out: Path,
    players: int,
    start: dt.date,
    days: int,
    seed: int,
    faults: FaultConfig | None = None,
    progress: bool = False,
    string_ids: bool = False,
) -> GenerationReport:
    """Write `days` UTC dates from `start` of telemetry for a game of `players` players.

    Files go to `<out>/<dataset>/event_date=YYYY-MM-DD/`, `_SUCCESS` last per folder. With
    `string_ids`, ids are written as strings (generator/ids.py), else as integers.
    The rows of a date depend only on (players, seed, date) and `faults`, never on
    `start` or `days`: generating dates one call at a time gives the same files as one
    call for all of them. Raises GeneratorArgumentError for bad arguments.
    """
    out = Path(out)
    _check_arguments(out, players, start, days, seed)
    faults = faults or NO_FAULTS
    began = time.perf_counter()
    _reuse_freed_memory()
    report = GenerationReport(out, start, days)
    first = calendar.day_index(start)
    late_delay = faults.late_delay_days if faults.late_rate > 0 else None
    with (
        _LocalDays(build_population(players, seed), seed, report) as days_sim,
        BackgroundWriter() as writer,
        tqdm(range(first, first + days), unit="day", disable=not progress, file=sys.stderr) as bar,
    ):
        for day in bar:
            days_sim.prefetch(day + 1)  # only the first date's: later ones were prefetched before
            if day + 1 < first + days:
                days_sim.prefetch(day + 2)  # the next date's new local day, while this date is written
            _write_date(out, day, days_sim, seed, faults, string_ids, report, writer)
            if late_delay is not None and day - late_delay >= 0:
                writer.flush()  # whether the late day has landed
                _write_late(out, day - late_delay, day, days_sim, seed, faults, string_ids, report, writer)
            days_sim.forget_before(day - 1 - (late_delay or 0))
            bar.set_postfix(heartbeats=f"{_written(writer, 'heartbeats'):,}")
    for file in writer.files:
        _account(report, file.label, file)
    report.seconds = time.perf_counter() - began
    _release_freed_memory()
    return report


class _LocalDays:
    """Simulated local days (sessions and purchases), computed once while needed.

    `prefetch` simulates a day in a background thread while the caller goes on (numpy
    releases the GIL in its array work); a day is the same whichever thread simulates it,
    as it draws only from its own streams. Use as a context manager.
    """

    def __init__(self, population: Population, seed: int, report: GenerationReport):
        self.population, self.seed, self.report = population, seed, report
        self._days: dict[int, tuple[DaySessions, Purchases]] = {}
        self._pending: dict[int, Future] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="generator-simulation")

    def __enter__(self) -> _LocalDays:
        return self

    def __exit__(self, *_) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def prefetch(self, day: int) -> None:
        if day >= 0 and day not in self._days and day not in self._pending:
            self._pending[day] = self._pool.submit(self._simulate, day)

    def get(self, day: int) -> tuple[DaySessions, Purchases]:
        if day < 0:  # before launch
            return DaySessions.empty(), Purchases.empty()
        if day not in self._days:
            pending = self._pending.pop(day, None)
            sessions, bought, seconds = pending.result() if pending else self._simulate(day)
            self._days[day] = sessions, bought
            self.report.simulation_seconds += seconds
        return self._days[day]

    def _simulate(self, day: int) -> tuple[DaySessions, Purchases, float]:
        began = time.perf_counter()
        sessions = simulate_day(self.population, day, self.seed)
        bought = day_purchases(rng.stream(self.seed, rng.PURCHASES, day), sessions, day)
        return sessions, bought, time.perf_counter() - began

    def overlapping(self, date: int) -> tuple[DaySessions, Purchases]:
        """Everything of the local days that can have events on UTC `date`."""
        parts = [self.get(day) for day in (date - 1, date, date + 1)]
        return DaySessions.concat([s for s, _ in parts]), Purchases.concat([p for _, p in parts])

    def forget_before(self, day: int) -> None:
        for old in [d for d in self._days if d < day]:
            del self._days[old]


def _write_date(
    out: Path,
    day: int,
    days_sim: _LocalDays,
    seed: int,
    faults: FaultConfig,
    string_ids: bool,
    report: GenerationReport,
    writer: BackgroundWriter,
) -> None:
    """The on-time delivery of UTC `day`: each dataset's files, then its `_SUCCESS`."""
    sessions, bought = days_sim.overlapping(day)
    late = fault.late(seed, faults, sessions.session_id, sessions.player_id)
    on_time = sessions.take(~late) if late.any() else sessions
    for name, tables in _tables(on_time, bought, day, seed, faults, late=False).items():
        began = time.perf_counter()
        folder = DayFolder(out, name, calendar.date_of(day))
        writer.reset(folder)
        redelivered: list[pa.Table] = []
        with_copies = fault.with_duplicates(seed, faults, name, tables, redelivered)
        schema, options, files = datasets.as_written(name, with_copies, string_ids)
        writer.write(folder, "part-0000.parquet", schema, files, name, options)
        if faults.duplicate_rate > 0:
            schema, options, files = datasets.as_written(name, redelivered, string_ids)
            writer.write(folder, "redelivery-0000.parquet", schema, files, name, options)
        writer.mark_landed(folder)
        report.datasets[name].seconds += time.perf_counter() - began


def _write_late(
    out: Path,
    day: int,
    delivered_on: int,
    days_sim: _LocalDays,
    seed: int,
    faults: FaultConfig,
    string_ids: bool,
    report: GenerationReport,
    writer: BackgroundWriter,
) -> None:
    """The held-back rows of UTC `day`, as an extra file in its folder if it has landed."""
    sessions, bought = days_sim.overlapping(day)
    held = sessions.take(fault.late(seed, faults, sessions.session_id, sessions.player_id))
    file_name = f"late-{calendar.date_of(delivered_on).isoformat()}.parquet"
    for name, tables in _tables(held, bought, day, seed, faults, late=True).items():
        folder = DayFolder(out, name, calendar.date_of(day))
        if folder.landed():
            began = time.perf_counter()
            schema, options, files = datasets.as_written(name, tables, string_ids)
            writer.write(folder, file_name, schema, files, name, options)
            report.datasets[name].seconds += time.perf_counter() - began


def _tables(sessions: DaySessions, bought: Purchases, day: int, seed: int, faults: FaultConfig, late: bool) -> dict:
    """Lazy Arrow tables per dataset for UTC `day`: its on-time rows or its late ones.

    `sessions` are already the on-time or the held-back player-sessions; purchases are
    split here. Dropped heartbeats are removed from both deliveries.
    """

    def purchases():
        table = datasets.purchases(bought, day)
        yield table.filter(pa.array(fault.late_rows(seed, faults, "purchases", table) == late))

    def heartbeats():
        for table in datasets.heartbeats(sessions, day, seed, CHUNK_ROWS):
            yield fault.drop_heartbeats(seed, faults, table)

    return {
        "session_ends": iter([datasets.session_ends(sessions, day)]),
        "purchases": purchases(),
        "heartbeats": heartbeats(),
    }


def _account(report: GenerationReport, name: str, file: WrittenFile) -> None:
    report.datasets[name].rows += file.rows
    report.datasets[name].bytes += file.bytes
    report.datasets[name].seconds += file.seconds


def _written(writer: BackgroundWriter, name: str) -> int:
    return sum(file.rows for file in list(writer.files) if file.label == name)


def _glibc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:  # not glibc (macOS, musl): nothing to tune
        return None


def _reuse_freed_memory() -> None:
    """Let glibc's malloc keep freed blocks of up to 64 MB for reuse (process-wide).

    The generator allocates and frees arrays of a few MB per chunk. By default glibc gives
    much of that back to the kernel and takes it again, a page fault per 4 kB: a fifth of
    the generator's CPU time went to the kernel. Setting both thresholds (setting one
    alone turns off glibc's own adaptation of the other and makes it worse) cuts the page
    faults by ~4x without raising peak memory; `generate` hands the memory back at its end.
    """
    if (libc := _glibc()) is not None:
        m_trim_threshold, m_mmap_threshold = -1, -3  # malloc.h
        libc.mallopt(m_mmap_threshold, 64 << 20)
        libc.mallopt(m_trim_threshold, 256 << 20)


def _release_freed_memory() -> None:
    if (libc := _glibc()) is not None:
        libc.malloc_trim(0)


def _check_arguments(out: Path, players: int, start: dt.date, days: int, seed: int) -> None:
    check(isinstance(players, int) and players >= 1, f"--players must be a positive integer, got {players}")
    check(isinstance(days, int) and days >= 1, f"--days must be a positive integer, got {days}")
    check(isinstance(seed, int) and 0 <= seed < MAX_SEED, f"--seed must be an integer in 0..{MAX_SEED - 1}, got {seed}")
    check(isinstance(start, dt.date), f"--start must be a date, got {start!r}")
    check(start >= LAUNCH_DATE, f"--start must be on or after the launch day {LAUNCH_DATE}, got {start}")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as error:
        raise GeneratorArgumentError(f"--out {out} is not a writable folder: {error.strerror or error}") from None
