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
    """Heartbeats number first .. first + count - 1 of each player-session in `session_rows`.

    Whatever is the same for a session's rows (ids, team, path parameters, the session's
    part of the jitter hash) is computed once per session and repeated.
    """
    interval = HEARTBEAT.interval_s

    def per_row(values: np.ndarray) -> np.ndarray:
        return np.repeat(values, count)

    n = int(count.sum())
    session_id, player_id = sessions.session_id[session_rows], sessions.player_id[session_rows]
    start_s = sessions.start_s[session_rows]
    ends = np.cumsum(count)  # one past each session's last row
    starts = ends - count
    # tick of row i: start_s // 30 + its heartbeat number i - (starts - first), because
    # start_s is 2-27 s into a tick: (start_s + 30 beat) // 30 == start_s // 30 + beat
    tick = np.arange(n, dtype=np.int64)
    tick += per_row(start_s // interval - (starts - first))
    nominal_us = tick * (interval * 1_000_000)
    nominal_us += per_row(start_s % interval * 1_000_000)
    jitter = rng.to_uniform(rng.extend_hash(per_row(rng.key_hash(seed, rng.JITTER, session_id, player_id)), tick))
    jitter *= 2.0
    jitter -= 1.0
    beat_zero = starts[first == 0]
    jitter[beat_zero] = np.abs(jitter[beat_zero])  # the first heartbeat is never before the start
    jitter *= HEARTBEAT.jitter_s
    jitter *= 1e6
    ts_us = nominal_us
    ts_us += np.round(jitter, out=jitter).astype(np.int64)
    # none after the end: only a session's last heartbeat can pass it (the others are
    # 30 s - jitter before it), and every session's last row here is checked
    last = ends - 1
    ts_us[last] = np.minimum(ts_us[last], sessions.end_s[session_rows] * 1_000_000)
    x, y, z = positions(sessions.motion.take(session_rows), count, ts_us)
    return {
        "session_id": per_row(session_id),
        "player_id": per_row(player_id),
        "team_id": per_row(sessions.team_id[session_rows]),
        "event_ts": ts_us,
        "position_x": x,
        "position_y": y,
        "position_z": z,
    }
