"""Who plays on a given day: retention decided per (player, day).

A player always plays on their registration day. After that they play on day `age`
while age < churn_age, each day with probability `engagement`, fading with age and
higher on weekends (params.Retention).

The day's stream (rng.ACTIVITY) draws one number per registered player, so the decision
is a function of (seed, player, day) and needs no replay of earlier days.
"""

from __future__ import annotations

import numpy as np

from generator import calendar
from generator.params import RETENTION
from generator.population import Population


def active_players(gen: np.random.Generator, population: Population, day: int) -> np.ndarray:
    """Indexes (player_id - 1) of the players who play on local day `day`.

    `gen` must be the day's own stream: it draws one number per registered player.
    """
    n = population.registered_by(day)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    u = gen.random(n)
    age = day - population.registration_day[:n]
    fading = (1.0 + np.maximum(age, 0) / RETENTION.fatigue_tau_days) ** -RETENTION.fatigue_power
    chance = population.engagement[:n] * fading
    if calendar.weekday(day) >= 5:
        chance = np.minimum(chance * RETENTION.weekend_uplift, 1.0)
    plays = (age == 0) | ((age < population.churn_age[:n]) & (u < chance))
    return np.flatnonzero(plays)
