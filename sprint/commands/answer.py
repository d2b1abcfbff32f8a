"""`sprint answer`: the seven questions of SPEC §3 and PCU, as a report or as SPEC §4's JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from sprint.arguments import parse_date, parse_month
from sprint import project

# The arguments each question takes; `all` takes them all.
QUESTIONS = {
    "q1": ("play time on a date: the average over players who played, and one player's", ["date", "player"]),
    "q2": ("the ISO week with the most distinct players", []),
    "q3": ("the country with the most play time in a month", ["month"]),
    "q4": ("a player's lifetime kill/death ratio and best streak month", ["player"]),
    "q5": ("the country with the most revenue per ISO week, and the top (country, week)", []),
    "q6": ("close encounters per session per day in a month", ["month"]),
    "q7": ("table sizes per day, measured, and projected to 20 M players over two years", []),
    "pcu": ("peak concurrent players on a date, when it was reached, and the average", ["date"]),
    "all": ("all seven answers", ["date", "month", "player"]),
}
ARGUMENTS = {
    "date": ("--date", "UTC day YYYY-MM-DD (default: the latest complete day)"),
    "month": ("--month", "UTC month YYYY-MM (default: the latest complete month)"),
    "player": ("--player", "player id as in the raw data (default: the most active player: "
                           "that day's for q1, overall for q4)"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "answer",
        help="answer the seven questions from the warehouse",
        description="Answer SPEC §3's questions from the warehouse, opened read-only.",
    )
    questions = parser.add_subparsers(dest="question", metavar="QUESTION", required=True)
    for question, (summary, arguments) in QUESTIONS.items():
        sub = questions.add_parser(question, help=summary, description=summary[0].upper() + summary[1:] + ".")
        # Values are parsed in the handler so a bad one is a one-line UserError, not a usage dump.
        for argument in arguments:
            flag, help_text = ARGUMENTS[argument]
            sub.add_argument(flag, dest=argument, help=help_text)
        sub.add_argument("--json", action="store_true", help="print SPEC §4's JSON instead of a report")
        sub.add_argument("--warehouse", help="DuckDB file (default: $SPRINT_WAREHOUSE or warehouse/sprint.duckdb)")
        if question in ("q7", "all"):
            sub.add_argument("--raw-root", help="raw data root, measured by q7 (default: $SPRINT_RAW_ROOT or data/raw)")
        sub.set_defaults(handler=run, path_arguments=("warehouse", "raw_root"))


def run(args: argparse.Namespace) -> int:
    from sprint.answers import answer, answer_all, open_warehouse, report

    arguments = {
        "date": parse_date(getattr(args, "date", None), "--date"),
        "month": parse_month(getattr(args, "month", None), "--month"),
        "player_id": getattr(args, "player", None),
        "raw_root": None,
    }
    if args.question in ("q7", "all"):  # only Q7 measures the raw files
        arguments["raw_root"] = Path(args.raw_root) if args.raw_root else default(args, project.raw_root)
    path = Path(args.warehouse) if args.warehouse else default(args, project.warehouse_path)
    with open_warehouse(path) as con:
        if args.question == "all":
            answers = answer_all(con, **arguments)
        else:
            answers = {args.question: answer(con, args.question, **arguments)}
    if args.json:
        print(json.dumps(answers if args.question == "all" else answers[args.question], indent=2))
    else:
        print(report(answers, path))
    # Q7 measured the other files; each one it could not read is named, and the status says so.
    unreadable = answers.get("q7", {}).get("unreadable_files", [])
    for file in unreadable:
        print(f"sprint answer: error: {file['file']}: {file['reason']}; left out of Q7's raw sizes", file=sys.stderr)
    return 2 if unreadable else 0


def default(args: argparse.Namespace, path: Callable[[], Path]) -> Path:
    """A default path of the project (an error outside any project)."""
    project.require(args.root)
    return path()
