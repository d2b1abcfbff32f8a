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

from generator import calendar
from generator.catalogue import BAND
from generator.params import SPENDING, Spending
from generator.sessions import SESSION_ID_BLOCK, DaySessions
from generator.sorting import lexsort

_BANDS = len(SPENDING.band_weights[0])
_BAND_SIZES = np.bincount(BAND, minlength=_BANDS)
# row b: the products of price band b, padded with -1
_BAND_PRODUCTS = np.full((_BANDS, _BAND_SIZES.max()), -1, dtype=np.int64)
for _band in range(_BANDS):
    _BAND_PRODUCTS[_band, : _BAND_SIZES[_band]] = np.flatnonzero(BAND == _band)


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
    """The purchases of local day `day`'s spenders, around their matches of that day."""
    rate = np.asarray(params.purchases_per_session)[sessions.spender]
    count = gen.poisson(rate)
    row = np.repeat(np.arange(len(sessions)), count)
    n = len(row)
    room_before, room_after = _time_between_matches(sessions, params)
    before = gen.random(n) < params.before_match_share
    lead_s = gen.random(n) * room_before[row]
    lag_s = gen.random(n) * room_after[row]
    ts_us = np.where(before, sessions.start_s[row] - lead_s, sessions.end_s[row] + lag_s)
    ts_us = np.round(ts_us * 1e6).astype(np.int64)
    return Purchases(
        purchase_id=(day + 1) * SESSION_ID_BLOCK + np.arange(1, n + 1, dtype=np.int64),
        player_id=sessions.player_id[row],
        ts_us=ts_us,
        product=_choose_products(gen, sessions.spender[row], params),
    )


def _time_between_matches(sessions: DaySessions, params: Spending) -> tuple[np.ndarray, np.ndarray]:
    """Seconds free before and after each player-session, so a purchase never falls in a match."""
    by_player = lexsort((sessions.start_s, sessions.player_id))
    player, start, end = sessions.player_id[by_player], sessions.start_s[by_player], sessions.end_s[by_player]
    same_player = player[1:] == player[:-1]
    gap = (start[1:] - end[:-1]).astype(np.float64)
    before = np.minimum(float(params.before_match_max_s), start - calendar.LAUNCH_EPOCH_S)  # the store opens at launch
    after = np.full(len(start), float(params.after_match_max_s))
    before[1:][same_player] = np.minimum(before[1:][same_player], gap[same_player])
    after[:-1][same_player] = np.minimum(after[:-1][same_player], gap[same_player])
    room_before, room_after = np.empty_like(before), np.empty_like(after)
    room_before[by_player], room_after[by_player] = before, after
    return room_before, room_after


def _choose_products(gen: np.random.Generator, spender: np.ndarray, params: Spending) -> np.ndarray:
    weights = np.asarray(params.band_weights, dtype=np.float64)
    band_cdf = np.cumsum(weights / np.maximum(weights.sum(axis=1, keepdims=True), 1e-12), axis=1)
    band = np.minimum((gen.random(len(spender))[:, None] > band_cdf[spender]).sum(axis=1), _BANDS - 1)
    pick = np.floor(gen.random(len(spender)) * _BAND_SIZES[band]).astype(np.int64)
    return _BAND_PRODUCTS[band, pick]
