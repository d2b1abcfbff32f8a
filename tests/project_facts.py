"""What SQLMesh knows of the project, as JSON, read in a process of its own:

    python tests/project_facts.py    (in the project folder, SPRINT_RAW_ROOT set)

prints {model: {kind, signal_datasets, in_order, reads_own_rows, upstream, parents, raw_ancestors, rendered, reads, grain,
audited_grain}}: `upstream` are the models it reads, directly or not (`parents`: directly), `rendered` is a view's
query as SQLMesh renders it for DuckDB, `reads` says how far back an incremental model reads
the time-partitioned models it reads directly (interval_reads), and `audited_grain` is what
its assert_contract audit holds unique. A separate process, because SQLMesh keeps macros and
signals in process-wide registries that a test importing project files would leave holding
other copies.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import duckdb
from sqlglot import exp
from sqlmesh import Context

# The interval whose reads are measured: mid-month, mid-week, so that a read reaching back to
# the start of its week or month shows as a few days, and one reaching further is plain.
SAMPLE_DAY = dt.date(2026, 10, 15)


def signal_in_order(model) -> bool:
    for name, arguments in model.signals:
        if name == "raw_day_landed" and "in_order" in arguments:
            return arguments["in_order"].sql().upper() == "TRUE"
    return False


def signal_datasets(model) -> list[str] | None:
    for name, arguments in model.signals:
        if name == "raw_day_landed":
            return sorted(literal.this for literal in arguments["datasets"].expressions)
    return None


def facts(context: Context) -> dict:
    out = {}
    for model in context.models.values():
        upstream = sorted(context.get_model(fqn).name for fqn in context.dag.upstream(model.fqn))
        out[model.name] = {
            "kind": model.kind.name,
            "signal_datasets": signal_datasets(model),
            "in_order": signal_in_order(model),
            "reads_own_rows": model.depends_on_self,
            "upstream": upstream,
            "parents": sorted(context.get_model(fqn).name for fqn in model.depends_on),
            "raw_ancestors": [name.split(".")[1] for name in upstream if name.startswith("raw.")],
            "rendered": model.render_query().sql(dialect="duckdb") if model.kind.name == "VIEW" else None,
            "reads": interval_reads(context, model) if model.kind.is_incremental_by_time_range else None,
            "grain": [column.sql() for grain in model.grains for column in columns_of(grain)],
            "audited_grain": audited_grain(model),
        }
    return out


def audited_grain(model) -> list[str] | None:
    """The columns the model's assert_contract audit holds unique (audits/assert_contract.sql)."""
    for name, arguments in model.audits:
        if name == "assert_contract":
            return [column.sql() for column in columns_of(arguments["grain"])]
    return None


def columns_of(grain: exp.Expression) -> list[exp.Expression]:
    return grain.expressions if isinstance(grain, exp.Tuple) else [grain]


def interval_reads(context: Context, model, day: dt.date = SAMPLE_DAY) -> dict[str, int | None]:
    """For each time-partitioned model (itself included) that `model`'s query for the one-day
    interval `day` reads: how many days before `day` the earliest day it reads is, from the
    constant lower bounds on that model's time column where it is read; None when there is
    none (it reads every earlier day)."""
    query = model.render_query(start=day, end=day)
    reads: dict[str, int | None] = {}
    for table in query.find_all(exp.Table):
        if not table.db:
            continue  # a CTE
        parent = context.get_model(exp.table_name(table, identify=False))
        if parent is None or not parent.kind.is_incremental_by_time_range:
            continue
        earliest = lower_bound(table, parent.time_column.column.name)
        back = None if earliest is None else (day - earliest).days
        name = parent.name
        reads[name] = back if name not in reads else (None if None in (back, reads[name]) else max(back, reads[name]))
    return reads


def lower_bound(table: exp.Table, column: str) -> dt.date | None:
    """The latest constant lower bound on `table`'s `column` in the WHERE and JOIN conditions
    of the SELECT that reads it."""
    select = table.find_ancestor(exp.Select)
    conditions = [select.args.get("where")] + [join.args.get("on") for join in select.args.get("joins") or []]
    bounds = []
    for condition in filter(None, conditions):
        for predicate in condition.flatten() if isinstance(condition.this, exp.And) else [condition.this]:
            bounds += predicate_bounds(predicate, table.alias_or_name, column)
    return max(bounds, default=None)


def predicate_bounds(predicate: exp.Expression, alias: str, column: str) -> list[dt.date]:
    def is_ours(node: exp.Expression) -> bool:
        return isinstance(node, exp.Column) and node.name == column and node.table in ("", alias)

    if isinstance(predicate, exp.And):
        return [bound for part in predicate.flatten() for bound in predicate_bounds(part, alias, column)]
    if isinstance(predicate, exp.Between) and is_ours(predicate.this):
        return constant_dates(predicate.args["low"])
    lower = {exp.GTE: "this", exp.GT: "this", exp.EQ: "this", exp.LTE: "expression", exp.LT: "expression"}
    for kind, side in lower.items():
        if isinstance(predicate, kind):
            ours, other = (predicate.this, predicate.expression) if side == "this" else (predicate.expression, predicate.this)
            if is_ours(ours):
                return constant_dates(other)
            if kind is exp.EQ and is_ours(other):
                return constant_dates(ours)
    return []


def constant_dates(node: exp.Expression) -> list[dt.date]:
    """[the date `node` evaluates to], or [] when it depends on a column."""
    if node.find(exp.Column):
        return []
    return [duckdb.sql(f"SELECT CAST(({node.sql(dialect='duckdb')}) AS DATE)").fetchone()[0]]


if __name__ == "__main__":
    context = Context(paths=".")
    try:
        json.dump(facts(context), sys.stdout)
    finally:
        context.close()
