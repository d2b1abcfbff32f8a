"""An independent computation of the seven answers in plain pandas, straight from raw Parquet.

It follows SPEC §1-§3 word by word and shares no code or SQL with the warehouse, so the
end-to-end test can hold `sprint answer all --json` against it. It is written for
clarity on small test datasets, not for speed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

NATURAL_KEYS = {
    "session_ends": ["session_id", "player_id"],
    "purchases": ["purchase_id"],
    "heartbeats": ["session_id", "player_id", "event_ts"],
}
TICK_S = 30
DAY = pd.Timedelta(days=1)
MARK = pd.Timedelta(minutes=5)  # concurrency is sampled at 00:00, 00:05, ... 23:55 UTC
KD_BUCKETS_FROM = [0, 0.25, 0.5, 1, 2, 4, 8]  # docs/METRICS.md: K/D buckets [from, next from), the last open
MAP_BOX = {"position_x": (0, 2000), "position_y": (0, 2000), "position_z": (0, 100)}  # ARCHITECTURE "Raw data"


# ---------------------------------------------------------------- raw data


def load_raw(root: Path, catalogue_skus: set[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every landed day (a `_SUCCESS` marker) of every dataset: rows that keep the contract, duplicates once.

    Contract breakers (SPEC §1 and ARCHITECTURE "Raw data") are dropped: a missing key or
    required field, an event outside its day's folder, negative lengths, counts or prices,
    positions off the map and, when `catalogue_skus` is given, products not in the catalogue.
    Of repeated deliveries of a key the latest event wins, then the later file.
    """
    frames = {}
    for dataset, key in NATURAL_KEYS.items():
        tables = []
        for day in sorted((Path(root) / dataset).glob("event_date=*")):
            if (day / "_SUCCESS").exists():
                for file in sorted(day.glob("*.parquet")):
                    frame = pq.read_table(file).to_pandas()
                    tables.append(frame.assign(_folder=day.name.split("=")[1], _file=f"{day.name}/{file.name}"))
        frame = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=key + ["event_ts"])
        # Raw timestamps are UTC instants; compare them as naive UTC like the warehouse.
        frame["event_ts"] = pd.to_datetime(frame["event_ts"], utc=True).dt.tz_localize(None)
        frame = frame[_keeps_contract(dataset, frame, catalogue_skus)]
        frame = frame.assign(_row=range(len(frame))).sort_values(["event_ts", "_file", "_row"])
        frame = frame.drop_duplicates(key, keep="last").drop(columns=["_folder", "_file", "_row"])
        frames[dataset] = frame.sort_values(key).reset_index(drop=True)
    return frames


def _keeps_contract(dataset: str, frame: pd.DataFrame, catalogue_skus) -> pd.Series:
    required = {"session_ends": ["session_id", "player_id", "event_ts", "event_length_s"],
                "purchases": ["purchase_id", "player_id", "event_ts", "price_usd"],
                "heartbeats": ["session_id", "player_id", "event_ts", "team_id"]}[dataset]
    ok = frame[required].notna().all(axis=1)
    ok &= frame["event_ts"].dt.strftime("%Y-%m-%d") == frame["_folder"]
    if dataset == "session_ends":
        ok &= (frame["event_length_s"] >= 0) & ~(frame["kills"] < 0) & ~(frame["deaths"] < 0)
    elif dataset == "purchases":
        ok &= frame["price_usd"] >= 0
        if catalogue_skus is not None:
            ok &= frame["item_sku"].isin(catalogue_skus)
    else:
        for column, (lo, hi) in MAP_BOX.items():
            ok &= frame[column].between(lo, hi)  # NaN is off the map
    return ok


def write_raw(root: Path, dataset: str, rows: list[dict], schema: pa.Schema, day: dt.date | None = None) -> None:
    """Write hand-made rows as raw Parquet, one file and `_SUCCESS` per event date (SPEC §1).

    With `day` and no rows, the day lands empty (unless it already holds a file).
    """
    table = pa.Table.from_pylist(rows, schema=schema)
    dates = pd.Series(table.column("event_ts").to_pandas(), dtype=object).map(
        lambda t: t.astimezone(dt.timezone.utc).date())
    for date in sorted(set(dates) | ({day} if day else set())):
        folder = Path(root) / dataset / f"event_date={date:%Y-%m-%d}"
        if folder.exists() and not rows:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(table.filter(pa.array((dates == date).to_numpy(dtype=bool))), folder / "part-0.parquet")
        (folder / "_SUCCESS").touch()


# ---------------------------------------------------------------- play time


def sessions(raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per player-session with its start and end instants."""
    s = raw["session_ends"].copy()
    s["end_ts"] = s["event_ts"]
    s["start_ts"] = s["event_ts"] - pd.to_timedelta(s["event_length_s"].astype("int64"), unit="s")
    return s


def play_days(raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each session split at UTC midnights: one row per session and day it has play time on."""
    s = sessions(raw)
    first = s["start_ts"].dt.floor("D")
    n_days = ((s["end_ts"].dt.floor("D") - first) // DAY).astype("int64") + 1
    rows = s.loc[s.index.repeat(n_days)].copy()
    offset = rows.groupby(level=0).cumcount().to_numpy()
    rows["day"] = first.loc[rows.index].to_numpy() + pd.to_timedelta(offset, unit="D")
    lo = np.maximum(rows["start_ts"], rows["day"])
    hi = np.minimum(rows["end_ts"], rows["day"] + DAY)
    rows["play_seconds"] = (hi - lo).dt.total_seconds()
    rows = rows[rows["play_seconds"] > 0].reset_index(drop=True)
    rows["week_start"] = rows["day"] - pd.to_timedelta(rows["day"].dt.weekday, unit="D")
    rows["month"] = rows["day"].dt.strftime("%Y-%m")
    return rows


def latest_complete_day(days: pd.DataFrame) -> pd.Timestamp:
    """The last day is still open (sessions ending tomorrow count on it), so take the one before."""
    first, last = days["day"].min(), days["day"].max()
    return max(first, last - DAY)


def latest_complete_month(days: pd.DataFrame) -> str:
    """The latest month that ends by the latest complete day, else that day's month."""
    day = latest_complete_day(days)
    month_end = (day + DAY).to_period("M").start_time - DAY
    return (month_end if month_end >= days["day"].min() else day).strftime("%Y-%m")


def _top(frame: pd.DataFrame, value: str, tie_breakers: list[str]) -> pd.Series:
    """The row with the largest value; ties go to the smallest tie-breakers in order."""
    return frame.sort_values([value, *tie_breakers], ascending=[False] + [True] * len(tie_breakers)).iloc[0]


def _json_id(value):
    return value.item() if hasattr(value, "item") else value


# ---------------------------------------------------------------- questions


def q1(raw, date: str | None = None, player_id=None) -> dict:
    days = play_days(raw)
    day = pd.Timestamp(date) if date else latest_complete_day(days)
    per_player = days[days["day"] == day].groupby("player_id", as_index=False)["play_seconds"].sum()
    if player_id is None:
        player_id = _top(per_player, "play_seconds", ["player_id"])["player_id"]
    if player_id not in set(raw["session_ends"]["player_id"]):
        raise KeyError(player_id)
    mine = per_player.loc[per_player["player_id"] == player_id, "play_seconds"]
    return {
        "date": day.strftime("%Y-%m-%d"),
        "players": len(per_player),
        "avg_play_seconds": float(per_player["play_seconds"].mean()) if len(per_player) else None,
        "player_id": _json_id(player_id),
        "player_play_seconds": float(mine.sum()),
    }


def q2(raw) -> dict:
    weeks = play_days(raw).groupby("week_start", as_index=False)["player_id"].nunique()
    best = _top(weeks, "player_id", ["week_start"])
    return {"week_start": best["week_start"].strftime("%Y-%m-%d"), "players": int(best["player_id"])}


def q3(raw, month: str | None = None) -> dict:
    days = play_days(raw)
    month = month or latest_complete_month(days)
    countries = days[days["month"] == month].groupby("country", as_index=False)["play_seconds"].sum()
    best = _top(countries, "play_seconds", ["country"])
    return {"month": month, "country": best["country"], "play_seconds": float(best["play_seconds"])}


def q4(raw, player_id=None) -> dict:
    s = sessions(raw)
    if player_id is None:
        lifetime = s.groupby("player_id", as_index=False)["event_length_s"].sum()
        player_id = _top(lifetime, "event_length_s", ["player_id"])["player_id"]
    mine = s[s["player_id"] == player_id]
    if mine.empty:
        raise KeyError(player_id)
    kills, deaths = int(mine["kills"].sum()), int(mine["deaths"].sum())

    streak_month, streak_days = None, 0
    played = sorted(set(play_days(raw).query("player_id == @player_id")["day"]))
    run, previous = 0, None
    for day in played:  # ascending, so a strictly longer run is needed to move to a later month
        continues = previous is not None and day - previous == DAY and day.month == previous.month
        run = run + 1 if continues else 1
        if run > streak_days:
            streak_month, streak_days = day.strftime("%Y-%m"), run
        previous = day
    return {
        "player_id": _json_id(player_id),
        "kills": kills,
        "deaths": deaths,
        "kd": float(kills / deaths if deaths else kills),
        "streak_month": streak_month,
        "streak_days": streak_days,
    }


def purchase_countries(raw) -> pd.DataFrame:
    """Each purchase with the country SPEC §3.5 gives it."""
    p = raw["purchases"].sort_values("event_ts").copy()
    s = sessions(raw)
    ended = s.sort_values("end_ts")[["player_id", "end_ts", "country"]]
    p = pd.merge_asof(p, ended, left_on="event_ts", right_on="end_ts", by="player_id", direction="backward")
    first = s.sort_values(["start_ts", "session_id"]).drop_duplicates("player_id")[["player_id", "country"]]
    p = p.merge(first.rename(columns={"country": "first_country"}), on="player_id", how="left")
    p["country"] = p["country"].fillna(p["first_country"]).fillna("ZZ")
    return p


def q5(raw) -> dict:
    p = purchase_countries(raw)
    day = p["event_ts"].dt.floor("D")
    p["week_start"] = day - pd.to_timedelta(day.dt.weekday, unit="D")
    # Money in whole cents, so equal revenues tie exactly whatever the summation order.
    p["cents"] = (p["price_usd"] * 100).round().astype("int64")
    revenue = p.groupby(["week_start", "country"], as_index=False)["cents"].sum()
    ranked = revenue.sort_values(["week_start", "cents", "country"], ascending=[True, False, True])
    weeks = ranked.drop_duplicates("week_start")

    def row(r):
        return {"week_start": r["week_start"].strftime("%Y-%m-%d"), "country": r["country"],
                "revenue_usd": r["cents"] / 100}

    return {"weeks": [row(r) for _, r in weeks.iterrows()],
            "top": row(_top(revenue, "cents", ["week_start", "country"]))}


def encounters(raw, radius: float = 50.0, gap_s: float = 180.0) -> pd.DataFrame:
    """Player-pair close encounters by SPEC §2: one row per encounter."""
    hb = raw["heartbeats"].copy()
    hb["tick"] = hb["event_ts"].astype("datetime64[us]").astype("int64") // (TICK_S * 1_000_000)
    hb = hb.sort_values("event_ts").drop_duplicates(["session_id", "player_id", "tick"], keep="last")
    cols = ["session_id", "tick", "player_id", "team_id", "position_x", "position_y", "position_z"]
    pairs = hb[cols].merge(hb[cols], on=["session_id", "tick"], suffixes=("_a", "_b"))
    pairs = pairs[(pairs["player_id_a"] < pairs["player_id_b"]) & (pairs["team_id_a"] != pairs["team_id_b"])]
    distance = np.sqrt(sum((pairs[f"position_{c}_a"].astype("float64") - pairs[f"position_{c}_b"].astype("float64")) ** 2
                           for c in "xyz"))
    close = pairs[distance <= radius].sort_values(["session_id", "player_id_a", "player_id_b", "tick"])
    pair = ["session_id", "player_id_a", "player_id_b"]
    new_pair = (close[pair] != close[pair].shift()).any(axis=1)
    new_episode = new_pair | ((close["tick"] - close["tick"].shift()) * TICK_S > gap_s)
    close = close.assign(episode=new_episode.cumsum())
    out = close.groupby("episode").agg(session_id=("session_id", "first"), first_tick=("tick", "min"),
                                       last_tick=("tick", "max"))
    out["start_ts"] = pd.to_datetime(out["first_tick"] * TICK_S, unit="s")
    out["day"] = out["start_ts"].dt.floor("D")
    out["seconds"] = (out["last_tick"] - out["first_tick"] + 1) * TICK_S
    return out.reset_index(drop=True)


def q6(raw, month: str | None = None, radius: float = 50.0, gap_s: float = 180.0) -> dict:
    month = month or latest_complete_month(play_days(raw))
    e = encounters(raw, radius, gap_s)
    e = e[e["day"].dt.strftime("%Y-%m") == month]
    rows = (e.groupby(["day", "session_id"], as_index=False)
             .agg(encounters=("seconds", "size"), encounter_seconds=("seconds", "sum")))
    return {"month": month, "rows": [
        {"session_id": _json_id(r.session_id), "day": r.day.strftime("%Y-%m-%d"),
         "encounters": int(r.encounters), "encounter_seconds": float(r.encounter_seconds)}
        for r in rows.itertuples()]}


# ---------------------------------------------------------------- concurrency


def online(raw) -> pd.DataFrame:
    """One row per five-minute mark and player online at it (start <= mark < end), with the
    alphabetically first country of the player's sessions at that mark."""
    s = sessions(raw)
    step = MARK.value
    start_ns = s["start_ts"].astype("datetime64[ns]").astype("int64")
    end_ns = s["end_ts"].astype("datetime64[ns]").astype("int64")
    first = -(-start_ns // step)  # the first mark at or after the start
    count = ((end_ns - 1) // step - first + 1).clip(lower=0)  # marks before the end
    rows = s.loc[s.index.repeat(count), ["player_id", "country"]]
    offset = rows.groupby(level=0).cumcount().to_numpy()
    rows["mark_ts"] = pd.to_datetime((first.loc[rows.index].to_numpy() + offset) * step)
    return rows.groupby(["mark_ts", "player_id"], as_index=False)["country"].min()


def ccu(raw) -> pd.Series:
    """Distinct players online at every mark of every day from the first to the last day with play."""
    days = play_days(raw)["day"]
    marks = pd.date_range(days.min(), days.max() + DAY - MARK, freq=MARK)
    return online(raw).groupby("mark_ts")["player_id"].nunique().reindex(marks, fill_value=0)


def pcu(raw, date: str | None = None) -> dict:
    """Peak concurrent players on a day: the largest of its 288 samples at the earliest mark
    reaching it, and their mean (default day: the latest complete one, as q1's)."""
    day = pd.Timestamp(date) if date else latest_complete_day(play_days(raw))
    samples = ccu(raw)
    samples = samples[(samples.index >= day) & (samples.index < day + DAY)]
    assert len(samples) == 288
    return {"date": day.strftime("%Y-%m-%d"), "pcu": int(samples.max()),
            "at": samples.idxmax().strftime("%Y-%m-%dT%H:%M:00Z"), "avg_ccu": float(samples.mean())}


def kd_distribution(raw) -> pd.DataFrame:
    """Players per UTC day and K/D bucket: Q4's K/D over each player's sessions that ended that day."""
    s = sessions(raw).assign(day=lambda f: f["end_ts"].dt.floor("D"))
    days = s.groupby(["day", "player_id"], as_index=False)[["kills", "deaths"]].sum()
    kd = np.where(days["deaths"] == 0, days["kills"], days["kills"] / days["deaths"].where(days["deaths"] > 0))
    edges = np.array(KD_BUCKETS_FROM)
    days["kd_from"] = edges[np.searchsorted(edges, kd, side="right") - 1]  # buckets are [from, next from)
    days["zero_death"] = days["deaths"] == 0
    return days.groupby(["day", "kd_from"], as_index=False).agg(
        players=("player_id", "size"), zero_death_players=("zero_death", "sum"), kills=("kills", "sum"))


def raw_sizes(root: Path) -> dict[str, dict[str, float]]:
    """Q7's raw half: rows and bytes of each dataset per landed day (of any dataset), every delivered row counted."""
    landed = {dataset: [d for d in (Path(root) / dataset).glob("event_date=*") if (d / "_SUCCESS").exists()]
              for dataset in NATURAL_KEYS}
    days = len({folder.name for folders in landed.values() for folder in folders})
    out = {}
    for dataset, folders in landed.items():
        files = [f for d in folders for f in d.glob("*.parquet")]
        out[dataset] = {"rows_per_day": sum(len(pd.read_parquet(f)) for f in files) / days,
                        "bytes_per_day": sum(f.stat().st_size for f in files) / days}
    return out


def all_answers(root: Path, catalogue_skus=None, date=None, month=None, q1_player=None, q4_player=None) -> dict:
    raw = load_raw(root, catalogue_skus)
    return {"q1": q1(raw, date, q1_player), "q2": q2(raw), "q3": q3(raw, month), "q4": q4(raw, q4_player),
            "q5": q5(raw), "q6": q6(raw, month), "q7": {"raw": raw_sizes(root)}}
