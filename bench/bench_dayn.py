"""Day N stays flat: the daily run on day 2, 30 and 60 of one game ten times the demo's size,
and the seconds spent in models that read more than their interval.

    .venv/bin/python bench/bench_dayn.py [--players N] [--days 2,30,60] [--runs N] [--quick]
                                         [--project DIR] [--scratch DIR]

One game of --players players (default 200,000: 12,000 to 16,000 active a day, ten times the
20,000-player demo) is generated for the last day + 1 days. Besides days 2, 30 and 60 it
measures day 56, a Monday: the day the weekly player state is written. Its days land in order; before
each measured day N the days up to N - 1 are built (a plan, then `sqlmesh run`s, not
measured), then day N lands and `sqlmesh run` is timed --runs times from the same warehouse
(bench.Warehouse.repeated_run; median). A run processes day N and the day before it for the
models with a lookback.

What a model reads is SQLMesh's own rendering of it for one day (tests/project_facts.py): for
each time-partitioned model it reads, how many days before its interval. The table splits the
run's model seconds (the CLI's per-model lines):

- models reading further back than a month (a 30-day window or a month so far is what the
  widest grain needs) or with no lower bound, the calendar (core.dim_date) aside: the
  history readers. core.dim_players and core.dim_payers are among them: they look up their
  own earlier rows (one per player, not per day) to tell who is new;
- the views in marts, which every run re-creates and audits: their audits read the small
  day-grained marts they sum whole (kpi_retention_cohorts, kpi_ltv_cohorts, ...);
- core.dim_player_state, the weekly snapshot (a row per player who has played, on Mondays).

Prints the table, then the command; asserts nothing. `bench/bench.py --sections dayn` runs
the same as one of its sections.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median

# bench/ is not a package: import the sibling script from its folder.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import CHECKOUT, Game, Table, Warehouse, day, heartbeat_rows, model_seconds

MONTH_DAYS = 31  # as tests/test_project_wiring.py: the widest grain a model needs before its day
CALENDAR = "core.dim_date"
STATE = "core.dim_player_state"


@dataclass(frozen=True)
class DayNSizes:
    dayn_players: int
    dayn_days: tuple[int, ...]
    project: Path = CHECKOUT


# Day 56 (2026-11-02) is a Monday, the day core.dim_player_state writes its weekly snapshot;
# days 2 and 30 are Wednesdays, 60 a Friday.
FULL = DayNSizes(200_000, (2, 30, 56, 60))
QUICK = DayNSizes(20_000, (2, 7, 9))


def model_groups(wh: Warehouse) -> dict[str, set[str]]:
    """The history readers, the views and the weekly state, from SQLMesh's rendering of the models."""
    facts_script = Path(__file__).resolve().parent.parent / "tests" / "project_facts.py"
    result = subprocess.run([sys.executable, str(facts_script)], cwd=wh.project, env=wh.env, capture_output=True,
                            text=True, timeout=600, check=True)
    facts = json.loads(result.stdout)
    history = {
        name for name, model in facts.items()
        if model["kind"] == "FULL"
        or any(back is None or back > MONTH_DAYS
               for parent, back in (model["reads"] or {}).items() if parent != CALENDAR)
    }
    mart_views = {name for name, model in facts.items() if model["kind"] == "VIEW" and name.startswith("marts.")}
    return {"history": history, "mart views": mart_views, "state": {STATE}}


def rows_on(raw: Path, dataset: str, on: dt.date) -> int:
    import pyarrow.parquet as pq

    folder = raw / dataset / f"event_date={on}"
    return sum(pq.ParquetFile(f).metadata.num_rows for f in folder.glob("*.parquet"))


def registered_players(wh: Warehouse) -> int:
    import duckdb

    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{wh.file}' AS sprint (READ_ONLY)")
        return con.execute("SELECT COUNT(*) FROM sprint.core.dim_players").fetchone()[0]
    finally:
        con.close()


def bench_day_n(scratch: Path, sizes, runs: int, table: Table) -> None:
    last = max(sizes.dayn_days)
    if day(last) >= dt.datetime.now(dt.UTC).date():
        raise SystemExit(f"day {last} ({day(last)}) has not ended yet: SQLMesh would not run it")
    game = Game(scratch, sizes.dayn_players, last + 1)
    wh = Warehouse(scratch, game.raw, sizes.project)
    groups = model_groups(wh)
    landed, measured = 0, {}
    for n in sizes.dayn_days:
        game.land(*range(landed, n))  # history up to day n - 1, built but not measured
        if landed == 0:
            wh.plan()
        else:
            wh.sqlmesh("run")
        game.land(n)
        landed = n + 1
        procs = wh.repeated_run(runs)
        per_model = [model_seconds(p.stdout) for p in procs]
        spent = {group: median(sum(s for m, s in seconds.items() if m in names) for seconds in per_model)
                 for group, names in groups.items()}
        seconds = median(p.seconds for p in procs)
        measured[n] = seconds
        history = sorted(m for m in groups["history"] if any(m in seconds_ for seconds_ in per_model))
        table.add(
            f"day {n} ({day(n)}) run seconds",
            f"{seconds:.1f}",
            f"{seconds / measured[sizes.dayn_days[0]]:.2f} of day {sizes.dayn_days[0]}",
            f"{heartbeat_rows(game.raw, day(n)):,} heartbeats, {rows_on(game.raw, 'session_ends', day(n)):,} "
            f"session ends, {registered_players(wh):,} players so far; models reading more than their interval "
            f"{spent['history']:.1f} s ({', '.join(history) or 'none'}); mart views {spent['mart views']:.1f} s; "
            f"weekly state {spent['state']:.1f} s; peak RSS {median(p.peak_mb for p in procs):,.0f} MB",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, help=f"players in the game (default {FULL.dayn_players:,})")
    parser.add_argument("--days", help="the days measured, comma-separated (default 2,30,56,60)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measured day (median)")
    parser.add_argument("--quick", action="store_true", help="a small game over a few days: checks the script")
    parser.add_argument("--project", type=Path, default=CHECKOUT, help="SQLMesh project to benchmark")
    parser.add_argument("--scratch", type=Path, default=None, help="parent of the scratch folder (default: system tmp)")
    args = parser.parse_args()
    base = QUICK if args.quick else FULL
    sizes = DayNSizes(
        args.players or base.dayn_players,
        tuple(int(d) for d in args.days.split(",")) if args.days else base.dayn_days,
        args.project.resolve(),
    )
    table = Table("dayn")
    loads = [os.getloadavg()[0]]
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-dayn-", dir=args.scratch) as scratch:
        bench_day_n(Path(scratch), sizes, args.runs, table)
    loads.append(os.getloadavg()[0])
    print(
        f"day N ({sizes.dayn_players:,} players, median of {args.runs} runs; ratio: to day {sizes.dayn_days[0]}), "
        f"{os.cpu_count()} CPUs, load average {min(loads):.1f}-{max(loads):.1f}, "
        f"{time.perf_counter() - began:.0f} s in all, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )
    table.print()
    print("command:", shlex.join([Path(sys.executable).name, *sys.argv]))


if __name__ == "__main__":
    main()
