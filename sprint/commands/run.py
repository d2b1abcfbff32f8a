"""`sprint run`: `sqlmesh run` for schedulers, under a lock so runs never overlap."""

from __future__ import annotations

import argparse
import subprocess
import sys

from generator.contract import DATASET_NAMES
from sprint import catchup, landing, project, warehouse
from sprint.locking import warehouse_lock


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="process the intervals whose data has landed (sqlmesh run under a lock)",
        description=(
            "Run `sqlmesh run` on the project while holding the warehouse's run lock, so a "
            "scheduler firing again before the last run ended gets a clear message instead "
            "of a second writer. Days whose files changed after they were loaded (late files, "
            "a day landing after later ones) are then restated. A landed file the "
            "warehouse cannot read holds back its own day only; it is named at the end and "
            "the exit status is 2. Arguments after `--` go to `sqlmesh run`."
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
    project.require(args.root)
    raw, warehouse_file = project.raw_root(), project.warehouse_path()
    with warehouse_lock(warehouse_file, wait_seconds=args.wait) as lock_fd:
        warehouse.require_prod(warehouse_file)
        problems = landing.landed_problems(raw, DATASET_NAMES)
        loaded_before = catchup.loaded_rows(warehouse_file)

        def sqlmesh(*command: str) -> int:
            # The child inherits the lock, so killing this wrapper cannot let a second run in
            # while sqlmesh is still writing.
            return subprocess.call(warehouse.sqlmesh_command(*command), pass_fds=(lock_fd,))

        status = sqlmesh("run", *extra)
        if status == 0:
            landed = catchup.landed_rows(raw, DATASET_NAMES)
            stale = catchup.stale_days(landed, loaded_before, catchup.loaded_rows(warehouse_file))
            if stale:
                days = set().union(*stale.values())
                start, end = min(days).isoformat(), max(days).isoformat()
                print(f"sprint run: restating {start} .. {end} of {', '.join(sorted(stale))}: "
                      "files landed after their day was loaded", file=sys.stderr)
                restate = [arg for model in catchup.staging_models(stale) for arg in ("--restate-model", model)]
                status = sqlmesh("plan", warehouse.PROD, *restate, "--start", start, "--end", end,
                                 "--auto-apply", "--no-prompts", "--skip-tests", "--skip-linter")
    # Last, where a scheduler's log ends: the days that wait and the file to replace.
    for problem in problems:
        print(f"sprint run: error: {problem}", file=sys.stderr)
    return status or (2 if problems else 0)
