"""`sprint run`: `sqlmesh run` for schedulers, under a lock so runs never overlap."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from sprint import project
from sprint.locking import warehouse_lock


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="process the intervals whose data has landed (sqlmesh run under a lock)",
        description=(
            "Run `sqlmesh run` on the project while holding the warehouse's run lock, so a "
            "scheduler firing again before the last run ended gets a clear message instead "
            "of a second writer. Arguments after `--` go to `sqlmesh run`."
        ),
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="how long to wait for a running job to finish before giving up (default: 0)",
    )
    parser.add_argument("sqlmesh_args", nargs=argparse.REMAINDER, help="extra `sqlmesh run` arguments")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    extra = [arg for arg in args.sqlmesh_args if arg != "--"]
    with warehouse_lock(project.warehouse_path(), wait_seconds=args.wait) as lock_fd:
        command = [sqlmesh_executable(), "--paths", str(project.PROJECT_ROOT), "run", *extra]
        # The child inherits the lock, so killing this wrapper cannot let a second run in
        # while sqlmesh is still writing.
        return subprocess.call(command, pass_fds=(lock_fd,))


def sqlmesh_executable() -> str:
    # The sqlmesh installed beside this interpreter, not whichever one is first on PATH.
    return str(Path(sys.executable).with_name("sqlmesh"))
