"""Properties every generated dataset has, checked on the written files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from generator_helpers import SMALL, read

from generator import catalogue, params
from generator.calendar import LAUNCH_DATE

DATA_END = pd.Timestamp(LAUNCH_DATE, tz="UTC") + pd.Timedelta(days=SMALL["days"])


@pytest.fixture(scope="module")
def sessions(small_raw) -> pd.DataFrame:
    frame = read(small_raw, "session_ends")
    frame["start"] = frame["event_ts"] - pd.to_timedelta(frame["event_length_s"], unit="s")
    return frame


@pytest.fixture(scope="module")
def heartbeats(small_raw) -> pd.DataFrame:
    frame = read(small_raw, "heartbeats")
    frame["tick"] = frame["event_ts"].astype("int64") // 30_000_000  # datetime64[us] since the epoch
    return frame


def complete_matches(sessions: pd.DataFrame) -> pd.Series:
    """Sessions whose every player has left before the data ends.

    The data starts at launch, so no match began earlier; a match that started two hours
    before the end (matches last at most 65 minutes) has all its session_ends written.
    """
    first_start = sessions.groupby("session_id")["start"].transform("min")
    return first_start < DATA_END - pd.Timedelta(hours=2)


def test_nothing_happens_before_launch(sessions, small_raw):
    launch = pd.Timestamp(LAUNCH_DATE, tz="UTC")
    assert sessions["start"].min() >= launch
    assert read(small_raw, "purchases")["event_ts"].min() >= launch


def test_natural_keys_are_unique(sessions, heartbeats, small_raw):
    assert not sessions.duplicated(["session_id", "player_id"]).any()
    assert not heartbeats.duplicated(["session_id", "player_id", "event_ts"]).any()
    assert read(small_raw, "purchases")["purchase_id"].is_unique


def test_kills_equal_deaths_in_every_match(sessions):
    totals = sessions[complete_matches(sessions)].groupby("session_id")[["kills", "deaths"]].sum()
    assert len(totals) > 100
    assert (totals["kills"] == totals["deaths"]).all()
    assert totals["kills"].sum() > 0


def test_every_kill_has_a_victim_on_another_team(sessions, heartbeats):
    teams = heartbeats.groupby(["session_id", "player_id"])["team_id"].first()
    played = sessions[complete_matches(sessions)].join(teams, on=["session_id", "player_id"])
    per_team = played.groupby(["session_id", "team_id"])[["kills", "deaths"]].sum()
    per_match = per_team.groupby("session_id").transform("sum")
    # a team's kills are at most the deaths of the other teams
    assert (per_team["kills"] <= per_match["deaths"] - per_team["deaths"]).all()


def test_matches_have_several_teams(heartbeats):
    teams = heartbeats.groupby("session_id")["team_id"].agg(["nunique", "max"])
    assert (teams["max"] <= params.MATCHMAKING.max_teams).all()
    assert (teams["nunique"] >= 2).mean() > 0.95


def test_no_player_is_in_two_matches_at_once(sessions):
    ordered = sessions.sort_values(["player_id", "start"])
    previous_end = ordered.groupby("player_id")["event_ts"].shift()
    assert not (ordered["start"] < previous_end).any()


def test_heartbeats_cover_each_session_every_30_seconds(sessions, heartbeats):
    beats = heartbeats.groupby(["session_id", "player_id"]).agg(
        n=("tick", "size"),
        ticks=("tick", "nunique"),
        first=("event_ts", "min"),
        last=("event_ts", "max"),
    )
    inside = sessions[sessions["start"] >= pd.Timestamp(LAUNCH_DATE, tz="UTC")]  # all sessions here
    joined = inside.join(beats, on=["session_id", "player_id"], how="left")
    assert joined["n"].notna().all()
    assert (joined["n"] == joined["event_length_s"] // 30 + 1).all()
    assert (joined["ticks"] == joined["n"]).all()  # one heartbeat per 30 s tick
    assert (joined["first"] >= joined["start"]).all()
    assert (joined["first"] - joined["start"] <= pd.Timedelta(seconds=2)).all()
    assert (joined["last"] <= joined["event_ts"]).all()
    assert (joined["event_ts"] - joined["last"] < pd.Timedelta(seconds=32)).all()


def test_a_match_across_midnight_is_split_between_two_partitions(sessions, heartbeats):
    crossing = sessions[sessions["start"].dt.date != sessions["event_ts"].dt.date]
    assert len(crossing) > 0
    assert (crossing["event_date"] == crossing["event_ts"].dt.date).all()  # the session end: its end day
    # a full 30 s tick after midnight holds a heartbeat (one ending sooner may have none)
    midnight = crossing["event_ts"].dt.floor("D")
    crossing = crossing[crossing["event_ts"] - midnight >= pd.Timedelta(seconds=30)]
    dates = heartbeats.groupby(["session_id", "player_id"])["event_date"].nunique()
    assert (dates.loc[list(zip(crossing["session_id"], crossing["player_id"], strict=True))] == 2).all()


def test_heartbeat_gaps_are_30_seconds_with_small_jitter(heartbeats):
    ordered = heartbeats.sort_values(["session_id", "player_id", "event_ts"])
    gap = ordered.groupby(["session_id", "player_id"])["event_ts"].diff().dropna().dt.total_seconds()
    assert gap.between(30 - 2 * params.HEARTBEAT.jitter_s, 30 + 2 * params.HEARTBEAT.jitter_s).all()


def test_positions_stay_inside_the_map_and_move_continuously(heartbeats):
    for axis, top in (("x", params.MAP_X_MAX), ("y", params.MAP_Y_MAX), ("z", params.MAP_Z_MAX)):
        assert heartbeats[f"position_{axis}"].between(0, top).all()
    ordered = heartbeats.sort_values(["session_id", "player_id", "event_ts"])
    step = np.hypot(
        ordered.groupby(["session_id", "player_id"])["position_x"].diff(),
        ordered.groupby(["session_id", "player_id"])["position_y"].diff(),
    ).dropna()
    # running speed: a few metres per second, never a teleport across the map
    assert step.quantile(0.5) < 100 and step.max() < 400


def test_purchases_are_catalogue_products_bought_around_a_session(small_raw, sessions):
    bought = read(small_raw, "purchases")
    prices = {p.item_sku: p.price_usd for p in catalogue.CATALOGUE}
    assert len(bought) > 0
    assert bought["item_sku"].isin(prices).all()
    assert (bought["price_usd"] == bought["item_sku"].map(prices)).all()
    spending = params.SPENDING
    windows = bought.merge(sessions[["player_id", "start", "event_ts"]], on="player_id", suffixes=("", "_end"))
    near = (windows["event_ts"] >= windows["start"] - pd.Timedelta(seconds=spending.before_match_max_s)) & (
        windows["event_ts"] <= windows["event_ts_end"] + pd.Timedelta(seconds=spending.after_match_max_s)
    )
    assert near.groupby(windows["purchase_id"]).any().all()
    during = (windows["event_ts"] > windows["start"]) & (windows["event_ts"] < windows["event_ts_end"])
    assert not during.any()  # nobody shops mid-match


def test_session_country_is_mostly_home(sessions):
    per_player = sessions.groupby("player_id")["country"].agg(lambda c: (c != c.mode().iloc[0]).mean())
    away = (per_player * sessions.groupby("player_id").size()).sum() / len(sessions)
    assert 0.005 < away < 0.05
