"""Kills and deaths: drawn as kill events inside each match, so they add up per match.

A match has Poisson(kills_per_player_minute * player-minutes) kills. Each kill's killer is
drawn from the match's players weighted by time in match * exp(w * skill), its victim from
the players of the other teams weighted by time in match * exp(-w * skill). Vectorised
across matches with cumulative weights and one searchsorted per draw.
"""

from __future__ import annotations

import numpy as np

from generator.params import COMBAT, Combat


def kills_and_deaths(
    gen: np.random.Generator, match: np.ndarray, team: np.ndarray, seconds: np.ndarray,
    skill: np.ndarray, params: Combat = COMBAT,
) -> tuple[np.ndarray, np.ndarray]:
    """Kills and deaths per player-session; rows must be sorted by (match, team)."""
    n = len(match)
    if n == 0:
        return np.zeros(0, np.int32), np.zeros(0, np.int32)
    minutes = seconds / 60.0
    attack = minutes * np.exp(params.skill_weight * skill)
    exposure = minutes * np.exp(-params.skill_weight * skill)

    match_first = _block_first(match)
    block_first = _block_first(match * 8 + team)  # (match, team) blocks; at most 4 teams
    match_attack = _block_sums(attack, match_first)
    match_exposure = _block_sums(exposure, match_first)
    team_exposure = _block_sums(exposure, block_first)
    # only matches where more than one team is present can have kills
    multi_team = np.maximum.reduceat(team, match_first) != np.minimum.reduceat(team, match_first)
    player_minutes = _block_sums(minutes, match_first)
    kill_count = gen.poisson(params.kills_per_player_minute * player_minutes * multi_team)

    kill_match = np.repeat(np.arange(len(match_first)), kill_count)
    m_first = match_first[kill_match]
    attack_cum = np.cumsum(attack)
    base = attack_cum[m_first] - attack[m_first]
    target = base + gen.random(len(kill_match)) * match_attack[kill_match]
    killer = _clip_to_match(np.searchsorted(attack_cum, target, side="right"), kill_match, match_first, n)

    # victim: a draw over the match's exposure with the killer's team block cut out
    exposure_cum = np.cumsum(exposure)
    block = np.searchsorted(block_first, killer, side="right") - 1
    k_team_first, k_team_weight = block_first[block], team_exposure[block]
    m_base = exposure_cum[m_first] - exposure[m_first]
    target = gen.random(len(kill_match)) * (match_exposure[kill_match] - k_team_weight)
    team_base = exposure_cum[k_team_first] - exposure[k_team_first] - m_base
    target = np.where(target >= team_base, target + k_team_weight, target) + m_base
    victim = _clip_to_match(np.searchsorted(exposure_cum, target, side="right"), kill_match, match_first, n)
    # rounding can land on the killer's own team at a block edge: take the next team over
    same = team[victim] == team[killer]
    if same.any():
        block_end = np.append(block_first, n)[block[same] + 1]
        match_end = np.append(match_first, n)[kill_match[same] + 1]
        victim[same] = np.where(block_end < match_end, block_end, m_first[same])

    return (np.bincount(killer, minlength=n).astype(np.int32), np.bincount(victim, minlength=n).astype(np.int32))


def _block_first(key: np.ndarray) -> np.ndarray:
    starts = np.ones(len(key), dtype=bool)
    starts[1:] = key[1:] != key[:-1]
    return np.flatnonzero(starts)


def _block_sums(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    return np.add.reduceat(values, first)


def _clip_to_match(index: np.ndarray, kill_match: np.ndarray, match_first: np.ndarray, n: int) -> np.ndarray:
    match_last = np.append(match_first[1:], n)[kill_match] - 1
    return np.clip(index, match_first[kill_match], match_last)
