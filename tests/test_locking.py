"""The run lock: one `sprint run` at a time, with a one-line message for the second."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sprint.errors import UserError
from sprint.locking import lock_path_for, warehouse_lock

HOLD_LOCK = textwrap.dedent(
    """
    import subprocess, sys, time
    from pathlib import Path
    from sprint.locking import warehouse_lock
    with warehouse_lock(Path(sys.argv[1])) as fd:
        # A grandchild inherits the lock, as sqlmesh does under `sprint run`.
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], pass_fds=(fd,))
        print(child.pid, flush=True)
        time.sleep(60)
    """
)


def start_holder(warehouse: Path) -> tuple[subprocess.Popen, int]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(warehouse)], stdout=subprocess.PIPE, text=True)
    grandchild_pid = int(holder.stdout.readline())
    return holder, grandchild_pid


def test_second_holder_gets_a_message_naming_the_lock_and_holder(tmp_path):
    warehouse = tmp_path / "sprint.duckdb"
    holder, grandchild_pid = start_holder(warehouse)
    try:
        with pytest.raises(UserError) as error:
            with warehouse_lock(warehouse):
                pass
        message = str(error.value)
        assert str(lock_path_for(warehouse)) in message
        assert f"pid {holder.pid}" in message
        assert "\n" not in message
    finally:
        holder.kill()
        os.kill(grandchild_pid, 9)
        holder.wait()


def test_lock_survives_the_wrapper_while_its_child_still_runs(tmp_path):
    warehouse = tmp_path / "sprint.duckdb"
    holder, grandchild_pid = start_holder(warehouse)
    holder.kill()
    holder.wait()
    try:
        with pytest.raises(UserError):
            with warehouse_lock(warehouse):
                pass
    finally:
        os.kill(grandchild_pid, 9)
    # Once the last process holding it is gone, the lock is free again.
    deadline = time.monotonic() + 10
    while True:
        try:
            with warehouse_lock(warehouse):
                break
        except UserError:
            assert time.monotonic() < deadline, "lock still held after its holders died"
            time.sleep(0.1)


def test_sprint_run_refuses_to_overlap_with_one_line_and_exit_2(tmp_path):
    warehouse = tmp_path / "sprint.duckdb"
    holder, grandchild_pid = start_holder(warehouse)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "sprint.cli", "run"],
            env={**os.environ, "SPRINT_WAREHOUSE": str(warehouse)},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith("sprint run: error:")
        assert "a run is still going" in result.stderr
    finally:
        holder.kill()
        os.kill(grandchild_pid, 9)
        holder.wait()
