"""When an active player queues for matches on their local day (in their home time zone).

A player's day runs from `day_start_hour` local time to the same hour the next day, so
the matches of two days of one player can never overlap. The first queue time follows
the local-time mixture in params.Schedule (evening peak, weekend afternoons); after each
match the player queues again after a short break or a long one, until they have played
their sessions for the day or the day is over.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator import calendar
from generator.params import SCHEDULE, Schedule
from generator.population import Population


@dataclass(frozen=True)
class DayPlan:
    """For each active player of one local day (same order as the `players` passed in)."""

    sessions: np.ndarray  # int8, matches the player intends to play (1..max_sessions)
    first_queue_s: np.ndarray  # int64 UTC epoch seconds
    day_end_s: np.ndarray  # int64 UTC epoch seconds: the player's day ends here


def plan_day(
    gen: np.random.Generator,
    population: Population,
    players: np.ndarray,
    day: int,
    params: Schedule = SCHEDULE,
) -> DayPlan:
    n = len(players)
    weekend = calendar.weekday(day) >= 5
    intensity = params.extra_sessions * (0.5 + population.engagement[players])
    if weekend:
        intensity = intensity * params.weekend_session_uplift
    sessions = np.minimum(1 + gen.poisson(intensity), params.max_sessions).astype(np.int8)

    offset = population.utc_offset_s[players].astype(np.int64)
    day_start = calendar.day_start_s(day) + round(params.day_start_hour * 3600) - offset
    hour = _local_start_hour(gen, n, params.weekend_mix if weekend else params.weekday_mix, params)
    first_queue = day_start + np.round((hour - params.day_start_hour) * 3600).astype(np.int64)
    # servers open at launch (00:00 UTC): players east of UTC whose evening came earlier queue then
    first_queue = np.maximum(first_queue, calendar.LAUNCH_EPOCH_S)
    return DayPlan(sessions, first_queue, day_start + calendar.DAY_S)


def _local_start_hour(
    gen: np.random.Generator, n: int, mix: tuple[float, float, float], params: Schedule
) -> np.ndarray:
    """Local clock hour in [day_start_hour, day_start_hour + 24) of a player's first queue."""
    kind = gen.choice(3, size=n, p=np.asarray(mix) / sum(mix))
    hour = np.where(
        kind == 0,
        gen.normal(params.evening_mean_hour, params.evening_sd_hours, n),
        gen.normal(params.afternoon_mean_hour, params.afternoon_sd_hours, n),
    )
    hour = np.where(kind == 2, gen.uniform(0, 24, n), hour)
    return params.day_start_hour + np.mod(hour - params.day_start_hour, 24.0)


def next_queue_s(gen: np.random.Generator, leave_s: np.ndarray, params: Schedule = SCHEDULE) -> np.ndarray:
    """When players who left a match at `leave_s` queue for their next one."""
    n = len(leave_s)
    pause = np.where(
        gen.random(n) < params.back_to_back_share,
        gen.exponential(params.requeue_mean_s, n),
        gen.exponential(params.break_mean_s, n),
    )
    return leave_s + params.min_gap_s + np.round(pause).astype(np.int64)
