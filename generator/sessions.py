"""One local day of play: who plays, their matches, outcomes and paths (no rows yet).

`simulate_day` runs the schedule and matchmaking in rounds: round r matches everyone
queueing for their r-th match of the day, and their next queue time follows from when
they left. Every round is vectorised across all players and matches. The result is a
player-session table from which session_ends, heartbeats and purchases are cut for any
UTC date (a local day spans up to three UTC dates).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from generator import rng
from generator.combat import kills_and_deaths
from generator.matchmaking import form_matches
from generator.movement import Motion, layout
from generator.params import HEARTBEAT, MATCHMAKING, SCHEDULE
from generator.population import COUNTRY_REGION, COUNTRY_SHARES, Population
from generator.retention import active_players
from generator.schedule import next_queue_s, plan_day

# session_id = (day + 1) * SESSION_ID_BLOCK + match number within the day
SESSION_ID_BLOCK = 10**9


@dataclass(frozen=True)
class DaySessions:
    """Player-sessions, sorted by (session_id, team_id)."""

    session_id: np.ndarray  # int64
    player_id: np.ndarray  # int64
    team_id: np.ndarray  # int32
    start_s: np.ndarray  # int64 UTC epoch seconds; start_s % 30 is in [2, 28)
    end_s: np.ndarray  # int64 UTC epoch seconds
    country: np.ndarray  # int8 index into population.COUNTRY_CODES
    kills: np.ndarray  # int32
    deaths: np.ndarray  # int32
    spender: np.ndarray  # int8 spender class of the player
    motion: Motion

    def __len__(self) -> int:
        return len(self.session_id)

    def take(self, index: np.ndarray) -> DaySessions:
        return DaySessions(
            **{
                f.name: getattr(self, f.name).take(index) if f.name == "motion" else getattr(self, f.name)[index]
                for f in fields(self)
            }
        )

    @staticmethod
    def empty() -> DaySessions:
        i64, i32, i8, f32 = (np.zeros(0, t) for t in (np.int64, np.int32, np.int8, np.float32))
        motion = Motion(i64, *([f32] * (len(fields(Motion)) - 1)))
        return DaySessions(i64, i64, i32, i64, i64, i8, i32, i32, i8, motion)

    @staticmethod
    def concat(parts: list[DaySessions]) -> DaySessions:
        return DaySessions(
            **{
                f.name: Motion.concat([p.motion for p in parts])
                if f.name == "motion"
                else np.concatenate([getattr(p, f.name) for p in parts])
                for f in fields(DaySessions)
            }
        )


def simulate_day(population: Population, day: int, seed: int) -> DaySessions:
    """All matches played on local day `day` (days since launch) by the population."""
    players = active_players(rng.stream(seed, rng.ACTIVITY, day), population, day)
    sched = rng.stream(seed, rng.SCHEDULE, day)
    mm = rng.stream(seed, rng.MATCHMAKING, day)
    plan = plan_day(sched, population, players, day)
    region = COUNTRY_REGION[population.country[players]]
    skill = population.skill[players]
    remaining = plan.sessions.astype(np.int64)
    queue = plan.first_queue_s.copy()

    rounds: list[tuple[np.ndarray, ...]] = []
    n_matches = 0
    for _ in range(SCHEDULE.max_sessions):
        waiting = np.flatnonzero((remaining > 0) & (queue < plan.day_end_s - SCHEDULE.last_queue_before_day_end_s))
        if len(waiting) < 2:
            break
        m = form_matches(mm, queue[waiting], region[waiting], skill[waiting])
        who = waiting[m.entry]
        start = _heartbeat_aligned(mm, m.join_s)
        end = np.minimum(m.leave_s, plan.day_end_s[who])  # nobody plays into their next day
        played = end - start >= MATCHMAKING.min_session_s
        left = remaining[who] - 1
        remaining[waiting] = 0  # unmatched players and those out of time stop for the day
        who, left = who[played], left[played]
        remaining[who] = left
        queue[who] = next_queue_s(sched, end[played])
        rounds.append(
            (
                who,
                m.match[played] + n_matches,
                m.team[played],
                start[played],
                end[played],
                m.match_start_s[m.match[played]],
                m.match_teams[m.match[played]],
            )
        )
        n_matches += m.n_matches

    if not rounds:
        return DaySessions.empty()
    who, match, team, start, end, match_start, match_teams = (np.concatenate(c) for c in zip(*rounds, strict=True))
    match = np.unique(match, return_inverse=True)[1]  # dense: matches where everyone dropped vanish
    first = np.flatnonzero(np.r_[True, match[1:] != match[:-1]])
    player = players[who]

    kills, deaths = kills_and_deaths(
        rng.stream(seed, rng.COMBAT, day),
        match,
        team,
        (end - start).astype(np.float64),
        skill[who],
    )
    home = population.country[player]
    travel = sched.random(len(player)) < MATCHMAKING.travel_share
    country = np.where(travel, sched.choice(len(COUNTRY_SHARES), size=len(player), p=COUNTRY_SHARES), home)
    motion = layout(rng.stream(seed, rng.MOVEMENT, day), match, team, match_start[first], match_teams[first])
    return DaySessions(
        session_id=(day + 1) * SESSION_ID_BLOCK + match.astype(np.int64) + 1,
        player_id=player.astype(np.int64) + 1,
        team_id=team,
        start_s=start,
        end_s=end,
        country=country.astype(np.int8),
        kills=kills,
        deaths=deaths,
        spender=population.spender[player],
        motion=motion,
    )


def _heartbeat_aligned(gen: np.random.Generator, join_s: np.ndarray) -> np.ndarray:
    """The first heartbeat's time: at or after joining, 2-27 s into a 30 s tick.

    With +-jitter_s of jitter every later heartbeat then stays inside its own tick.
    """
    interval, margin = HEARTBEAT.interval_s, int(np.ceil(HEARTBEAT.jitter_s))
    aligned = join_s - join_s % interval + gen.integers(margin, interval - margin, len(join_s))
    return np.where(aligned < join_s, aligned + interval, aligned)
