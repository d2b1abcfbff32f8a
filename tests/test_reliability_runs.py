"""Runs that die or overlap: a killed run is completed by the next, a second writer never gets in.

A `sprint run` is killed hard (SIGKILL, its whole process group) in the middle of the
clean days; the next `sprint run` must complete the warehouse exactly as an
uninterrupted run does, while a third, started meanwhile, is refused. DuckDB commits each
statement atomically (its write-ahead log is replayed or discarded on the next open) and
SQLMesh records an interval only after its batch is written, so an interrupted batch is
simply missing and is computed again; a batch written but not recorded is replaced, not
doubled. Other processes that open the warehouse for writing (a bare `sqlmesh run`,
`sqlmesh plan`, the UI) meet DuckDB's file lock: one writer at a time; each entry point
names the file and the process holding it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from reliability_helpers import DAYS, Suite, assert_same_tables, day, land
from scratch import BIN, Scratch
from sprint.dashboard import APP

pytestmark = pytest.mark.slow

# Killed once this model's first batch is written: staging is done, the marts are not.
BATCH_DONE = re.compile(r"\] core\.fct_player_sessions +\[insert")
# Holds the warehouse open for writing, as a running `sqlmesh plan` or `sqlmesh ui` does.
HOLD_FILE = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("holding", flush=True)
    time.sleep(120)
    """
)


@dataclass
class Runs:
    wh: Scratch
    killed: subprocess.Popen
    killed_output: str
    recorded_when_killed: dict[str, set]
    refused: subprocess.CompletedProcess  # a `sprint run` started while the recovery ran
    tables: dict[str, pd.DataFrame]


def sprint_run(wh: Scratch) -> subprocess.Popen:
    # A session of its own, so a kill reaches `sprint run` and the sqlmesh it started.
    return subprocess.Popen([str(BIN / "sprint"), "run"], env=wh, cwd=wh.project, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


@pytest.fixture(scope="module")
def runs(suite: Suite) -> Runs:
    wh = suite.warehouse("runs")
    for n in range(DAYS):
        land(suite.clean, suite.raw, n)
    killed, seen = sprint_run(wh), []
    for line in killed.stdout:
        seen.append(line)
        if BATCH_DONE.search(line):
            os.killpg(killed.pid, signal.SIGKILL)
            break
    killed.wait()
    killed.stdout.close()
    wait_until_released(wh.file)
    recorded = {model: wh.recorded_days(model) for model in ("staging.stg_session_ends", "marts.q1_daily_play_time")}

    recovery = sprint_run(wh)
    recovery.stdout.readline()  # sqlmesh has started, so the run lock is held
    refused = wh.cli("sprint", "run")
    output = recovery.communicate()[0]
    assert recovery.returncode == 0, output[-3000:]
    return Runs(wh, killed, "".join(seen), recorded, refused, wh.tables("staging.stg_heartbeats"))


def wait_until_released(path) -> None:
    """Until no process holds the DuckDB file: a SIGKILLed process's locks go as the kernel tears it down."""
    for _ in range(600):  # a bound, so a leak fails the test instead of hanging it
        try:
            duckdb.connect(str(path), read_only=True).close()
            return
        except duckdb.IOException:
            time.sleep(0.1)
    pytest.fail(f"{path} still locked after its writers were killed")


def one_error_line(result: subprocess.CompletedProcess, command: str) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"sprint {command}: error: "), result.stderr
    return result.stderr


def test_a_run_killed_mid_day_is_completed_by_the_next_and_equals_an_uninterrupted_one(runs, suite):
    assert runs.killed.returncode == -signal.SIGKILL, runs.killed_output[-3000:]  # killed, not finished
    # Mid-run: the staging days are recorded, the marts' are not yet.
    assert set(map(day, range(DAYS))) <= runs.recorded_when_killed["staging.stg_session_ends"]
    assert day(0) not in runs.recorded_when_killed["marts.q1_daily_play_time"]
    assert_same_tables(runs.tables, suite.clean_tables())


def test_a_second_sprint_run_is_refused_while_one_runs(runs):
    assert "a run is still going; try again later or pass --wait SECONDS" in one_error_line(runs.refused, "run")


def test_while_another_process_writes_every_entry_point_names_the_file_and_changes_nothing(runs, monkeypatch):
    wh = runs.wh
    holder = subprocess.Popen([sys.executable, "-c", HOLD_FILE, str(wh.file)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "holding\n"
        held = f"{wh.file} is in use by pid {holder.pid} (python -c import sys, time, duckdb"
        what_to_do = "which has it open for writing: wait until it ends, then try again\n"
        for command in (["answer", "q2", "--json"], ["run"]):
            line = one_error_line(wh.cli("sprint", *command), command[0])
            assert held in line and line.endswith(what_to_do)
        # A bare `sqlmesh run` loads only config.yaml and materializations/ (the hook) before it
        # reads its state; SQLMesh 0.236 alone would report "Environment 'prod' was not found".
        bare = wh.cli("sqlmesh", "run")
        assert bare.returncode == 1
        assert f"Error: {held}" in bare.stdout and "was not found" not in bare.stdout + bare.stderr
        monkeypatch.setenv("SPRINT_WAREHOUSE", str(wh.file))
        monkeypatch.setenv("SPRINT_RAW_ROOT", str(wh.raw))
        page = AppTest.from_file(str(APP), default_timeout=60)
        page.run()
        assert not page.exception and any(held in w.value for w in page.warning), [w.value for w in page.warning]
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert_same_tables(wh.tables("staging.stg_heartbeats"), runs.tables)
    assert wh.cli("sprint", "answer", "q2", "--json").returncode == 0
