"""Random streams: one per (seed, purpose, day), plus a counter-based hash.

Every random draw comes from a stream named by what it decides and the day (index since
launch) it belongs to, so a day's rows never depend on which other days were generated
in the same call. Decisions that must agree however rows are grouped (a heartbeat's
jitter, whether a fault hits a row) use `uniform_hash` of the row's key instead.
"""

from __future__ import annotations

import numpy as np

# Purposes, fixed forever: changing a number changes every generated dataset.
POPULATION = 1
ACTIVITY = 2
SCHEDULE = 3
MATCHMAKING = 4
COMBAT = 5
MOVEMENT = 6
PURCHASES = 7
JITTER = 8
FAULT_LATE = 9
FAULT_DUPLICATE = 10
FAULT_DUPLICATE_FILE = 11
FAULT_DROP = 12

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def stream(seed: int, purpose: int, *keys: int) -> np.random.Generator:
    """The generator for `purpose` on (seed, *keys), independent of every other stream."""
    return np.random.default_rng(np.random.SeedSequence([seed, purpose, *keys]))


def mix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: a bijection of uint64 whose outputs look independent."""
    x = x ^ (x >> np.uint64(30))  # a new array: `x` itself is left alone
    x *= _M1
    x ^= x >> np.uint64(27)
    x *= _M2
    x ^= x >> np.uint64(31)
    return x


def key_hash(seed: int, purpose: int, *keys: np.ndarray | int) -> np.ndarray:
    """A uint64 hash of (seed, purpose, *keys), element-wise over the array keys."""
    return extend_hash(mix64(np.asarray([seed * 0x100 + purpose], dtype=np.uint64)), *keys)


def extend_hash(h: np.ndarray, *keys: np.ndarray | int) -> np.ndarray:
    """The hash `h` of some keys extended by more keys, element-wise:
    key_hash(seed, purpose, a, b) == extend_hash(key_hash(seed, purpose, a), b). So the
    part shared by many rows (a session's) is hashed once and repeated."""
    for key in keys:
        key = np.asarray(key)
        h = h + (key.view(np.uint64) if key.dtype == np.int64 else key.astype(np.uint64))
        h *= _GOLDEN
        h = mix64(h)
    return h


def uniform_hash(seed: int, purpose: int, *keys: np.ndarray | int) -> np.ndarray:
    """Uniform [0, 1) numbers that depend only on (seed, purpose, *keys)."""
    return to_uniform(key_hash(seed, purpose, *keys))


def to_uniform(h: np.ndarray) -> np.ndarray:
    return (h >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))
