"""In-game purchases: made by spender classes around their matches.

Each player-session of a spender has Poisson(purchases_per_session[class]) purchases,
each either in the store before queueing for the match or after leaving it. The item is
drawn from the catalogue's price bands with the class's band preference. A player's
very first match can have a purchase before it (a starter pack bought on install), so a
few purchases precede the buyer's first session.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass

import numpy as np

from generator.catalogue import BAND
from generator.params import SPENDING, Spending
from generator.sessions import SESSION_ID_BLOCK, DaySessions

_BANDS = len(SPENDING.band_weights[0])


@dataclass(frozen=True)
class Purchases:
    purchase_id: np.ndarray  # int64, (day + 1) * 1e9 + number within the local day
    player_id: np.ndarray  # int64
    ts_us: np.ndarray  # int64 UTC epoch microseconds
    product: np.ndarray  # int64 index into catalogue.CATALOGUE

    @staticmethod
    def empty() -> Purchases:
        return Purchases(*(np.zeros(0, np.int64) for _ in range(4)))

    @staticmethod
    def concat(parts: list[Purchases]) -> Purchases:
        return Purchases(*(np.concatenate(column) for column in zip(*(astuple(p) for p in parts), strict=True)))


def day_purchases(gen: np.random.Generator, sessions: DaySessions, day: int, params: Spending = SPENDING) -> Purchases:
    rate = np.asarray(params.purchases_per_session)[sessions.spender]
    count = gen.poisson(rate)
    row = np.repeat(np.arange(len(sessions)), count)
    n = len(row)
    before = gen.random(n) < params.before_match_share
    lead_us = gen.integers(10_000_000, params.before_match_max_s * 1_000_000, n)
    lag_us = gen.integers(5_000_000, params.after_match_max_s * 1_000_000, n)
    ts_us = np.where(before, sessions.start_s[row] * 1_000_000 - lead_us, sessions.end_s[row] * 1_000_000 + lag_us)
    return Purchases(
        purchase_id=(day + 1) * SESSION_ID_BLOCK + np.arange(1, n + 1, dtype=np.int64),
        player_id=sessions.player_id[row],
        ts_us=ts_us,
        product=_choose_products(gen, sessions.spender[row], params),
    )


def _choose_products(gen: np.random.Generator, spender: np.ndarray, params: Spending) -> np.ndarray:
    weights = np.asarray(params.band_weights, dtype=np.float64)
    band_cdf = np.cumsum(weights / np.maximum(weights.sum(axis=1, keepdims=True), 1e-12), axis=1)
    band = np.minimum((gen.random(len(spender))[:, None] > band_cdf[spender]).sum(axis=1), _BANDS - 1)
    members = [np.flatnonzero(BAND == b) for b in range(_BANDS)]
    sizes = np.array([len(m) for m in members])
    pick = np.floor(gen.random(len(spender)) * sizes[band]).astype(np.int64)
    table = np.full((_BANDS, sizes.max()), -1, dtype=np.int64)
    for b, m in enumerate(members):  # a handful of bands, not rows
        table[b, : len(m)] = m
    return table[band, pick]
