"""`sprint dashboard`: serve the studio KPI dashboard (Streamlit) over the warehouse, read-only."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

from sprint import project
from sprint.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dashboard",
        help="serve the studio KPI dashboard (Streamlit) on a local port",
        description=(
            "Serve the studio KPI dashboard: the seven answers, activity, retention, monetisation, "
            "countries, encounters and a player lookup, read from the marts. It opens the warehouse "
            "read-only for each query and never holds it, so `sqlmesh run` can keep writing "
            "(docs/DASHBOARD.md). Stop it with Ctrl-C."
        ),
    )
    parser.add_argument("--port", type=int, default=8501, help="TCP port to serve on (default: 8501)")
    parser.add_argument("--address", default="localhost",
                        help="address to listen on (default: localhost; 0.0.0.0 for every interface)")
    parser.add_argument("--warehouse", help="DuckDB file (default: $SPRINT_WAREHOUSE or warehouse/sprint.duckdb)")
    parser.add_argument("--raw-root", help="raw data root, measured by Q7 (default: $SPRINT_RAW_ROOT or data/raw)")
    parser.set_defaults(handler=run, path_arguments=("warehouse", "raw_root"))


def run(args: argparse.Namespace) -> int:
    from sprint.answers.warehouse import BUILD_HINT
    from sprint.dashboard import APP

    if not (args.warehouse and args.raw_root):
        project.require(args.root)
    # The app reads both paths from the environment, absolute so its own folder does not matter.
    warehouse = Path(args.warehouse) if args.warehouse else project.warehouse_path()
    raw_root = Path(args.raw_root) if args.raw_root else project.raw_root()
    env = {**os.environ, project.WAREHOUSE_ENV: str(warehouse), project.RAW_ROOT_ENV: str(raw_root)}
    if not warehouse.is_file():
        raise UserError(f"no warehouse at {warehouse}; {BUILD_HINT}")
    if not 0 < args.port < 65536:
        raise UserError(f"--port must be between 1 and 65535, got {args.port}")
    check_port_free(args.address, args.port)
    print(f"Sprint dashboard on http://{args.address}:{args.port} (warehouse {warehouse}); Ctrl-C stops it",
          file=sys.stderr)
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(args.port),
        "--server.address", args.address,
        "--server.headless", "true",  # no browser of its own, no first-run e-mail prompt
        "--server.fileWatcherType", "none",  # serving, not developing
        "--browser.gatherUsageStats", "false",
    ]
    # Become Streamlit rather than wrap it, so a signal to this process (a scheduler stopping
    # it, Ctrl-C) reaches the server and nothing is left running behind it.
    os.execve(sys.executable, command, env)


def check_port_free(address: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((address, port))
        except OSError as error:
            raise UserError(f"cannot listen on {address}:{port} ({error.strerror}); pass another --port") from None
