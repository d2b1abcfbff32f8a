"""`sprint collect`: the HTTP collector game clients send events to (SPEC §5, docs/COLLECTOR.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
import sys
from pathlib import Path

from sprint import project
from sprint.arguments import parse_number
from sprint.errors import UserError

DEFAULT_FLUSH_SECONDS = 2.0
DEFAULT_LATENESS = "1h"
DEFAULT_MAX_SPOOL_MB = 1024
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "collect",
        help="serve the HTTP collector: game clients POST events, they land as daily Parquet",
        description=(
            "Serve POST /v1/events and GET /healthz. Events are in a write-ahead spool on disk before "
            "they are acknowledged, land as SPEC §1 Parquet files every --flush-seconds, and each UTC "
            "day gets _SUCCESS once the clock is past its end by --lateness. API keys come from "
            "SPRINT_COLLECTOR_KEYS (comma-separated). Stop it with Ctrl-C or SIGTERM (docs/COLLECTOR.md)."
        ),
    )
    parser.add_argument("--port", default="8080", help="TCP port (default 8080; 0 picks a free one)")
    parser.add_argument("--address", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)")
    parser.add_argument("--raw-root", metavar="DIR", help="raw data root (default: $SPRINT_RAW_ROOT or data/raw)")
    parser.add_argument("--flush-seconds", metavar="S", default=str(DEFAULT_FLUSH_SECONDS),
                        help=f"how often accepted events are written as Parquet (default {DEFAULT_FLUSH_SECONDS:g})")
    parser.add_argument("--lateness", metavar="DURATION", default=DEFAULT_LATENESS,
                        help="how long after a UTC day's end it gets _SUCCESS: seconds, or with s, m, h or d "
                             f"(default {DEFAULT_LATENESS})")
    parser.add_argument("--max-spool-mb", metavar="MB", default=str(DEFAULT_MAX_SPOOL_MB),
                        help="answer 503 while this much is waiting to be flushed "
                             f"(default {DEFAULT_MAX_SPOOL_MB})")
    parser.set_defaults(handler=run, path_arguments=("raw_root",))


def run(args: argparse.Namespace) -> int:
    from sprint.collector import auth, server  # the web stack loads only for this command

    keys = auth.keys_from_environment()
    port = parse_number(args.port, "--port", int)
    if not 0 <= port < 65536:
        raise UserError(f"--port must be between 0 and 65535, got {port}")
    flush_seconds = parse_number(args.flush_seconds, "--flush-seconds", float)
    if not flush_seconds > 0:
        raise UserError(f"--flush-seconds must be positive, got {args.flush_seconds}")
    max_spool_mb = parse_number(args.max_spool_mb, "--max-spool-mb", int)
    if max_spool_mb < 1:
        raise UserError(f"--max-spool-mb must be at least 1, got {max_spool_mb}")
    if args.raw_root:
        raw_root = Path(args.raw_root)
    else:
        project.require(args.root)
        raw_root = project.raw_root()
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="sprint collect: %(message)s")
    server.serve(raw_root, keys, args.address, port, flush_seconds, parse_duration(args.lateness, "--lateness"),
                 max_spool_mb * 1024 * 1024)
    return 0


def parse_duration(text: str, flag: str) -> dt.timedelta:
    """'90', '90s', '15m', '1h' or '2d' as a duration."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text)
    if match is None:
        raise UserError(f"{flag} must be a duration such as 3600, 90s, 15m, 1h or 2d, got {text!r}")
    return dt.timedelta(seconds=float(match[1]) * _UNITS[match[2]])
