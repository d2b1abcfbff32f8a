"""`sprint run`: `sqlmesh run` for schedulers, under a lock so runs never overlap."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from generator.contract import DATASET_NAMES
from sprint import catchup, filerecord, landing, project, restate, warehouse
from sprint.locking import wait_until_free, warehouse_lock


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="process the intervals whose data has landed (sqlmesh run under a lock)",
        description=(
            "Run `sqlmesh run` on the project while holding the warehouse's run lock, so a "
            "scheduler firing again before the last run ended gets a clear message instead "
            "of a second writer. Days whose files changed since an earlier run was given them (late "
            "files, corrections, a day landing after later ones) are restated first, with their "
            "neighbours. A landed file the "
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
        wait_until_free(warehouse_file, args.wait)  # readers such as `sprint answer` hold it for a moment
        warehouse.require_prod(warehouse_file)
        catch_up(raw, warehouse_file)
        problems = landing.landed_problems(raw, DATASET_NAMES)
        # The child inherits the lock, so killing this wrapper cannot let a second run in
        # while sqlmesh is still writing.
        status = subprocess.call(warehouse.sqlmesh_command("run", *extra), pass_fds=(lock_fd,))
    # Last, where a scheduler's log ends: the days that wait and the file to replace.
    for problem in problems:
        print(f"sprint run: error: {problem}", file=sys.stderr)
    return status or (2 if problems else 0)


def catch_up(raw: Path, warehouse_file: Path) -> None:
    """Have SQLMesh forget the days whose files changed since a run was given them, then record
    what this run is given, before it starts: a run that fails or is killed leaves both behind
    for the next one."""
    record = filerecord.load(warehouse_file)
    landed = catchup.survey(raw, DATASET_NAMES, record)
    now = catchup.given(landed)
    unrecorded = {day: rows for day, rows in warehouse.loaded_rows(warehouse_file).items() if day not in record.given}
    before = {**catchup.assumed_given(now, landed, raw, unrecorded), **record.given}
    stale = catchup.stale_ranges(before, now)
    if stale:
        print(f"sprint run: restating {catchup.describe(stale)}: files changed in, or landed next to, days "
              "already given to a run", file=sys.stderr)
        restate.forget(warehouse_file, stale)  # first: until then the record still shows the old files
    record.files = {str(landing.day_folder(raw, dataset, day) / name): fingerprint
                    for (dataset, day), files in landed.items() for name, fingerprint in files.items()}
    record.given.update(now)
    filerecord.save(warehouse_file, record)
