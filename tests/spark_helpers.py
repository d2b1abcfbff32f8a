"""One engine's side of tests/test_spark_parity.py: build prod, then read every model back.

Run in a process of its own, one per gateway, so the Spark JVM starts once for every phase
and ends with the process:

    python tests/spark_helpers.py <project> <gateway> <execution time> <out folder>

It reads one command per line on stdin, as JSON, and answers each with one JSON line on
stdout once done (everything else the build prints goes to stderr):

- {"do": "plan"}: `sqlmesh plan prod` (auto-apply, no tests), then read every model
- {"do": "run"}: `sqlmesh run prod`, then read every model
- {"do": "restate", "models": [...], "start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}: the
  restatement of the days `sprint run` finds changed (sprint/catchup.py), then read

A read writes {model name: (columns, grain, rows)} to <out folder>/<step>.pickle, each model
read through its prod view with its declared columns in their declared order (a
partitioned Spark table stores its time column last). Instants are naive UTC on both
engines: DuckDB returns TIMESTAMPTZ values zone-aware, PySpark returns Spark TIMESTAMPs in
the process's local zone, set to UTC here. Every step runs with the same execution time, so
the calendar (core.dim_date) ends on the same day on both engines.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import sys
import time
import typing as t
from pathlib import Path

if t.TYPE_CHECKING:
    from sqlmesh import Context

Table = tuple[list[str], list[str], list[tuple]]


def read_models(context: "Context") -> dict[str, Table]:
    """Every model of the project as built in prod."""
    from sqlglot import exp

    tables = {}
    for model in context.models.values():
        columns = list(model.columns_to_types or {})
        query = exp.select(*(exp.column(name, quoted=True) for name in columns)).from_(exp.to_table(model.name))
        rows = context.engine_adapter.fetchall(query)
        grain = [column.name for key in model.grains for column in key.find_all(exp.Column)]
        tables[model.name] = (columns, grain, [tuple(utc_naive(value) for value in row) for row in rows])
    return tables


def utc_naive(value: t.Any) -> t.Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def step(context: "Context", command: dict, execution_time: str) -> t.Any:
    build = dict(auto_apply=True, no_prompts=True, skip_tests=True, execution_time=execution_time)
    if command["do"] == "plan":
        context.plan("prod", **build)
    elif command["do"] == "run":
        context.run("prod", execution_time=execution_time)
    elif command["do"] == "restate":
        context.plan("prod", restate_models=command["models"], start=command["start"], end=command["end"], **build)
    else:
        raise ValueError(f"unknown step {command}")
    return read_models(context)


def main(project: str, gateway: str, execution_time: str, out: str) -> None:
    os.environ["TZ"] = "UTC"
    time.tzset()
    answers, sys.stdout = sys.stdout, sys.stderr  # the build's console output must not mix with the answers
    from sqlmesh import Context

    context = Context(paths=project, gateway=gateway)
    try:
        for number, line in enumerate(sys.stdin):
            command = json.loads(line)
            path = Path(out) / f"{number}-{command['do']}.pickle"
            path.write_bytes(pickle.dumps(step(context, command, execution_time)))
            answers.write(json.dumps(str(path)) + "\n")
            answers.flush()
    finally:
        context.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
