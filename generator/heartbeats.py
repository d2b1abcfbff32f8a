"""Heartbeat rows: one per player per 30-second tick while in a match.

A player-session that starts at `start_s` (2-27 s into a tick) and ends at `end_s` has
heartbeats at start_s + 30 i + jitter for i = 0 .. (end_s - start_s) // 30, the first
one at or after the start and none after the end. Jitter is at most +-2 s, so every
heartbeat stays inside its own tick: one per tick, and a UTC midnight (a tick boundary)
splits a session's heartbeats cleanly between two dates. Jitter is a hash of
(session, player, tick), so a row is the same whichever day or chunk computes it.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from generator import calendar, rng
from generator.movement import positions
from generator.params import HEARTBEAT
from generator.sessions import DaySessions

TICKS_PER_DAY = calendar.DAY_S // HEARTBEAT.interval_s


def rows_on(sessions: DaySessions, day: int) -> tuple[np.ndarray, np.ndarray]:
    """Per player-session: the first heartbeat number on UTC `day` and how many there are."""
    interval = HEARTBEAT.interval_s
    first_tick = sessions.start_s // interval
    count = (sessions.end_s - sessions.start_s) // interval + 1
    day_tick = calendar.day_start_s(day) // interval
    lo = np.clip(day_tick - first_tick, 0, count)
    hi = np.clip(day_tick + TICKS_PER_DAY - first_tick, 0, count)
    return lo, hi - lo


def heartbeat_chunks(
    sessions: DaySessions,
    day: int,
    seed: int,
    chunk_rows: int,
) -> Iterator[dict[str, np.ndarray]]:
    """Columns of the heartbeats on UTC `day`, at most about `chunk_rows` rows at a time."""
    first, count = rows_on(sessions, day)
    keep = np.flatnonzero(count > 0)
    first, count = first[keep], count[keep]
    ends = np.cumsum(count)
    # chunk boundaries at whole player-sessions
    cuts = np.searchsorted(ends, np.arange(chunk_rows, ends[-1] if len(ends) else 0, chunk_rows), side="left") + 1
    for part in np.split(np.arange(len(keep)), cuts):
        if len(part):
            yield _rows(sessions, keep[part], first[part], count[part], seed)


def _rows(
    sessions: DaySessions, session_rows: np.ndarray, first: np.ndarray, count: np.ndarray, seed: int
) -> dict[str, np.ndarray]:
    interval = HEARTBEAT.interval_s
    n = int(count.sum())
    local = np.repeat(np.arange(len(session_rows)), count)
    beat = np.arange(n) - np.repeat(np.cumsum(count) - count, count) + first[local]
    row = session_rows[local]
    session_id, player_id = sessions.session_id[row], sessions.player_id[row]
    start_s = sessions.start_s[row]
    nominal_s = start_s + interval * beat
    jitter = rng.uniform_hash(seed, rng.JITTER, session_id, player_id, nominal_s // interval) * 2.0 - 1.0
    jitter = np.where(beat == 0, np.abs(jitter), jitter) * HEARTBEAT.jitter_s
    ts_us = np.minimum(nominal_s * 1_000_000 + np.round(jitter * 1e6).astype(np.int64), sessions.end_s[row] * 1_000_000)
    x, y, z = positions(sessions.motion, row, ts_us)
    return {
        "session_id": session_id,
        "player_id": player_id,
        "team_id": sessions.team_id[row],
        "event_ts": ts_us,
        "position_x": x,
        "position_y": y,
        "position_z": z,
    }
