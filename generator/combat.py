"""Kills and deaths: drawn as kill events inside each match, so they add up per match.

A match has Poisson(kills_per_player_minute * player-minutes) kills. Each kill's killer is
drawn from the match's players weighted by time in match * exp(w * skill), its victim from
the players of the other teams weighted by time in match * exp(-w * skill). Vectorised
across matches with cumulative weights and one searchsorted per draw.
"""

from __future__ import annotations

import numpy as np

from generator.params import COMBAT, Combat

KILL_CHUNK = 1_000_000  # kill events drawn at a time: bounds memory on big days


def kills_and_deaths(
    gen: np.random.Generator,
    match: np.ndarray,
    team: np.ndarray,
    seconds: np.ndarray,
    skill: np.ndarray,
    params: Combat = COMBAT,
) -> tuple[np.ndarray, np.ndarray]:
    """Kills and deaths per player-session; rows must be sorted by (match, team)."""
    n = len(match)
    kills, deaths = np.zeros(n, np.int64), np.zeros(n, np.int64)
    if n == 0:
        return kills.astype(np.int32), deaths.astype(np.int32)
    minutes = seconds / 60.0
    w = _Weights(
        attack=minutes * np.exp(params.skill_weight * skill),
        exposure=minutes * np.exp(-params.skill_weight * skill),
        match_first=_block_first(match),
        block_first=_block_first(match * 8 + team),  # (match, team) blocks; at most 4 teams
        team=team,
    )
    # only matches where more than one team is present can have kills
    multi_team = np.maximum.reduceat(team, w.match_first) != np.minimum.reduceat(team, w.match_first)
    player_minutes = np.add.reduceat(minutes, w.match_first)
    kill_count = gen.poisson(params.kills_per_player_minute * player_minutes * multi_team)

    ends = np.cumsum(kill_count)
    first = 0
    while first < len(kill_count):  # a few chunks of whole matches, not a loop over matches
        last = max(first + 1, int(np.searchsorted(ends, ends[first] - kill_count[first] + KILL_CHUNK, side="right")))
        killer, victim = _draw_kill(gen, w, slice(first, last), kill_count[first:last])
        kills += np.bincount(killer, minlength=n)
        deaths += np.bincount(victim, minlength=n)
        first = last
    return kills.astype(np.int32), deaths.astype(np.int32)


class _Weights:
    """Cumulative weights of player-sessions sorted by (match, team), and per match and
    per (match, team) block what the draws need."""

    def __init__(
        self,
        attack: np.ndarray,
        exposure: np.ndarray,
        match_first: np.ndarray,
        block_first: np.ndarray,
        team: np.ndarray,
    ):
        n = self.n = len(team)
        self.team = team
        self.attack_cum, self.exposure_cum = np.cumsum(attack), np.cumsum(exposure)
        # per match
        self.match_first, self.match_last = match_first, np.append(match_first[1:], n) - 1
        self.match_attack = np.add.reduceat(attack, match_first)
        self.match_exposure = np.add.reduceat(exposure, match_first)
        self.attack_base = self.attack_cum[match_first] - attack[match_first]  # cumulative before the match
        self.exposure_base = self.exposure_cum[match_first] - exposure[match_first]
        # per block
        self.block_of = np.repeat(np.arange(len(block_first)), np.diff(block_first, append=n))  # per row
        self.block_end = np.append(block_first[1:], n)
        self.team_exposure = np.add.reduceat(exposure, block_first)
        self.block_base = self.exposure_cum[block_first] - exposure[block_first]


def _draw_kill(
    gen: np.random.Generator, w: _Weights, matches: slice, kill_count: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Killer and victim (row numbers) of `kill_count` kills in each of the matches `matches`."""

    def per_kill(per_match: np.ndarray) -> np.ndarray:
        return np.repeat(per_match[matches], kill_count)

    kills = int(kill_count.sum())
    m_first, m_last = per_kill(w.match_first), per_kill(w.match_last)
    target = per_kill(w.attack_base) + gen.random(kills) * per_kill(w.match_attack)
    killer = np.clip(np.searchsorted(w.attack_cum, target, side="right"), m_first, m_last)

    # victim: a draw over the match's exposure with the killer's team block cut out
    block = w.block_of[killer]
    k_team_weight = w.team_exposure[block]
    m_base = per_kill(w.exposure_base)
    target = gen.random(kills) * (per_kill(w.match_exposure) - k_team_weight)
    team_base = w.block_base[block] - m_base
    target = np.where(target >= team_base, target + k_team_weight, target) + m_base
    victim = np.clip(np.searchsorted(w.exposure_cum, target, side="right"), m_first, m_last)
    # rounding can land on the killer's own team at a block edge: take the next team over
    same = w.team[victim] == w.team[killer]
    if same.any():
        block_end = w.block_end[block[same]]
        victim[same] = np.where(block_end <= m_last[same], block_end, m_first[same])
    return killer, victim


def _block_first(key: np.ndarray) -> np.ndarray:
    starts = np.ones(len(key), dtype=bool)
    starts[1:] = key[1:] != key[:-1]
    return np.flatnonzero(starts)
