"""The simulated game behaves like a launched shooter: rates inside their public ranges.

Measured on the simulation's own tables (what the files are cut from) for a mid-size
population: who plays over a year, and matches and purchases over the launch month, so
the whole module takes a few seconds. generator.calibration measures the same figures
on written files (docs/GENERATOR.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from generator import calendar, params, rng
from generator.acquisition import registered_share, registration_day
from generator.catalogue import PRICES
from generator.heartbeats import heartbeat_chunks
from generator.population import build_population
from generator.purchases import Purchases, day_purchases
from generator.retention import active_players
from generator.sessions import DaySessions, simulate_day

PLAYERS, SEED, DAYS = 20_000, 11, 365


@pytest.fixture(scope="module")
def population():
    return build_population(PLAYERS, SEED)


@pytest.fixture(scope="module")
def activity(population) -> np.ndarray:
    """active[player, day] for the players registered by the last day."""
    n = population.registered_by(DAYS - 1)
    active = np.zeros((n, DAYS), dtype=bool)
    for day in range(DAYS):
        active[active_players(rng.stream(SEED, rng.ACTIVITY, day), population, day), day] = True
    return active


@pytest.fixture(scope="module")
def month(population) -> tuple[pd.DataFrame, Purchases]:
    """Player-sessions and purchases of the first 30 local days."""
    frames, bought = [], []
    for day in range(30):
        s = simulate_day(population, day, SEED)
        bought.append(day_purchases(rng.stream(SEED, rng.PURCHASES, day), s, day))
        frames.append(
            pd.DataFrame(
                {
                    "day": day,
                    "session_id": s.session_id,
                    "player_id": s.player_id,
                    "team_id": s.team_id,
                    "start_s": s.start_s,
                    "end_s": s.end_s,
                    "kills": s.kills,
                    "deaths": s.deaths,
                    "country": s.country,
                    "home": population.country[s.player_id - 1],
                    "utc_offset_s": population.utc_offset_s[s.player_id - 1],
                }
            )
        )
    return pd.concat(frames, ignore_index=True), Purchases.concat(bought)


def test_registrations_spike_at_launch_then_decay():
    week1, month1 = registered_share(7.0), registered_share(28.0)
    daily = np.diff(registered_share(np.arange(29.0)))
    assert (np.diff(daily) < 0).all()  # every day fewer new players than the day before
    assert 0.05 < registered_share(1.0) < 0.10
    assert 0.4 < week1 / month1 < 0.6  # week one is about half of month one (Apex Legends)
    assert registered_share(params.ACQUISITION.horizon_days) == pytest.approx(1.0)


def test_every_player_registers_before_the_horizon_in_id_order():
    day = registration_day(50_000)
    assert (np.diff(day) >= 0).all() and day[0] == 0
    assert day[-1] < params.ACQUISITION.horizon_days
    # the share registered by each day follows the curve, whatever the number of players
    assert (day < 28).mean() == pytest.approx(registered_share(28.0), abs=1e-3)


def test_home_countries_and_time_zones_follow_the_mix():
    population = build_population(200_000, SEED)  # attributes only: cheap
    codes = [c.code for c in params.COUNTRIES]
    us = population.country == codes.index("US")
    assert us.mean() == pytest.approx(0.17, abs=0.01)
    zones = pd.Series(population.utc_offset_s[us] // 3600).value_counts(normalize=True)
    assert zones.to_dict() == pytest.approx({-5: 0.47, -6: 0.33, -7: 0.07, -8: 0.13}, abs=0.01)
    assert (population.utc_offset_s[population.country == codes.index("JP")] == 9 * 3600).all()


@pytest.mark.parametrize(("age", "low", "high"), [(1, 0.35, 0.45), (7, 0.15, 0.20), (30, 0.06, 0.10)])
def test_retention_of_new_players(population, activity, age, low, high):
    registered = population.registration_day[: len(activity)]
    cohort = np.flatnonzero(registered <= DAYS - 1 - age)
    retained = activity[cohort, registered[cohort] + age].mean()
    assert low <= retained <= high


@pytest.mark.parametrize("month", [2, 6, 12])
def test_dau_over_mau(activity, month):
    """From the second month on; in the launch month most monthly actives are new (~15 %)."""
    days = range(30 * (month - 1), 30 * month)
    ratios = [activity[:, day].sum() / activity[:, day - 29 : day + 1].any(axis=1).sum() for day in days]
    assert 0.15 <= np.mean(ratios) <= 0.25


def test_more_players_on_weekends(activity):
    dau = activity.sum(axis=0)[14:28]  # two settled weeks
    weekend = np.array([calendar.weekday(day) >= 5 for day in range(14, 28)])
    assert dau[weekend].mean() > 1.03 * dau[~weekend].mean()


def test_sessions_per_active_day(month):
    sessions, _ = month
    per_day = sessions.groupby(["player_id", "day"]).size()
    assert per_day.max() <= params.SCHEDULE.max_sessions
    assert 2.0 <= per_day.mean() <= 3.5


def test_matches_start_in_the_local_evening(month):
    sessions, _ = month
    local_hour = (sessions["start_s"] + sessions["utc_offset_s"]) % 86_400 // 3600
    share = local_hour.value_counts(normalize=True).sort_index()
    assert 19 <= share.idxmax() <= 22
    assert share.loc[19:22].sum() > 0.35  # a sixth of the day holds over a third of the starts


def test_time_in_match_is_heavy_tailed(month):
    sessions, _ = month
    minutes = (sessions["end_s"] - sessions["start_s"]) / 60
    assert 8 <= minutes.median() <= 20
    assert minutes.quantile(0.99) > 2.5 * minutes.median()
    assert minutes.max() <= params.MATCHMAKING.length_max_s / 60 + 1


def test_matches_have_several_teams_of_several_players(month):
    sessions, _ = month
    size = sessions.groupby("session_id").size()
    weighted_size = (size**2).sum() / size.sum()  # match size as a player sees it
    assert 6 <= weighted_size <= 18
    teams = sessions.groupby("session_id")["team_id"].agg(["max", "nunique"])
    assert (teams["max"] <= params.MATCHMAKING.max_teams).all()
    assert (teams["nunique"] >= params.MATCHMAKING.min_teams).mean() > 0.95


def test_better_players_kill_more_than_they_die(month, population):
    sessions, _ = month
    totals = sessions.groupby("player_id")[["kills", "deaths"]].sum()
    totals = totals[totals.sum(axis=1) >= 20]
    kd = (totals["kills"] + 1) / (totals["deaths"] + 1)
    skill = pd.Series(population.skill[totals.index - 1]).rank()
    assert skill.corr(pd.Series(kd.to_numpy()).rank()) > 0.4  # Spearman


def test_some_sessions_are_played_abroad(month):
    sessions, _ = month
    away = (sessions["country"] != sessions["home"]).mean()
    assert 0.01 < away < 0.03  # travel/VPN share 2 % minus draws of the home country itself


def test_a_few_monthly_actives_pay_and_whales_bring_most_revenue(month):
    sessions, bought = month
    assert 0.02 <= np.unique(bought.player_id).size / sessions["player_id"].nunique() <= 0.04
    revenue = pd.Series(PRICES[bought.product]).groupby(bought.player_id).sum().sort_values(ascending=False)
    top = revenue.iloc[: len(revenue) // 10].sum() / revenue.sum()
    assert top > 0.4
    first_session = sessions.groupby("player_id")["start_s"].min()
    before_first = bought.ts_us // 1_000_000 < first_session.loc[bought.player_id].to_numpy()
    assert 0 < before_first.mean() < 0.05


def test_opposing_players_meet_in_most_matches_but_not_all_the_time(population):
    sessions = DaySessions.concat([simulate_day(population, day, SEED) for day in (9, 10, 11)])
    beats = pd.concat(pd.DataFrame(c) for c in heartbeat_chunks(sessions, 10, SEED, 10**7))
    beats["tick"] = beats["event_ts"] // 30_000_000
    pairs = beats.merge(beats, on=["session_id", "tick"])
    pairs = pairs[pairs["team_id_x"] < pairs["team_id_y"]]
    distance = np.sqrt(sum((pairs[f"position_{a}_x"] - pairs[f"position_{a}_y"]) ** 2 for a in "xyz"))
    close = distance <= 50
    per_match = close.groupby(pairs["session_id"]).any()
    assert 0.6 <= per_match.mean() <= 0.98
    assert close.groupby([pairs["session_id"], pairs["tick"]]).any().mean() < 0.4
