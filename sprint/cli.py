"""The `sprint` command: argument parsing and messages only; the work lives elsewhere.

Each subcommand is a module in `sprint.commands` with `register(subparsers)`, which adds
its parser and sets `handler` to a function taking the parsed arguments.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import sprint.commands
from sprint.errors import UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sprint",
        description="Sprint: simulate game telemetry and answer questions from a SQLMesh/DuckDB warehouse.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in sorted(pkgutil.iter_modules(sprint.commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"sprint.commands.{module.name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args) or 0
    except UserError as error:
        print(f"sprint {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"sprint {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
