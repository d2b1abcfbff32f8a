"""`sprint demo`: the main job end to end: generate a demo dataset, build prod, print the answers."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from generator.calendar import LAUNCH_DATE
from sprint import project
from sprint.arguments import parse_number
from sprint.commands import generate as generate_command
from sprint.locking import warehouse_lock


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="generate a demo dataset, build the warehouse with sqlmesh, print the seven answers",
        description=(
            "Generate a demo dataset into $SPRINT_RAW_ROOT (default data/raw), apply the "
            "production plan to the DuckDB warehouse at $SPRINT_WAREHOUSE (default "
            "warehouse/sprint.duckdb) and print all seven answers. Running it again "
            "regenerates identical data and plans no changes."
        ),
    )
    parser.add_argument("--players", default=str(generate_command.DEFAULT_PLAYERS), help="registered players (default %(default)s)")
    parser.add_argument("--days", default=str(generate_command.DEFAULT_DAYS), help="days from launch (default %(default)s)")
    parser.add_argument("--seed", default=str(generate_command.DEFAULT_SEED), help="random seed (default %(default)s)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from sprint import warehouse
    from sprint.answers import answer_all, open_warehouse, report

    project.require(args.root)
    raw_root, warehouse_file = project.raw_root(), project.warehouse_path()

    from generator import generate

    players = parse_number(args.players, "--players", int)
    days = parse_number(args.days, "--days", int)
    seed = parse_number(args.seed, "--seed", int)

    step("1/3", f"sprint generate --players {players} --days {days} --seed {seed} --out {project.shown(raw_root)}")
    generation = generate(out=Path(project.shown(raw_root)), players=players, start=LAUNCH_DATE, days=days, seed=seed)
    print("\n".join(generation.lines()))

    step("2/3", f"sqlmesh plan prod --auto-apply on {project.shown(warehouse_file)}")
    started = time.perf_counter()
    # The same lock as `sprint run`: a scheduled run must not write while the demo builds.
    with warehouse_lock(warehouse_file):
        context = warehouse.open_context()
        try:
            warehouse.plan_prod(context)
        finally:
            context.close()
    print(f"built in {time.perf_counter() - started:.1f} s")

    step("3/3", "the seven answers (sprint answer all)")
    with open_warehouse(warehouse_file) as con:
        print(report(answer_all(con, raw_root=raw_root), Path(project.shown(warehouse_file))))
    print(f"\nraw data: {project.shown(raw_root)}\nwarehouse: {project.shown(warehouse_file)}")
    return 0


def step(number: str, text: str) -> None:
    print(f"\n== {number} {text}", flush=True)
