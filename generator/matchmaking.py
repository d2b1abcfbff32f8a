"""Matchmaking: queued players of one region and time window become matches of teams.

Queue entries are ordered by (region, search window, skill). The search window widens
when few players queue (as matchmakers relax their search over time): in each region
and hour it lasts long enough to fill about one match, between `min_window_s` and
`max_window_s`. Each window's players form one pool (a window with a single player
joins the pool before it, as a lone player waits for the next lobby), and each pool is
split into matches of about `target_match_size` players of similar skill. A match has
2-4 teams, filled by a snake draft over skill so teams are balanced. Everything is
vectorised across all matches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator.params import MATCHMAKING, Matchmaking
from generator.sorting import lexsort


@dataclass(frozen=True)
class Matches:
    """Matched entries in (match, team) order; per-match arrays indexed by `match`."""

    entry: np.ndarray  # int64 index into the queue arrays that were passed in
    match: np.ndarray  # int64, 0..n_matches-1
    team: np.ndarray  # int32, 1..teams of the match
    join_s: np.ndarray  # int64 UTC epoch seconds the player entered the match
    leave_s: np.ndarray  # int64 UTC epoch seconds the player left
    match_start_s: np.ndarray  # int64, per match
    match_teams: np.ndarray  # int32, per match

    @property
    def n_matches(self) -> int:
        return len(self.match_start_s)


def form_matches(
    gen: np.random.Generator,
    queue_s: np.ndarray,
    region: np.ndarray,
    skill: np.ndarray,
    params: Matchmaking = MATCHMAKING,
) -> Matches:
    order, pool = _pools(queue_s, region, skill, _search_window(queue_s, region, params))
    pool_size = np.bincount(pool)
    pool_first = np.cumsum(pool_size) - pool_size
    per_pool = np.maximum(1, np.rint(pool_size / params.target_match_size)).astype(np.int64)
    rank = np.arange(len(order)) - pool_first[pool]
    match = (np.cumsum(per_pool) - per_pool)[pool] + rank * per_pool[pool] // pool_size[pool]

    size = np.bincount(match)
    first = np.cumsum(size) - size
    lo = np.maximum(params.min_teams, -(-size // params.max_team_size))
    hi = np.minimum(params.max_teams, size)
    teams = (lo + np.floor(gen.random(len(size)) * (hi - lo + 1))).astype(np.int64)
    rank = np.arange(len(order)) - first[match]
    t = teams[match]
    lap, seat = np.divmod(rank, t)
    team = np.where(lap % 2 == 0, seat, t - 1 - seat) + 1  # snake draft: 1 2 3 3 2 1 1 ...

    lobby = gen.integers(params.lobby_min_s, params.lobby_max_s + 1, len(size))
    start = np.maximum.reduceat(queue_s[order], first) + lobby
    length = np.clip(
        gen.lognormal(np.log(params.length_median_s), params.length_sigma, len(size)),
        params.length_min_s,
        params.length_max_s,
    )
    join, leave = _presence(gen, start[match], length[match], params)

    by_team = lexsort((team, match))
    return Matches(
        entry=order[by_team],
        match=match[by_team],
        team=team[by_team].astype(np.int32),
        join_s=join[by_team],
        leave_s=leave[by_team],
        match_start_s=start,
        match_teams=teams.astype(np.int32),
    )


def _search_window(queue_s: np.ndarray, region: np.ndarray, params: Matchmaking) -> np.ndarray:
    """A search window number per entry, unique across (region, hour)."""
    hour = queue_s // 3600
    bucket = np.unique(region.astype(np.int64) << 40 | hour, return_inverse=True)[1]
    per_hour = np.bincount(bucket)[bucket]
    width = np.clip(3600 * params.target_match_size // per_hour, params.min_window_s, params.max_window_s)
    return hour * 3600 + (queue_s - hour * 3600) // width  # windows never straddle hours


def _pools(
    queue_s: np.ndarray, region: np.ndarray, skill: np.ndarray, window: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Entries in pool order and the pool of each; entries that cannot be matched dropped."""
    order = lexsort((skill, window, region))
    w, r = window[order], region[order]
    n = len(order)
    new_run = np.ones(n, dtype=bool)
    new_run[1:] = (w[1:] != w[:-1]) | (r[1:] != r[:-1])
    new_region = np.ones(n, dtype=bool)
    new_region[1:] = r[1:] != r[:-1]
    run = np.cumsum(new_run) - 1
    lone = np.bincount(run)[run] == 1
    # a lone entry waits for the pool before it; the first of a region for the one after
    new_pool = new_run & (~lone | new_region)
    first_alone = new_region & lone
    new_pool[1:] &= ~(first_alone[:-1] & ~new_region[1:])
    pool = np.cumsum(new_pool) - 1
    matchable = np.bincount(pool)[pool] >= 2  # only a region with one entry in all is left
    order, pool = order[matchable], pool[matchable]
    return order, np.unique(pool, return_inverse=True)[1]


def _presence(
    gen: np.random.Generator, start: np.ndarray, length: np.ndarray, params: Matchmaking
) -> tuple[np.ndarray, np.ndarray]:
    """Join and leave times: most play the whole match, some join late or leave early."""
    n = len(start)
    offset = np.where(
        gen.random(n) < params.late_join_share,
        length * gen.uniform(0.05, params.late_join_max_fraction, n),
        gen.uniform(0, params.load_in_max_s, n),
    )
    stay = np.where(gen.random(n) < params.early_leave_share, gen.uniform(0.2, 0.95, n), 1.0)
    join = start + np.round(offset).astype(np.int64)
    leave = np.maximum(start + np.round(length * stay).astype(np.int64), join + params.min_session_s)
    return join, leave
