"""The run lock: one `sprint run` at a time, with a one-line message for the second; readers
(`sprint answer`, the dashboard) hold it shared, so a run waits for them and they never open
the warehouse in the middle of a run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from sprint.errors import UserError
from sprint.locking import flock_modes, lock_path_for, reading, warehouse_lock

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


# A reader: holds the lock shared until its stdin closes.
READ_UNTIL_TOLD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sprint.locking import reading
    with reading(Path(sys.argv[1])):
        print("reading", flush=True)
        sys.stdin.read()
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


def test_a_reader_is_turned_away_in_one_line_while_a_run_holds_the_lock(tmp_path):
    warehouse = tmp_path / "sprint.duckdb"
    holder, grandchild_pid = start_holder(warehouse)
    try:
        with pytest.raises(UserError) as error:
            with reading(warehouse):
                pass
        message = str(error.value)
        assert message.startswith(f"{warehouse} is being updated by a run ({lock_path_for(warehouse)} is held by pid {holder.pid} ")
        assert message.endswith(": wait until it ends, then try again") and "\n" not in message
    finally:
        holder.kill()
        os.kill(grandchild_pid, 9)
        holder.wait()


def test_a_run_waits_for_the_readers_already_in_even_without_wait(tmp_path):
    warehouse = tmp_path / "sprint.duckdb"
    readers = [subprocess.Popen([sys.executable, "-c", READ_UNTIL_TOLD, str(warehouse)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True) for _ in range(2)]
    for reader in readers:
        assert reader.stdout.readline() == "reading\n"
    with reading(warehouse):  # readers share it
        pass

    def finish_reading() -> None:
        for reader in readers:
            reader.communicate("")

    finishing = threading.Thread(target=finish_reading)
    finishing.start()
    try:
        with warehouse_lock(warehouse, wait_seconds=0):  # waits for them instead of refusing
            assert flock_modes(lock_path_for(warehouse)) == {"WRITE"}  # theirs are gone
    finally:
        finishing.join()
