"""Sprint's benchmarks: generator, fixed cost, daily run, backfill and the big day, a table each.

    .venv/bin/python bench/bench.py [--quick] [--runs N] [--sections a,b,...] [--memory-limits L,...]
                                    [--id-kinds integer,string,bigint] [--project DIR] [--scratch DIR]

Every number is the median of --runs runs; where a floor is named, the ratio to that floor
is measured in the same run, so it survives the load of a shared machine better than the
rates do. Warehouse steps run the real `sqlmesh` CLI in a copy of the project with
SPRINT_RAW_ROOT / SPRINT_WAREHOUSE / SQLMESH__CACHE_DIR in a scratch folder, removed
afterwards. Peak memory is the subprocess's maximum resident set (os.wait4's rusage, the
per-child figure behind RUSAGE_CHILDREN). Sections (docs/BENCHMARKS.md defines each):

  generator  `sprint generate`: heartbeats/s, bytes/row; floor: pyarrow writing as many
             random heartbeat rows the same way (bench_generator.write_floor)
  fixed      a small day's `sqlmesh run`: what every run costs whatever its size; floor:
             the same run of as many trivial models (sqlmesh_floor.py): SQLMesh's own cost
  daily      `sqlmesh run` after one mid-size day lands: heartbeats/s through to the marts;
             floor: DuckDB reading that day's heartbeat Parquet into a table; then the same
             run under other DuckDB memory limits (SPRINT_DUCKDB_MEMORY): spill or fail,
             and with one model at a time and one DuckDB thread (what parallelism buys)
  backfill   `sqlmesh plan prod` of the demo history on an empty warehouse
  dayn       bench_dayn.py: the daily run on days 2, 30, 56 and 60 of a 200,000-player game,
             and the seconds in models that read more than their interval
  bigday     the largest day: ~100 M heartbeats (a 1 M-daily-active game) built by the
             nightly `sqlmesh run` at the configured memory limit, once per kind of id
             (--id-kinds: integer and string ids stored as text, integer ids stored as
             bigint): as the warehouse's first day, with the warehouse bytes per raw
             heartbeat and a digest of the day's encounters (equal across kinds of id and
             across versions of the models), and the night after the day before
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from statistics import median

import duckdb
import pyarrow.parquet as pq

# bench/ is not a package: import the sibling script from its folder.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import sqlmesh_floor
from bench_generator import write_floor

from generator.calendar import LAUNCH_DATE
from generator.contract import DATASET_NAMES as DATASETS

CHECKOUT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("config.yaml", "models", "macros", "signals", "audits", "seeds", "tests/models")
SQLMESH = str(Path(sys.executable).with_name("sqlmesh"))


@dataclass(frozen=True)
class Sizes:
    """What each section runs on; --quick shrinks everything to check the script itself."""

    gen_players: int
    gen_days: int
    fixed_players: int  # the small day: day 2 after launch of a game of this many players
    daily_players: int  # the mid-size day: day 3 after launch of a game of this many players
    backfill_days: int  # the demo history: `sprint generate` defaults, 20 000 players
    memory_limits: tuple[str, ...]
    bigday_players: int  # day BIGDAY of a game this big has ~100 M heartbeats
    id_kinds: tuple[str, ...] = ("integer", "string", "bigint")  # the big day's: ID_KINDS
    project: Path = CHECKOUT  # the SQLMesh project benchmarked (--project)
    quick: bool = False  # --quick: bench_dayn.py's sizes follow


# The big day's kinds of id: whether `sprint generate` writes them as strings, and the
# warehouse's id_type (config.yaml) for them.
ID_KINDS = {"integer": (False, "text"), "string": (True, "text"), "bigint": (False, "bigint")}

# Day 6 after launch is the first Sunday; a game this big has ~100 M heartbeats that day.
BIGDAY, BIGDAY_PLAYERS = 6, 12_000_000

FULL = Sizes(200_000, 3, 20_000, 1_000_000, 28, ("12GB", "4GB", "2GB", "1GB"), BIGDAY_PLAYERS)
QUICK = Sizes(20_000, 2, 5_000, 50_000, 7, ("4GB", "1GB"), 200_000, quick=True)


# The daily run again with other parallelism than config.yaml's (2 DuckDB threads, one
# model at a time).
PARALLELISM = (
    ("two models at a time", {"SPRINT_CONCURRENT_TASKS": "2"}),
    ("1 DuckDB thread", {"SPRINT_DUCKDB_THREADS": "1"}),
)


@dataclass
class Proc:
    seconds: float
    peak_mb: float
    stdout: str


def run_proc(argv: list[str], cwd: Path, env: dict[str, str]) -> Proc:
    """Run argv to completion; wall seconds and the child's own peak RSS (os.wait4)."""
    began = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        child = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - began
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({child.returncode}):\n{text[-3000:]}")
    return Proc(seconds, usage.ru_maxrss / 1024, text)


def day(offset: int) -> dt.date:
    return LAUNCH_DATE + dt.timedelta(days=offset)


def heartbeat_rows(raw: Path, on: dt.date) -> int:
    folder = raw / "heartbeats" / f"event_date={on}"
    return sum(pq.ParquetFile(f).metadata.num_rows for f in folder.glob("*.parquet"))


def generate(out: Path, players: int, start: dt.date, days: int, *options: str) -> Proc:
    argv = [str(Path(sys.executable).with_name("sprint")), "generate", "--players", str(players),
            "--start", start.isoformat(), "--days", str(days), "--out", str(out), *options]
    return run_proc(argv, CHECKOUT, dict(os.environ))


class Game:
    """Generated days kept aside in `pool`; land(d) moves a day's folders into the raw root."""

    def __init__(self, root: Path, players: int, days: int):
        self.pool, self.raw = root / "pool", root / "raw"
        generate(self.pool, players, LAUNCH_DATE, days)

    def land(self, *offsets: int) -> None:
        for offset in offsets:
            move_day(self.pool, self.raw, day(offset))


def move_day(source_root: Path, target_root: Path, on: dt.date) -> None:
    """Day `on`'s folder of each dataset (where it has one) from one raw root to another."""
    for dataset in DATASETS:
        source = source_root / dataset / f"event_date={on}"
        if source.exists():
            (target_root / dataset).mkdir(parents=True, exist_ok=True)
            source.rename(target_root / dataset / source.name)


class Warehouse:
    """A copy of the project and a warehouse file in `root`, driven by the sqlmesh CLI run in it."""

    def __init__(self, root: Path, raw: Path, source: Path):
        self.project, self.file = root / "project", root / "wh" / "sprint.duckdb"
        if not self.project.exists():
            for name in PROJECT_PARTS:
                source_part, target = source / name, self.project / name
                target.parent.mkdir(parents=True, exist_ok=True)
                if source_part.is_dir():
                    shutil.copytree(
                        source_part,
                        target,
                        ignore=shutil.ignore_patterns("__pycache__"),
                    )
                else:
                    shutil.copy2(source_part, target)
        self.file.parent.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "SPRINT_RAW_ROOT": str(raw),
            "SPRINT_WAREHOUSE": str(self.file),
            "SQLMESH__CACHE_DIR": str(root / "cache"),
            "COLUMNS": "200",  # one model a line in the CLI's progress output
        }

    def sqlmesh(self, *args: str, overrides: dict[str, str] | None = None) -> Proc:
        return run_proc([SQLMESH, *args], self.project, {**self.env, **(overrides or {})})

    def plan(self) -> Proc:
        return self.sqlmesh("plan", "prod", "--auto-apply", "--no-prompts", "--skip-tests")

    @property
    def snapshot_file(self) -> Path:
        return self.file.with_suffix(".before")

    def snapshot(self) -> Path:
        copy = self.snapshot_file
        shutil.copy2(self.file, copy)
        return copy

    def restore(self, copy: Path) -> None:
        shutil.copy2(copy, self.file)
        shutil.rmtree(f"{self.file}.tmp", ignore_errors=True)

    def runs_from_snapshot(self, runs: int, overrides: dict[str, str] | None = None) -> list[Proc]:
        """`sqlmesh run` `runs` times, each from the kept snapshot, with `overrides` in its environment."""
        results = []
        for _ in range(runs):
            self.restore(self.snapshot_file)
            results.append(self.sqlmesh("run", overrides=overrides))
        return results

    def variant_run(self, overrides: dict[str, str], rows: int = 0, runs: int = 1) -> str:
        """runs_from_snapshot as a line: the median time and peak RSS (and rate, given the
        day's rows), or why it failed."""
        try:
            procs = self.runs_from_snapshot(runs, overrides)
        except RuntimeError as error:
            return "FAILED: " + next((ln.strip() for ln in str(error).splitlines() if "Error" in ln), "see log")
        seconds = median(p.seconds for p in procs)
        rate = f"{rows / seconds:,.0f} heartbeats/s, " if rows else ""
        return f"completed in {seconds:.1f} s, {rate}peak RSS {median(p.peak_mb for p in procs):,.0f} MB"

    def repeated_run(self, runs: int, keep_snapshot: bool = False) -> list[Proc]:
        """`sqlmesh run` `runs` times, each from the same warehouse state (kept aside if asked)."""
        self.snapshot()
        results = self.runs_from_snapshot(runs)
        if not keep_snapshot:
            self.snapshot_file.unlink()
        return results

MODEL_LINE = re.compile(r"\[\d+/\d+\]\s+(\S+)\s+\[([^\]]*)\]\s+([\d.]+)s")


def model_seconds(output: str) -> dict[str, float]:
    """Seconds per model from the CLI's progress lines ('[1/1] core.x [insert ...] 1.23s')."""
    seconds: dict[str, float] = {}
    for name, _, secs in MODEL_LINE.findall(re.sub(r"\s*\n\s*(?!\[\d)", " ", output)):
        seconds[name] = seconds.get(name, 0.0) + float(secs)
    return seconds


def slowest_models(proc: Proc, count: int = 6) -> str:
    """The `count` models `proc`'s CLI output spent the most seconds in, as one line."""
    slowest = sorted(model_seconds(proc.stdout).items(), key=lambda kv: -kv[1])[:count]
    return ", ".join(f"{m} {s:.1f}s" for m, s in slowest)


def floor_read(raw: Path, on: dt.date, runs: int) -> list[float]:
    """Seconds for DuckDB (the warehouse's threads) to read one day's heartbeat Parquet into a table."""
    files = str(raw / "heartbeats" / f"event_date={on}" / "*.parquet")
    times = []
    for _ in range(runs):
        con = duckdb.connect()
        con.execute(f"SET threads = {os.environ.get('SPRINT_DUCKDB_THREADS', '2')}")
        began = time.perf_counter()
        con.execute(f"CREATE TABLE beats AS SELECT * FROM read_parquet('{files}')")
        times.append(time.perf_counter() - began)
        con.close()
    return times


class Table:
    """One section's measurements, printed as a Markdown table."""

    def __init__(self, section: str) -> None:
        self.section = section
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, measure: str, value: str, ratio: str = "", note: str = "") -> None:
        self.rows.append((measure, value, ratio, note))
        print(f"  {measure}: {value} {ratio} {note}", file=sys.stderr, flush=True)

    def print(self) -> None:
        print(f"\n[{self.section}]\n")
        print("| measure | value | vs floor | notes |\n|---|---|---|---|")
        for row in self.rows:
            print("| " + " | ".join(row) + " |")


def bench_generator(scratch: Path, sizes: Sizes, runs: int, table: Table) -> None:
    rates, process_rates, floors, peaks, per_row = [], [], [], [], []
    for i in range(runs):
        out = scratch / f"gen{i}"
        proc = generate(out, sizes.gen_players, day(21), sizes.gen_days)
        files = list((out / "heartbeats").rglob("*.parquet"))
        rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        # the CLI's own figure ("wrote 3 day(s) from ... in 8.3 s"): generate(), without Python's start-up
        rates.append(rows / float(re.search(r"wrote .* in ([\d.]+) s", proc.stdout).group(1)))
        process_rates.append(rows / proc.seconds)
        floors.append(rows / write_floor(scratch, rows))
        peaks.append(proc.peak_mb)
        per_row.append(sum(f.stat().st_size for f in files) / rows)
        shutil.rmtree(out)
    ratio = median([r / f for r, f in zip(rates, floors)])
    size = f"--players {sizes.gen_players} --start {day(21)} --days {sizes.gen_days}: {rows:,} heartbeats"
    table.add("generator heartbeats/s", f"{median(rates):,.0f}", f"{ratio:.2f}", size)
    table.add(
        "generator heartbeats/s, whole `sprint generate` process",
        f"{median(process_rates):,.0f}",
        f"{median([r / f for r, f in zip(process_rates, floors)]):.2f}",
        "with interpreter start-up and imports",
    )
    table.add("generator floor heartbeats/s (pyarrow write)", f"{median(floors):,.0f}")
    table.add(
        "generator heartbeat bytes/row",
        f"{median(per_row):.1f}",
        "",
        "zstd Parquet as written",
    )
    table.add("generator peak RSS", f"{median(peaks):,.0f} MB")


def bench_fixed(scratch: Path, sizes: Sizes, runs: int, table: Table) -> None:
    """Days 0-1 of a small game built into prod, then day 2 lands and runs: the cost of a run
    whatever its size (start-up, state, signals, rendering, audits); its floor is the same run
    of as many trivial models (sqlmesh_floor.py)."""
    game = Game(scratch, sizes.fixed_players, 3)
    game.land(0, 1)
    wh = Warehouse(scratch, game.raw, sizes.project)
    wh.plan()
    game.land(2)
    procs = wh.repeated_run(runs)
    seconds = median([p.seconds for p in procs])
    evaluated = model_seconds(procs[-1].stdout)
    floor = median([p.seconds for p in trivial_runs(scratch / "floor", len(evaluated), runs, sizes.project)])
    rows = heartbeat_rows(game.raw, day(2))
    table.add(
        "small day run (sqlmesh run) seconds",
        f"{seconds:.1f}",
        f"{floor / seconds:.2f}",
        f"day {day(2)} of a {sizes.fixed_players:,}-player game: {rows:,} heartbeats, {len(evaluated)} models;"
        f" peak RSS {median([p.peak_mb for p in procs]):,.0f} MB",
    )
    table.add(f"floor: the same run of {len(evaluated)} trivial models", f"{floor:.1f}", "1")
    startup = median([run_proc([SQLMESH, "--help"], wh.project, wh.env).seconds for _ in range(runs)])
    table.add("of which starting the sqlmesh CLI (sqlmesh --help)", f"{startup:.1f}")
    table.add("small day slowest models", "", "", slowest_models(procs[-1], 5))


def trivial_runs(root: Path, models: int, runs: int, project: Path) -> list[Proc]:
    """`sqlmesh run` of yesterday over `models` trivial daily models with `project`'s config.yaml,
    the day before built by a plan (an execution time of yesterday): `runs` times from the same state."""
    today = dt.datetime.now(dt.timezone.utc).date()
    sqlmesh_floor.write_project(root / "project", models, today - dt.timedelta(days=2), project / "config.yaml")
    wh = Warehouse(root, root / "raw", root / "project")
    wh.sqlmesh("plan", "prod", "--auto-apply", "--no-prompts", "--execution-time", str(today - dt.timedelta(days=1)))
    return wh.repeated_run(runs)


def bench_daily(scratch: Path, sizes: Sizes, runs: int, table: Table) -> None:
    """Days 0-2 of a game of sizes.daily_players built into prod, then day 3 lands and runs."""
    game = Game(scratch, sizes.daily_players, 4)
    game.land(0, 1, 2)
    wh = Warehouse(scratch, game.raw, sizes.project)
    wh.plan()
    game.land(3)
    rows = heartbeat_rows(game.raw, day(3))
    procs = wh.repeated_run(runs, keep_snapshot=True)
    floors = floor_read(game.raw, day(3), runs)
    rates = [rows / p.seconds for p in procs]
    ratio = median([f / p.seconds for p, f in zip(procs, floors)])
    note = f"day {day(3)} of a {sizes.daily_players:,}-player game: {rows:,} heartbeats"
    table.add(
        "daily run (sqlmesh run) heartbeats/s",
        f"{median(rates):,.0f}",
        f"{ratio:.3f}",
        note,
    )
    table.add("daily run seconds", f"{median([p.seconds for p in procs]):.1f}")
    table.add(
        "daily run floor heartbeats/s (DuckDB reads the day)",
        f"{rows / median(floors):,.0f}",
    )
    table.add(
        "daily run peak RSS",
        f"{median([p.peak_mb for p in procs]):,.0f} MB",
        "",
        f"DuckDB memory_limit {memory_limit(wh)}",
    )
    table.add("daily run slowest models (last run)", "", "", slowest_models(procs[-1], 5))

    # The same run, from the same state (day 3 not yet processed), under other memory
    # limits: it must spill, not fail.
    for limit in sizes.memory_limits:
        outcome = wh.variant_run({"SPRINT_DUCKDB_MEMORY": limit})
        table.add(f"daily run, memory_limit {limit}", "", "", f"{rows:,} heartbeats: {outcome}")

    # And with other parallelism: what two models at a time and a second DuckDB thread
    # each buy, so what more cores could (docs/BENCHMARKS.md).
    for label, overrides in PARALLELISM:
        outcome = wh.variant_run(overrides, rows, runs)
        table.add(f"daily run, {label}", "", "", outcome)
    wh.snapshot_file.unlink()


def bench_backfill(scratch: Path, sizes: Sizes, runs: int, table: Table) -> None:
    raw = scratch / "raw"
    generate(raw, 20_000, LAUNCH_DATE, sizes.backfill_days)
    rows = sum(heartbeat_rows(raw, day(d)) for d in range(sizes.backfill_days))
    procs = []
    for i in range(runs):
        wh = Warehouse(scratch / f"wh{i}", raw, sizes.project)
        procs.append(wh.plan())
        shutil.rmtree(scratch / f"wh{i}")
    seconds = median([p.seconds for p in procs])
    note = f"20,000 players, {sizes.backfill_days} days, {rows:,} heartbeats"
    table.add("backfill (sqlmesh plan prod) seconds", f"{seconds:.1f}", "", note)
    table.add("backfill heartbeats/s", f"{rows / seconds:,.0f}")
    table.add("backfill peak RSS", f"{median([p.peak_mb for p in procs]):,.0f} MB")


def bench_big_day(scratch: Path, sizes: Sizes, runs: int, table: Table) -> None:
    """The largest day: day 6 (the first Sunday) of a big game, processed as the nightly job
    does, once per kind of id: `sqlmesh plan` sets the warehouse up on an empty lake, then
    the day lands and `sqlmesh run` builds it, at the configured memory limit.

    Twice per kind (`runs` is ignored: at 100 M heartbeats a build takes minutes):
    - first: day 6 is the warehouse's first day; this build's bytes and encounter digest are
      compared across kinds of id and versions of the models;
    - the night after: day 5 (Saturday, almost as big) is built first, then day 6's run also
      redoes day 5 in the models with `lookback 1` (docs/WAREHOUSE.md): the steady state.
    """
    before, big = day(BIGDAY - 1), day(BIGDAY)
    for kind in sizes.id_kinds:
        string_ids, id_type = ID_KINDS[kind]
        # integer and bigint share generated days
        pool = scratch / ("pool-strings" if string_ids else "pool-integers")
        if not pool.exists():
            generate(pool, sizes.bigday_players, before, 2, *(["--string-ids"] if string_ids else []))
        rows = heartbeat_rows(pool, big)
        first = BigDayWarehouse(scratch / kind / "first", sizes.project, id_type)
        with landed(pool, first.raw, big):
            proc = first.run()
            floor = median(floor_read(first.raw, big, 1))
            derived, lake = heartbeat_bytes(first)
        table.add(
            f"big day heartbeats/s, {kind} ids",
            f"{rows / proc.seconds:,.0f}",
            f"{floor / proc.seconds:.3f}",
            f"day {big} of a {sizes.bigday_players:,}-player game, first in the warehouse: {rows:,} heartbeats"
            f" in {proc.seconds:.1f} s (sqlmesh run; the set-up plan before it took {first.setup_seconds:.1f} s);"
            f" memory_limit {memory_limit(first)}, peak RSS {proc.peak_mb:,.0f} MB",
        )
        table.add(f"big day floor heartbeats/s (DuckDB reads the day), {kind} ids", f"{rows / floor:,.0f}")
        table.add(f"big day slowest models, {kind} ids", "", "", slowest_models(proc))
        table.add(f"big day warehouse bytes per raw heartbeat, {kind} ids", f"{derived / rows:.2f}", "",
                  f"the lake holds {lake / rows:.2f} bytes per heartbeat (raw Parquet)")
        count, digest = encounter_digest(first)
        table.add(f"big day encounters, {kind} ids", f"{count:,}", "", f"digest {digest}")
        shutil.rmtree(first.root)

        after = BigDayWarehouse(scratch / kind / "after", sizes.project, id_type)
        with landed(pool, after.raw, before):
            previous = after.run()
            with landed(pool, after.raw, big):
                proc = after.run()
        table.add(
            f"big day the night after, {kind} ids",
            f"{rows / proc.seconds:,.0f}",
            f"{floor / proc.seconds:.3f}",
            f"day {big}'s run after day {before} ({heartbeat_rows(pool, before):,} heartbeats, built first in"
            f" {previous.seconds:.1f} s): {proc.seconds:.1f} s, the lookback-1 models' redo of day {before} included;"
            f" peak RSS {proc.peak_mb:,.0f} MB",
        )
        table.add(f"big day the night after, slowest models, {kind} ids", "", "", slowest_models(proc))
        shutil.rmtree(scratch / kind)


class BigDayWarehouse(Warehouse):
    """A warehouse set up by `sqlmesh plan` on its own empty lake (`raw`), storing ids as `id_type`."""

    def __init__(self, root: Path, project: Path, id_type: str):
        self.root, self.raw = root, root / "raw"
        super().__init__(root, self.raw, project)
        self.env["SQLMESH__VARIABLES__ID_TYPE"] = id_type  # SQLMesh's override of config.yaml's variable
        self.setup_seconds = self.plan().seconds

    def run(self) -> Proc:
        return self.sqlmesh("run")


@contextmanager
def landed(pool: Path, raw: Path, on: dt.date) -> Iterator[None]:
    """Day `on`'s folders moved from `pool` into the raw root `raw`, and back to `pool` after."""
    move_day(pool, raw, on)
    try:
        yield
    finally:
        move_day(raw, pool, on)


def memory_limit(wh: Warehouse) -> str:
    return wh.env.get("SPRINT_DUCKDB_MEMORY") or "config.yaml's default"


def heartbeat_bytes(wh: Warehouse) -> tuple[int, int]:
    """Bytes of the warehouse's heartbeat facts (what Q7 counts per raw heartbeat), and of the raw files."""
    answer = run_proc([str(Path(sys.executable).with_name("sprint")), "answer", "q7", "--json"], wh.project, wh.env)
    lake = json.loads(answer.stdout)["heartbeats"]
    return lake["warehouse_bytes_per_day"], lake["lake_bytes_per_day"]


def encounter_digest(wh: Warehouse) -> tuple[int, str]:
    """The day's player encounters: how many, and a digest of their rows that does not depend on
    the kind of ids (pairs by their players' order of first tick). Positions are taken to the
    unit, as the warehouse stores them."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{wh.file}' AS sprint (READ_ONLY)")
    try:
        return con.execute("""
            SELECT COUNT(*), MD5(STRING_AGG(row, '|' ORDER BY row)) FROM (
              SELECT CONCAT_WS(',', encounter_start_ts, encounter_end_ts, close_ticks, encounter_seconds,
                               ROUND(position_x), ROUND(position_y)) AS row
              FROM sprint.core.fct_encounters)""").fetchone()
    finally:
        con.close()


def bench_day_n(scratch: Path, sizes: Sizes, runs: int, table: Table) -> None:
    """bench_dayn.py's day N as a section: its own game sizes, this run's project."""
    import bench_dayn  # it imports this module: not at the top

    dayn_sizes = bench_dayn.QUICK if sizes.quick else bench_dayn.FULL
    bench_dayn.bench_day_n(scratch, replace(dayn_sizes, project=sizes.project), runs, table)


SECTIONS = {
    "generator": bench_generator,
    "fixed": bench_fixed,
    "daily": bench_daily,
    "backfill": bench_backfill,
    "bigday": bench_big_day,
    "dayn": bench_day_n,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes: checks the script in a few minutes",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"comma-separated, of {','.join(SECTIONS)}",
    )
    parser.add_argument(
        "--scratch",
        type=Path,
        default=None,
        help="parent of the scratch folder (default: system tmp)",
    )
    parser.add_argument(
        "--memory-limits",
        default=None,
        metavar="LIMITS",
        help="comma-separated DuckDB memory limits for the daily section's sweep, '' for none"
        " (default: 12GB,4GB,2GB,1GB; --quick: 4GB,1GB)",
    )
    parser.add_argument("--id-kinds", default=",".join(ID_KINDS),
                        help=f"the big day's kinds of id, of {', '.join(ID_KINDS)} (default: all)")
    parser.add_argument(
        "--project",
        type=Path,
        default=CHECKOUT,
        help="SQLMesh project to benchmark, e.g. a git worktree of another commit (default: this checkout)",
    )
    args = parser.parse_args()
    sections = args.sections.split(",")
    if unknown := set(sections) - set(SECTIONS):
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    sizes = replace(QUICK if args.quick else FULL, project=args.project.resolve())
    if args.memory_limits is not None:
        sizes = replace(sizes, memory_limits=tuple(filter(None, args.memory_limits.split(","))))
    sizes = replace(sizes, id_kinds=tuple(filter(None, args.id_kinds.split(","))))
    if unknown := set(sizes.id_kinds) - set(ID_KINDS):
        parser.error(f"unknown id kinds: {', '.join(sorted(unknown))}")
    if args.scratch is not None:
        args.scratch.mkdir(parents=True, exist_ok=True)

    tables = []
    loads = [os.getloadavg()[0]]
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-sprint-", dir=args.scratch) as scratch:
        for name in sections:
            print(f"[{name}]", file=sys.stderr, flush=True)
            folder = Path(scratch) / name
            folder.mkdir()
            tables.append(Table(name))
            SECTIONS[name](folder, sizes, args.runs, tables[-1])
            loads.append(os.getloadavg()[0])
    print(
        f"sprint benchmarks ({'--quick' if args.quick else 'full'}, median of {args.runs} runs), "
        f"{os.cpu_count()} CPUs, load average {min(loads):.1f}-{max(loads):.1f} during the run, "
        f"{time.perf_counter() - began:.0f} s in all, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )
    for table in tables:
        table.print()


if __name__ == "__main__":
    main()
