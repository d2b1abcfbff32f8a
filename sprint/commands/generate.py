"""`sprint generate`: write simulated raw telemetry (SPEC §1) for a range of days."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from sprint.arguments import parse_date, parse_number
from generator.calendar import LAUNCH_DATE
from sprint import project
from sprint.errors import UserError

# The demo size: its warehouse builds in about a minute (docs/GENERATOR.md).
DEFAULT_PLAYERS = 20_000
DEFAULT_DAYS = 28
DEFAULT_SEED = 42


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "generate",
        help="simulate game telemetry as daily Parquet files",
        description="Simulate a launched shooter's telemetry (session_ends, purchases, heartbeats) "
        "as daily hive-partitioned Parquet files with a _SUCCESS marker per day.",
    )
    # Values are parsed in the handler so a bad one is a one-line UserError, not a usage dump.
    add = parser.add_argument
    add(
        "--players",
        metavar="N",
        default=str(DEFAULT_PLAYERS),
        help=f"registered players two years after launch (default {DEFAULT_PLAYERS:,})",
    )
    add(
        "--start",
        metavar="YYYY-MM-DD",
        default=LAUNCH_DATE.isoformat(),
        help=f"first UTC date (default: the launch day, {LAUNCH_DATE})",
    )
    add("--days", metavar="N", default=str(DEFAULT_DAYS), help=f"UTC dates to write (default {DEFAULT_DAYS})")
    add("--seed", metavar="N", default=str(DEFAULT_SEED), help=f"random seed (default {DEFAULT_SEED})")
    add("--out", metavar="DIR", default=None, help="raw data root (default: $SPRINT_RAW_ROOT or data/raw)")
    add("--progress", action="store_true", help="show a progress bar even when stderr is not a terminal")
    add("--string-ids", action="store_true",
        help="write ids as strings, as many games send them: UUID sessions, player and order names, named teams")
    send = parser.add_argument_group("sending to a collector instead of writing files (docs/COLLECTOR.md)")
    send.add_argument("--send", metavar="URL",
                      help="replay the generated days to `sprint collect` at URL as game clients would "
                           "(the API key comes from $SPRINT_COLLECTOR_KEY); nothing is written under --out")
    send.add_argument("--clients", metavar="N", default="8", help="concurrent clients with --send (default 8)")
    send.add_argument("--batch", metavar="N", default="500", help="events per request with --send (default 500)")
    faults = parser.add_argument_group("fault injection (off by default; see docs/GENERATOR.md)")
    faults.add_argument(
        "--duplicate-rate",
        metavar="R",
        default="0",
        help="share of rows delivered twice (inside the file and in a redelivery file)",
    )
    faults.add_argument(
        "--late-rate", metavar="R", default="0", help="share of sessions and purchases held back for a late file"
    )
    faults.add_argument(
        "--late-delay-days",
        metavar="N",
        default="1",
        help="day D's late file lands while day D+N is written (default 1)",
    )
    faults.add_argument(
        "--dropped-heartbeat-rate", metavar="R", default="0", help="share of heartbeats never delivered"
    )
    parser.set_defaults(handler=run, path_arguments=("out",))


def run(args: argparse.Namespace) -> int:
    from generator import FaultConfig, generate  # numpy and pyarrow load only when needed

    faults = FaultConfig(
        duplicate_rate=parse_number(args.duplicate_rate, "--duplicate-rate", float),
        late_rate=parse_number(args.late_rate, "--late-rate", float),
        late_delay_days=parse_number(args.late_delay_days, "--late-delay-days", int),
        dropped_heartbeat_rate=parse_number(args.dropped_heartbeat_rate, "--dropped-heartbeat-rate", float),
    )
    arguments = dict(
        players=parse_number(args.players, "--players", int),
        start=parse_date(args.start, "--start"),
        days=parse_number(args.days, "--days", int),
        seed=parse_number(args.seed, "--seed", int),
        faults=faults,
        progress=args.progress or sys.stderr.isatty(),
        string_ids=args.string_ids,
    )
    if args.send:
        return send(args, arguments)
    report = generate(out=Path(args.out) if args.out else default_out(args), **arguments)
    print("\n".join(report.lines()))
    return 0


def send(args: argparse.Namespace, arguments: dict) -> int:
    """Generate into a temporary folder, then replay it to the collector at --send."""
    from generator import generate
    from sprint.collector import client, replay

    key = os.environ.get(client.KEY_ENV)
    if not key:
        raise UserError(f"set {client.KEY_ENV} to an API key of the collector at {args.send}")
    try:
        client.check_collector(args.send)
    except client.SendError as error:
        raise UserError(f"--send: {error}") from None
    clients = parse_number(args.clients, "--clients", int)
    size = parse_number(args.batch, "--batch", int)
    if clients < 1 or size < 1:
        raise UserError("--clients and --batch must be at least 1")
    with tempfile.TemporaryDirectory(prefix="sprint-send-") as folder:
        print("\n".join(generate(out=Path(folder), **arguments).lines()))
        bodies = (client.encode(batch) for batch in replay.day_batches(Path(folder), size))
        try:
            report = client.send(args.send, key, bodies, clients=clients)
        except client.SendError as error:
            raise UserError(str(error)) from None
    print("\n".join(report.lines()))
    return 0


def default_out(args: argparse.Namespace) -> Path:
    project.require(args.root)
    return project.raw_root()
