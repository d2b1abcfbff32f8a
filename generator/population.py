"""The players: registration day, home country, skill, engagement and spender class.

Attributes are drawn in fixed blocks of player ids, each from its own stream, so a
player's attributes are a function of (seed, player_id) alone. Registration days come
from acquisition.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator import rng
from generator.acquisition import registration_day
from generator.params import COUNTRIES, REGIONS, RETENTION, SPENDING

BLOCK = 1 << 16

COUNTRY_CODES = np.array([c.code for c in COUNTRIES])
COUNTRY_SHARES = np.array([c.share for c in COUNTRIES]) / sum(c.share for c in COUNTRIES)
COUNTRY_OFFSET_S = np.array([round(c.utc_offset_hours * 3600) for c in COUNTRIES], dtype=np.int64)
COUNTRY_REGION = np.array([REGIONS.index(c.region) for c in COUNTRIES], dtype=np.int8)


@dataclass(frozen=True)
class Population:
    """One entry per player; player_id = index + 1."""

    registration_day: np.ndarray  # int32, days since launch
    country: np.ndarray  # int8 index into COUNTRY_CODES
    skill: np.ndarray  # float32, standard normal
    engagement: np.ndarray  # float32 in (0, 1): chance to play on a day before churning
    churn_age: np.ndarray  # float32 days: plays on no day at or after this age
    spender: np.ndarray  # int8 index into SPENDING.class_names

    def registered_by(self, day: int) -> int:
        """Number of players registered on or before `day` (they are ids 1..n)."""
        return int(np.searchsorted(self.registration_day, day, side="right"))


def build_population(players: int, seed: int) -> Population:
    blocks = [_block(seed, b) for b in range(-(-players // BLOCK))]
    return Population(
        registration_day(players), *(np.concatenate(cols)[:players] for cols in zip(*blocks, strict=True))
    )


def _block(seed: int, block: int) -> tuple[np.ndarray, ...]:
    gen, n = rng.stream(seed, rng.POPULATION, block), BLOCK
    country = gen.choice(len(COUNTRIES), size=n, p=COUNTRY_SHARES).astype(np.int8)
    skill = gen.standard_normal(n).astype(np.float32)
    engagement = gen.beta(RETENTION.engagement_a, RETENTION.engagement_b, n).astype(np.float32)
    # Lomax churn age: P(L > n) = (1 + n/tau)^-beta
    u = 1.0 - gen.random(n)
    churn = RETENTION.churn_tau_days * (u ** (-1.0 / RETENTION.churn_beta) - 1.0)
    spender = gen.choice(len(SPENDING.class_names), size=n, p=SPENDING.class_shares).astype(np.int8)
    return country, skill, engagement, churn.astype(np.float32), spender
