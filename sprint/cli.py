"""The `sprint` command: argument parsing and messages only; the work lives elsewhere.

Each subcommand is a module in `sprint.commands` with `register(subparsers)`, which adds
its parser and sets `handler` to a function taking the parsed arguments, and
`path_arguments` to the options that name files. Those are made absolute against where
the user stood; then `sprint` changes into the project folder (sprint/project.py) and
calls the handler with `root` set to it (None outside any project).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

import sprint.commands
from generator.errors import GeneratorArgumentError
from sprint import project
from sprint.errors import UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sprint",
        description="Sprint: simulate game telemetry and answer questions from a SQLMesh/DuckDB warehouse.",
    )
    parser.add_argument("-p", "--project", metavar="DIR",
                        help="the project folder (default: the current folder or the nearest one above it)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in sorted(pkgutil.iter_modules(sprint.commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"sprint.commands.{module.name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        for name in getattr(args, "path_arguments", ()):  # relative to where the user stands
            if getattr(args, name, None):
                setattr(args, name, str(Path(getattr(args, name)).expanduser().absolute()))
        args.root = project.enter(args.project)
        project.cap_duckdb_memory()
        return args.handler(args) or 0
    except (UserError, GeneratorArgumentError) as error:
        print(f"sprint {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"sprint {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
