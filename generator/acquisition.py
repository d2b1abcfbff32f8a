"""When each player registers: the launch curve, anchored at launch day.

Player ids 1..players are handed out in registration order, and player i registers at the
(i - 0.5)/players quantile of the acquisition curve. That makes registration a function
of the player alone: any day can be generated without simulating the days before it.
"""

from __future__ import annotations

import numpy as np

from generator.params import ACQUISITION, Acquisition


def _cumulative(t_days: np.ndarray | float, params: Acquisition) -> np.ndarray:
    """The un-normalised launch curve: 1 - (1 + t/tau)^-alpha."""
    return 1.0 - (1.0 + np.asarray(t_days, dtype=np.float64) / params.tau_days) ** -params.alpha


def registered_share(t_days: np.ndarray | float, params: Acquisition = ACQUISITION) -> np.ndarray:
    """Share of all players registered `t_days` after launch (1 at the horizon)."""
    t = np.minimum(t_days, params.horizon_days)
    return _cumulative(t, params) / _cumulative(params.horizon_days, params)


def registration_day(players: int, params: Acquisition = ACQUISITION) -> np.ndarray:
    """Day index (since launch) on which each player 1..players registers."""
    # registered_share inverted at the (i - 0.5) / players quantiles
    share = (np.arange(players, dtype=np.float64) + 0.5) / players * _cumulative(params.horizon_days, params)
    t = params.tau_days * ((1.0 - share) ** (-1.0 / params.alpha) - 1.0)
    return np.floor(t).astype(np.int32)
