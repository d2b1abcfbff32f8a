"""Read every model of a built warehouse back as plain Python rows (tests/test_spark_parity.py).

Run in a process of its own, so the Spark JVM ends with it:

    python tests/spark_helpers.py <project> <gateway> <out.pickle>

writes {model name: (columns, grain, rows)}, each model read through its prod view with
its declared columns in their declared order (a partitioned Spark table stores its time
column last). Instants are naive UTC on both engines: DuckDB returns TIMESTAMPTZ values
zone-aware, PySpark returns Spark TIMESTAMPs in the process's local zone, set to UTC here.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import sys
import time
import typing as t
from pathlib import Path

Table = tuple[list[str], list[str], list[tuple]]


def read_models(project: Path, gateway: str) -> dict[str, Table]:
    """Every model of `project` as built in prod on `gateway`."""
    from sqlglot import exp
    from sqlmesh import Context

    context = Context(paths=str(project), gateway=gateway)
    try:
        tables = {}
        for model in context.models.values():
            columns = list(model.columns_to_types or {})
            query = exp.select(*(exp.column(name, quoted=True) for name in columns)).from_(exp.to_table(model.name))
            rows = context.engine_adapter.fetchall(query)
            grain = [column.name for key in model.grains for column in key.find_all(exp.Column)]
            tables[model.name] = (columns, grain, [tuple(utc_naive(value) for value in row) for row in rows])
        return tables
    finally:
        context.close()


def utc_naive(value: t.Any) -> t.Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def main(project: str, gateway: str, out: str) -> None:
    os.environ["TZ"] = "UTC"
    time.tzset()
    tables = read_models(Path(project), gateway)
    Path(out).write_bytes(pickle.dumps(tables))


if __name__ == "__main__":
    main(*sys.argv[1:])
