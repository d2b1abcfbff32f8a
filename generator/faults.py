"""Delivery faults a real telemetry pipeline shows, injected on request (all off by default).

Every decision is a hash of (seed, fault, the row's natural key), so the same rows are hit
whichever call, day or chunk writes them, and turning faults on never changes the clean
rows themselves. What the warehouse should see, per dataset and UTC date:

- duplicate_rate: this share of rows is delivered twice. About half of the copies sit
  in the on-time file itself (after the originals of their chunk); the others are in an
  overlapping extra file `redelivery-0000.parquet` that lands with the day, before
  `_SUCCESS` (a retried upload). Natural keys (SPEC §1) repeat exactly.
- late_rate: this share of player-sessions (their session_end and heartbeats) and of
  purchases is held back from the on-time file and delivered as `late-<DATE>.parquet`
  in the same day folder after that day's `_SUCCESS`, while day DATE = day +
  late_delay_days is written (with late_delay_days = 0, right after the day lands). A
  late file is only delivered to a day that has landed in the output folder.
- dropped_heartbeat_rate: this share of heartbeats is never delivered (lost in transit);
  sessions then have gaps in their 30-second ticks.

Invariant for reliability tests: for every day, the union of its files deduplicated on
the natural key equals the fault-free output minus the dropped heartbeats, once the
late file has landed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator import rng
from generator.errors import check


@dataclass(frozen=True)
class FaultConfig:
    """Which delivery faults to inject (module docstring); the defaults inject none."""

    duplicate_rate: float = 0.0  # share of rows delivered twice: inline copies + redelivery file
    late_rate: float = 0.0  # share of player-sessions and purchases held back for a late file
    late_delay_days: int = 1  # day D's late file lands after day D + this has landed (0: after D)
    dropped_heartbeat_rate: float = 0.0  # share of heartbeats never delivered

    def __post_init__(self) -> None:
        for name in ("duplicate_rate", "late_rate", "dropped_heartbeat_rate"):
            value = getattr(self, name)
            check(0.0 <= value < 1.0, f"--{name.replace('_', '-')} must be in [0, 1), got {value}")
        check(0 <= self.late_delay_days <= 30, f"--late-delay-days must be in 0..30, got {self.late_delay_days}")


NO_FAULTS = FaultConfig()


def row_keys(dataset: str, table: pa.Table) -> tuple[np.ndarray, ...]:
    """The natural key of each row (SPEC §1); a heartbeat's time counts by its 30 s tick."""
    if dataset == "purchases":
        return (_integers(table, "purchase_id"),)
    keys = (_integers(table, "session_id"), _integers(table, "player_id"))
    if dataset == "heartbeats":
        keys += (_integers(table, "event_ts") // 30_000_000,)
    return keys


def _integers(table: pa.Table, name: str) -> np.ndarray:
    """An integer column (timestamps as epoch microseconds) as one numpy array."""
    return pc.cast(table.column(name), pa.int64()).to_numpy()


def late(seed: int, faults: FaultConfig, *keys: np.ndarray) -> np.ndarray:
    """Held back for the late file: keyed by (session_id, player_id) or by purchase_id."""
    if faults.late_rate == 0.0:
        return np.zeros(len(keys[0]), dtype=bool)
    return rng.uniform_hash(seed, rng.FAULT_LATE, *keys) < faults.late_rate


def late_rows(seed: int, faults: FaultConfig, dataset: str, table: pa.Table) -> np.ndarray:
    # a purchase is held back alone, the rest with their whole player-session
    return late(seed, faults, *row_keys(dataset, table)[:2])


def drop_heartbeats(seed: int, faults: FaultConfig, table: pa.Table) -> pa.Table:
    if faults.dropped_heartbeat_rate == 0.0 or table.num_rows == 0:
        return table
    u = rng.uniform_hash(seed, rng.FAULT_DROP, *row_keys("heartbeats", table))
    return table.filter(pa.array(u >= faults.dropped_heartbeat_rate))


def with_duplicates(
    seed: int,
    faults: FaultConfig,
    dataset: str,
    tables: Iterable[pa.Table],
    redelivery: list[pa.Table],
) -> Iterator[pa.Table]:
    """`tables`, each with its inline duplicates appended; the copies meant for the
    redelivery file are appended to `redelivery`."""
    for table in tables:
        if faults.duplicate_rate == 0.0 or table.num_rows == 0:
            yield table
            continue
        keys = row_keys(dataset, table)
        hit = rng.uniform_hash(seed, rng.FAULT_DUPLICATE, *keys) < faults.duplicate_rate
        to_file = rng.uniform_hash(seed, rng.FAULT_DUPLICATE_FILE, *keys) < 0.5
        redelivery.append(table.filter(pa.array(hit & to_file)))
        yield pa.concat_tables([table, table.filter(pa.array(hit & ~to_file))])
