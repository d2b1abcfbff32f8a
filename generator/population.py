"""The players: registration day, home country and time zone, skill, engagement, spender class.

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
COUNTRY_REGION = np.array([REGIONS.index(c.region) for c in COUNTRIES], dtype=np.int8)
# time zones per country as padded rows: UTC offset in seconds and cumulative share
_ZONES = max(len(c.time_zones) for c in COUNTRIES)
ZONE_OFFSET_S = np.zeros((len(COUNTRIES), _ZONES), dtype=np.int32)
ZONE_CDF = np.ones((len(COUNTRIES), _ZONES))
for _i, _country in enumerate(COUNTRIES):
    _offsets, _shares = zip(*_country.time_zones, strict=True)
    ZONE_OFFSET_S[_i, : len(_offsets)] = np.round(np.array(_offsets) * 3600)
    ZONE_CDF[_i, : len(_shares)] = np.cumsum(_shares) / sum(_shares)


@dataclass(frozen=True)
class Population:
    """One entry per player; player_id = index + 1."""

    registration_day: np.ndarray  # int32, days since launch
    country: np.ndarray  # int8 index into COUNTRY_CODES
    utc_offset_s: np.ndarray  # int32, the home time zone (one of the country's)
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
    zone = (gen.random(n)[:, None] > ZONE_CDF[country]).sum(axis=1)
    offset = ZONE_OFFSET_S[country, np.minimum(zone, _ZONES - 1)]
    return country, offset, skill, engagement, churn.astype(np.float32), spender
