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
        kill_match = np.repeat(np.arange(first, last), kill_count[first:last])
        killer, victim = _draw_kill(gen, w, kill_match)
        kills += np.bincount(killer, minlength=n)
        deaths += np.bincount(victim, minlength=n)
        first = last
    return kills.astype(np.int32), deaths.astype(np.int32)


class _Weights:
    """Cumulative weights of player-sessions sorted by (match, team)."""

    def __init__(
        self,
        attack: np.ndarray,
        exposure: np.ndarray,
        match_first: np.ndarray,
        block_first: np.ndarray,
        team: np.ndarray,
    ):
        self.n, self.team = len(team), team
        self.match_first, self.block_first = match_first, block_first
        self.attack, self.exposure = attack, exposure
        self.attack_cum, self.exposure_cum = np.cumsum(attack), np.cumsum(exposure)
        self.match_attack = np.add.reduceat(attack, match_first)
        self.match_exposure = np.add.reduceat(exposure, match_first)
        self.team_exposure = np.add.reduceat(exposure, block_first)


def _draw_kill(gen: np.random.Generator, w: _Weights, kill_match: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Killer and victim (row numbers) of one kill in each of the matches `kill_match`."""
    m_first = w.match_first[kill_match]
    base = w.attack_cum[m_first] - w.attack[m_first]
    target = base + gen.random(len(kill_match)) * w.match_attack[kill_match]
    killer = _clip_to_match(np.searchsorted(w.attack_cum, target, side="right"), kill_match, w.match_first, w.n)

    # victim: a draw over the match's exposure with the killer's team block cut out
    block = np.searchsorted(w.block_first, killer, side="right") - 1
    k_team_first, k_team_weight = w.block_first[block], w.team_exposure[block]
    m_base = w.exposure_cum[m_first] - w.exposure[m_first]
    target = gen.random(len(kill_match)) * (w.match_exposure[kill_match] - k_team_weight)
    team_base = w.exposure_cum[k_team_first] - w.exposure[k_team_first] - m_base
    target = np.where(target >= team_base, target + k_team_weight, target) + m_base
    victim = _clip_to_match(np.searchsorted(w.exposure_cum, target, side="right"), kill_match, w.match_first, w.n)
    # rounding can land on the killer's own team at a block edge: take the next team over
    same = w.team[victim] == w.team[killer]
    if same.any():
        block_end = np.append(w.block_first, w.n)[block[same] + 1]
        match_end = np.append(w.match_first, w.n)[kill_match[same] + 1]
        victim[same] = np.where(block_end < match_end, block_end, m_first[same])
    return killer, victim


def _block_first(key: np.ndarray) -> np.ndarray:
    starts = np.ones(len(key), dtype=bool)
    starts[1:] = key[1:] != key[:-1]
    return np.flatnonzero(starts)


def _clip_to_match(index: np.ndarray, kill_match: np.ndarray, match_first: np.ndarray, n: int) -> np.ndarray:
    match_last = np.append(match_first[1:], n)[kill_match] - 1
    return np.clip(index, match_first[kill_match], match_last)
