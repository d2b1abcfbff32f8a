"""Where players are: smooth closed-form paths inside the map, one per player-session.

Each match has a contested point that wanders around an arena centre. Teams spawn
`spawn_distance` away from it in evenly spread directions, close in over the first
minutes, then hold a front near it that pushes in and falls back. Players keep a
wandering spread around their team's anchor. Positions are closed-form functions of
time, so any heartbeat can be computed without the ones before it (and rows of one
session can be split across days and chunks freely); z follows a gentle terrain plus
the floor of a building the player is on.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from generator.params import MAP_X_MAX, MAP_Y_MAX, MAP_Z_MAX, MOVEMENT, Movement

TWO_PI = 2.0 * np.pi


@dataclass(frozen=True)
class Motion:
    """Path parameters per player-session (float32 unless noted)."""

    start_s: np.ndarray  # int64, match start (UTC epoch seconds)
    centre_x: np.ndarray
    centre_y: np.ndarray
    objective_freq_x: np.ndarray  # radians per second
    objective_freq_y: np.ndarray
    objective_phase_x: np.ndarray
    objective_phase_y: np.ndarray
    spawn_x: np.ndarray  # spawn direction (unit vector) times spawn distance
    spawn_y: np.ndarray
    push_freq: np.ndarray
    push_phase: np.ndarray
    spread: np.ndarray
    strafe_freq: np.ndarray
    strafe_phase: np.ndarray
    floor_z: np.ndarray

    def take(self, index: np.ndarray) -> Motion:
        return Motion(*(getattr(self, f.name)[index] for f in fields(self)))

    @staticmethod
    def concat(parts: list[Motion]) -> Motion:
        return Motion(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Motion)))


def layout(
    gen: np.random.Generator,
    match: np.ndarray,
    team: np.ndarray,
    match_start_s: np.ndarray,
    match_teams: np.ndarray,
    params: Movement = MOVEMENT,
) -> Motion:
    """Path parameters for player-sessions given their match (dense 0..n-1) and team."""
    n_matches, n = len(match_teams), len(match)
    f32 = np.float32

    def uniform(low: float, high: float, size: int) -> np.ndarray:
        return gen.uniform(low, high, size).astype(f32)

    def freq(period: tuple[float, float], size: int) -> np.ndarray:
        return (TWO_PI / gen.uniform(*period, size)).astype(f32)

    margin = params.arena_margin
    centre_x = uniform(margin, MAP_X_MAX - margin, n_matches)
    centre_y = uniform(margin, MAP_Y_MAX - margin, n_matches)
    obj_fx, obj_fy = freq(params.objective_period_s, n_matches), freq(params.objective_period_s, n_matches)
    obj_px, obj_py = uniform(0, TWO_PI, n_matches), uniform(0, TWO_PI, n_matches)
    heading = uniform(0, TWO_PI, n_matches)
    # per (match, team): evenly spread spawn directions and an own push rhythm
    angle = heading[match] + TWO_PI * (team - 1) / match_teams[match]
    block = match.astype(np.int64) * 8 + team
    team_of = np.unique(block, return_inverse=True)[1]
    n_teams = int(team_of.max()) + 1 if n else 0
    push_f, push_p = freq(params.push_period_s, n_teams), uniform(0, TWO_PI, n_teams)
    return Motion(
        start_s=match_start_s[match],
        centre_x=centre_x[match],
        centre_y=centre_y[match],
        objective_freq_x=obj_fx[match],
        objective_freq_y=obj_fy[match],
        objective_phase_x=obj_px[match],
        objective_phase_y=obj_py[match],
        spawn_x=(params.spawn_distance * np.cos(angle)).astype(f32),
        spawn_y=(params.spawn_distance * np.sin(angle)).astype(f32),
        push_freq=push_f[team_of],
        push_phase=push_p[team_of],
        spread=uniform(params.spread_min, params.spread_max, n),
        strafe_freq=freq(params.strafe_period_s, n),
        strafe_phase=uniform(0, TWO_PI, n),
        floor_z=(gen.integers(0, 3, n) * params.floor_height).astype(f32),
    )


def positions(
    motion: Motion,
    count: np.ndarray,
    ts_us: np.ndarray,
    params: Movement = MOVEMENT,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x, y, z (float32) at UTC epoch microseconds `ts_us` of the player-sessions of `motion`,
    which have `count` consecutive entries each in `ts_us`.

    The formulas of the module docstring, evaluated in place on a few float32 arrays; each
    step is the float32 operation the formula written out does, in the same order.
    """
    f32 = np.float32

    def per_row(values: np.ndarray) -> np.ndarray:
        return np.repeat(values, count)

    def angle(freq: np.ndarray, phase: np.ndarray) -> np.ndarray:
        """t * freq + phase, per row."""
        out = t * per_row(freq)
        out += per_row(phase)
        return out

    def anchor(centre, freq, phase, spawn, hold: np.ndarray, top: float) -> np.ndarray:
        """Team anchor: the wandering objective + spawn offset * hold, inside the map edge."""
        out = angle(freq, phase)
        np.sin(out, out=out)
        out *= params.objective_wander
        out += per_row(centre)
        offset = per_row(spawn)
        offset *= hold
        out += offset
        return np.clip(out, params.anchor_margin, top - params.anchor_margin, out=out)

    t = ((ts_us - per_row(motion.start_s * 1_000_000)) * 1e-6).astype(f32)
    # how far out a team holds: front_share + (1 - front_share) e^(-t / tau) + a push rhythm
    hold = np.negative(t)
    hold /= f32(params.approach_tau_s)
    np.exp(hold, out=hold)
    hold *= 1.0 - params.front_share
    hold += params.front_share
    push = angle(motion.push_freq, motion.push_phase)
    np.sin(push, out=push)
    push *= params.push_amplitude
    hold += push
    del push
    m = motion
    anchor_x = anchor(m.centre_x, m.objective_freq_x, m.objective_phase_x, m.spawn_x, hold, MAP_X_MAX)
    anchor_y = anchor(m.centre_y, m.objective_freq_y, m.objective_phase_y, m.spawn_y, hold, MAP_Y_MAX)
    del hold
    # the player strafes around the anchor
    strafe = angle(motion.strafe_freq, motion.strafe_phase)
    spread = per_row(motion.spread)
    x = np.cos(strafe)
    x *= spread
    x += anchor_x
    np.clip(x, 0.0, MAP_X_MAX, out=x)
    y = np.sin(strafe, out=strafe)
    y *= spread
    y += anchor_y
    np.clip(y, 0.0, MAP_Y_MAX, out=y)
    del anchor_x, anchor_y, spread
    # z: ground_z + terrain_amplitude sin(x / wave_x) cos(y / wave_y), plus the floor
    wave_x, wave_y = (f32(w) for w in params.terrain_wavelength)
    z = x / wave_x
    np.sin(z, out=z)
    z *= params.terrain_amplitude
    across = y / wave_y
    np.cos(across, out=across)
    z *= across
    z += params.ground_z
    z += per_row(motion.floor_z)
    np.clip(z, 0.0, MAP_Z_MAX, out=z)
    return x, y, z
