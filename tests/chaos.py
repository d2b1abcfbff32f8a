"""A randomized fault campaign: does `sprint run` bring the warehouse to what the files say, alone?

    .venv/bin/python tests/chaos.py --days 40 --seed 7 [--players 2000] [--scratch DIR]

A game of --players is generated for --days and delivered step by step with seeded faults
(tests/chaos_plan.py). After every step `sprint run --wait 60` runs as a scheduler starts
it, in a process group of its own; in some runs the whole group is killed with SIGKILL at a
random moment (after a drawn number of its output lines, or as soon as it holds the run
lock, before sqlmesh starts), and in every run `sprint answer all` or the dashboard's data
layer (sprint/dashboard/data.py) reads the warehouse meanwhile. Once everything is delivered and
repaired, runs go on until one ends well (a scheduler does not stop); then every model is
held against a clean build from the same final files, and `sprint answer all` against the
pandas reference (tests/reference_answers.py). The table at the end counts the faults by
kind, how every run ended, what was lost or doubled, and how the reads ended.

How a run ends: `ok` (exit 0); `held back` (exit 2, naming exactly the broken files of
landed days, one line each); `killed`; or `failed` (anything else). A killed or failed
run has `recovered alone` once a later run ends ok or held back; one still waiting at the
end, or a final warehouse that differs from the clean build, `needed a person`.

With --scratch DIR the folders stay behind, with each run's output in DIR/runs/.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script: the test helpers sit beside it

import reference_answers as ref
from chaos_plan import TAIL, World, make_plan
from generator import FaultConfig, generate
from generator.calendar import LAUNCH_DATE
from generator.catalogue import SKUS
from generator.contract import SUCCESS_MARKER
from scratch import BIN, Scratch
from sprint.locking import lock_path_for
from test_answers_e2e import _close as assert_close

GENERATOR_FAULTS = FaultConfig(duplicate_rate=0.03, late_rate=0.05, late_delay_days=0)  # late files: the plan times them
KILL_RATE = 0.15  # share of runs killed
# When: after this many lines of the run's output, drawn evenly (0: as soon as it holds the run
# lock, before sqlmesh starts). A run checks its signals in some 50 lines, then prints two
# per batch; one that ends first is not killed.
KILL_LINES = 120
READ_WITHIN = (0.0, 10.0)  # when a read starts, seconds into the run
HUNG = 1800  # seconds after which a run counts as hung: killed, and failed
ID_KEYS = {"player_id", "session_id"}
FINAL_RUNS = 3  # runs after the last step before the campaign gives up on the warehouse healing alone
# The dashboard's data layer, as its pages call it: a UserError is a warning on the page.
DASHBOARD_READ = textwrap.dedent(
    """
    import sys
    from sprint.dashboard import data
    from sprint.errors import UserError
    try:
        data.question("q7")
        data.read("SELECT COUNT(*) AS days FROM marts.q1_daily_play_time")
    except UserError as error:
        print(f"dashboard: {error}", file=sys.stderr)
        sys.exit(2)
    """
)


@dataclass(frozen=True)
class Timing:
    """What happens around one scheduled run, drawn before the campaign starts."""

    kill_at: int | None  # output lines before the kill (0: once the run lock is held); None: not killed
    reader: str  # answer or dashboard
    read_after: float  # seconds


def draw_timings(rng: np.random.Generator, runs: int, kill_rate: float = KILL_RATE) -> list[Timing]:
    timings = []
    for _ in range(runs):
        kill = rng.random() < kill_rate
        kill_at = int(rng.integers(0, KILL_LINES)) if kill else None
        timings.append(Timing(kill_at, str(rng.choice(["answer", "dashboard"])), float(rng.uniform(*READ_WITHIN))))
    return timings


@dataclass
class Run:
    ending: str  # ok, held back, killed, failed
    seconds: float
    detail: str = ""  # a failed run's last error line
    unnamed: int = 0  # broken files of landed days the run did not name
    read: str = ""  # how the read during the run ended


@dataclass
class Result:
    faults: Counter
    runs: list[Run] = field(default_factory=list)
    recovered: int = 0
    needed_person: int = 0
    lost: int = 0
    doubled: int = 0
    model_differences: list[str] = field(default_factory=list)
    answer_differences: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def reads(self) -> Counter:
        return Counter(run.read for run in self.runs if run.read)


def campaign(base: Path, days: int, seed: int, players: int, tail: int = TAIL, rates: dict | None = None,
             kill_rate: float = KILL_RATE, log=print) -> Result:
    """The campaign in the folder `base`; `rates` and `kill_rate` override the plan's RATES and KILL_RATE."""
    began = time.perf_counter()
    world = World(base / "source", base / "raw")
    generate(world.source, players=players, start=LAUNCH_DATE, days=days, seed=seed, faults=GENERATOR_FAULTS)
    plan = make_plan(world.source, days, np.random.default_rng(seed), tail, rates)
    timings = draw_timings(np.random.default_rng([seed, 1]), len(plan.steps), kill_rate)
    world.raw.mkdir()
    (base / "runs").mkdir()
    template = Scratch(base / "template", raw=world.raw, cache=base / "cache")
    template.plan("--skip-linter")  # over the empty raw root, so both warehouses read the same path
    warehouse = copy_of(template, base / "campaign")
    result = Result(plan.faults + Counter({"overlapping redelivery (generator)": sum(
        1 for _ in world.source.glob("*/event_date=*/redelivery-0000.parquet"))}))
    pending = 0  # killed or failed runs not yet followed by one that ended well
    for step, actions in enumerate(plan.steps):
        for action in actions:
            action.apply(world)
        run = scheduled_run(warehouse, world, timings[step], base / "runs" / f"{step:03}.log")
        result.runs.append(run)
        result.faults["SIGKILL of sprint run"] += run.ending == "killed"
        log(f"step {step:>2}: {', '.join(sorted({type(a).__name__ for a in actions})) or 'nothing'}; "
            f"run {run.ending} in {run.seconds:.1f} s{f' ({run.detail})' if run.detail else ''}; read {run.read}")
        pending, result.recovered = settle(run, pending, result.recovered)
    for final in range(FINAL_RUNS):
        run = scheduled_run(warehouse, world, None, base / "runs" / f"final-{final}.log")
        result.runs.append(run)
        log(f"final: run {run.ending} in {run.seconds:.1f} s{f' ({run.detail})' if run.detail else ''}")
        pending, result.recovered = settle(run, pending, result.recovered)
        if run.ending == "ok":
            break
    result.needed_person = pending + (run.ending == "held back")  # every file is whole by now
    clean = copy_of(template, base / "clean")
    clean.run()
    compare_models(warehouse, clean, result)
    compare_answers(warehouse, world.raw, result)
    result.needed_person += bool(result.lost or result.doubled or result.model_differences)
    result.seconds = time.perf_counter() - began
    return result


def copy_of(template: Scratch, folder: Path) -> Scratch:
    scratch = Scratch(folder, raw=template.raw, cache=template["SQLMESH__CACHE_DIR"])
    shutil.copy2(template.file, scratch.file)
    return scratch


def settle(run: Run, pending: int, recovered: int) -> tuple[int, int]:
    if run.ending in ("ok", "held back"):
        return 0, recovered + pending
    return pending + 1, recovered


# ---------------------------------------------------------------- one scheduled run


def scheduled_run(warehouse: Scratch, world: World, timing: Timing | None, log: Path) -> Run:
    """`sprint run`, maybe killed, with a read meanwhile (neither when `timing` is None); how it ended."""
    reads: list[str] = []
    began = time.perf_counter()
    process = subprocess.Popen([str(BIN / "sprint"), "run", "--wait", "60"], cwd=warehouse.project, env=warehouse,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    # The whole group: `sprint run` and the sqlmesh it started.
    watchdog = threading.Timer(HUNG, os.killpg, (process.pid, signal.SIGKILL))
    watchdog.start()
    reader = None
    if timing is not None:
        def read_meanwhile() -> None:
            time.sleep(timing.read_after)
            reads.append(read(warehouse, timing.reader))

        reader = threading.Thread(target=read_meanwhile)
        reader.start()
    kill_at = timing.kill_at if timing is not None else None
    if kill_at == 0:
        once_locked(process, lock_path_for(warehouse.file))
        kill(process)
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line)
        if kill_at and len(lines) == kill_at:
            kill(process)
    process.wait()
    hung = not watchdog.is_alive() and process.returncode == -signal.SIGKILL and kill_at is None
    watchdog.cancel()
    seconds = time.perf_counter() - began
    if reader is not None:
        reader.join()
    output = "".join(lines)
    log.write_text(output)
    if hung:
        run = Run("failed", 0, detail=f"hung for {HUNG} s, killed (see {log})")
    else:
        run = judge(process.returncode, output, world)
    run.seconds, run.read = seconds, reads[0] if reads else ""
    return run


def once_locked(process: subprocess.Popen, lock: Path) -> None:
    """Until `process` holds the run lock (it writes its pid there), or has ended."""
    while process.poll() is None:
        try:
            if lock.read_text().startswith(f"pid {process.pid} "):
                return
        except FileNotFoundError:
            pass
        time.sleep(0.01)


def kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended first
        os.killpg(process.pid, signal.SIGKILL)


def judge(status: int, output: str, world: World) -> Run:
    if status == -signal.SIGKILL:
        return Run("killed", 0)
    lines = [line for line in output.splitlines() if line.startswith("sprint run: error: ")]
    named = {Path(line.removeprefix("sprint run: error: ").split(": ", 1)[0]) for line in lines}
    broken = {path for path in world.broken if (path.parent / SUCCESS_MARKER).exists()}
    unnamed = len(broken - named)
    if status == 0 and not broken:
        return Run("ok", 0)
    if status == 2 and named == broken and len(lines) == len(named):
        return Run("held back", 0)
    last = (lines or output.strip().splitlines() or [f"exit {status}"])[-1]
    return Run("failed", 0, detail=f"exit {status}: {last[:200]}", unnamed=unnamed)


def read(warehouse: Scratch, reader: str) -> str:
    """How a read ended: answered (naming unreadable files, exit 2), turned away by the run or
    refused in one line per problem (exit 2), or failed otherwise."""
    command = ([str(BIN / "sprint"), "answer", "all", "--json"] if reader == "answer"
               else [sys.executable, "-c", DASHBOARD_READ])
    result = subprocess.run(command, cwd=warehouse.project, env=warehouse, capture_output=True, text=True)
    prefix = "sprint answer: error: " if reader == "answer" else "dashboard: "
    if result.returncode == 0:
        return f"{reader} answered"
    ours = [line for line in result.stderr.splitlines() if line.startswith(prefix)]
    if result.returncode == 2 and ours and "Traceback" not in result.stderr:
        if all("left out of Q7's raw sizes" in line for line in ours):
            return f"{reader} answered, naming unreadable files"
        if all(" is being updated by a run " in line or " is in use by " in line for line in ours):
            return f"{reader} met a run, said so in one line"
        return f"{reader} refused in one line"
    return f"{reader} FAILED: {result.stderr.strip().splitlines()[-1:]}"


# ---------------------------------------------------------------- the end


def compare_models(warehouse: Scratch, clean: Scratch, result: Result) -> None:
    ours, theirs = warehouse.tables("staging.stg_heartbeats"), clean.tables("staging.stg_heartbeats")
    result.model_differences += [f"{m}: only in one warehouse" for m in sorted(set(ours) ^ set(theirs))]
    for model in sorted(set(ours) & set(theirs)):
        mine, clean_rows = rows(ours[model]), rows(theirs[model])
        lost, extra = sum((clean_rows - mine).values()), sum((mine - clean_rows).values())
        result.lost += lost
        result.doubled += extra
        if lost or extra:
            result.model_differences.append(f"{model}: {lost} rows lost, {extra} doubled or extra")


def rows(frame: pd.DataFrame) -> Counter:
    """A model's rows as a multiset; floats to 9 significant digits (sums may add up in another order)."""
    def value(v):
        if pd.isna(v):
            return None
        return float(f"{v:.9g}") if isinstance(v, float) else v
    return Counter(tuple(map(value, row)) for row in frame.astype(object).itertuples(index=False))


def compare_answers(warehouse: Scratch, raw: Path, result: Result) -> None:
    answered = warehouse.sprint("answer", "all", "--json", check=False)
    if answered.returncode != 0:
        result.answer_differences.append(f"sprint answer all: exit {answered.returncode}: {answered.stderr[-300:]}")
        return
    got, expected = json.loads(answered.stdout), ref.all_answers(raw, {str(sku) for sku in SKUS})
    got, expected = ids_as_text(got), ids_as_text(expected)
    for answer in (got, expected):  # as text, ids order as text; the contract sets no order for Q6's rows
        answer["q6"]["rows"].sort(key=lambda row: (row["day"], row["session_id"]))
    checks = [(got[q], expected[q], q) for q in ("q1", "q2", "q3", "q4", "q5", "q6")]
    tables = {t["table"]: t for t in got["q7"]["tables"]}
    checks += [(tables[f"raw.{d}"], sizes, f"q7.raw.{d}") for d, sizes in expected["q7"]["raw"].items()]
    for got_value, expected_value, name in checks:
        try:
            assert_close(got_value, expected_value, name)
        except AssertionError as difference:
            result.answer_differences.append(f"{name}: {str(difference).splitlines()[0]}")


def ids_as_text(answer):
    """Ids as text on both sides: a warehouse planned before its first file landed keeps its raw
    views' text ids, and `sprint answer` then prints integer ids as strings."""
    if isinstance(answer, dict):
        return {key: id_text(value) if key in ID_KEYS else ids_as_text(value) for key, value in answer.items()}
    return [ids_as_text(value) for value in answer] if isinstance(answer, list) else answer


def id_text(value) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # the reference's pandas columns make integer ids floats
    return None if value is None else str(value)


def table(result: Result, days: int, seed: int, players: int) -> str:
    endings = Counter(run.ending for run in result.runs)
    failed = endings["killed"] + endings["failed"]
    lines = [f"fault campaign: {days} days, {players} players, seed {seed}, {result.seconds / 60:.1f} min", "",
             f"{'fault':<38}{'injected':>9}"]
    lines += [f"{kind:<38}{count:>9}" for kind, count in sorted(result.faults.items()) if count]
    lines += [f"{'total':<38}{sum(result.faults.values()):>9}", ""]
    outcomes = [
        ("runs", len(result.runs)),
        ("  ended ok (exit 0)", endings["ok"]),
        ("  held back bad files (exit 2)", endings["held back"]),
        ("  killed or failed", failed),
        ("runs that failed and recovered alone", result.recovered),
        ("runs that needed a person", result.needed_person),
        ("broken files a run did not name", sum(run.unnamed for run in result.runs)),
        ("rows lost", result.lost),
        ("rows doubled or extra", result.doubled),
        ("answers unlike the pandas reference", len(result.answer_differences)),
    ] + [(f"reads: {kind}", count) for kind, count in sorted(result.reads.items())]
    lines += [f"{name:<38}{count:>9}" for name, count in outcomes]
    lines += [f"  {run.detail}" for run in result.runs if run.ending == "failed"]
    lines += [f"  {difference}" for difference in result.model_differences + result.answer_differences]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--players", type=int, default=2000)
    parser.add_argument("--tail", type=int, default=TAIL, help="steps after the last day, for late files (default: %(default)s)")
    parser.add_argument("--scratch", type=Path, help="folder to work in (default: a temporary one, removed after)")
    args = parser.parse_args()
    base = args.scratch or Path(tempfile.mkdtemp(prefix="sprint-chaos-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        result = campaign(base, args.days, args.seed, args.players, args.tail, log=lambda line: print(line, flush=True))
    finally:
        if args.scratch is None:
            shutil.rmtree(base, ignore_errors=True)
    print()
    print(table(result, args.days, args.seed, args.players))
    return 0 if not (result.needed_person or result.lost or result.doubled or result.answer_differences) else 1


if __name__ == "__main__":
    sys.exit(main())
