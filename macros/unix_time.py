"""@unix_seconds and @tick_of: whole seconds since the Unix epoch and the 30-second heartbeat
ticks, written once so every engine agrees.

DuckDB's EPOCH() keeps fractions of a second, Spark's UNIX_TIMESTAMP() (what sqlglot turns
it into) drops them; flooring makes both return the same BIGINT.
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator


@macro()
def unix_seconds(evaluator: MacroEvaluator, ts: exp.Expression) -> exp.Expression:
    """CAST(FLOOR(EPOCH(ts)) AS BIGINT): a naive UTC TIMESTAMP as whole Unix seconds."""
    return exp.cast(exp.Floor(this=exp.TimeToUnix(this=ts)), exp.DataType.build("BIGINT"))


@macro()
def tick_of(evaluator: MacroEvaluator, ts: exp.Expression) -> exp.Expression:
    """The heartbeat tick a naive UTC TIMESTAMP falls in: floor(unix seconds / 30), a BIGINT.

    The floor of the quotient is the same whether the engine's epoch keeps fractions of a
    second (DuckDB) or not (Spark).
    """
    # Imported here: SQLMesh would try to serialise a module-level import of project code.
    from generator.contract import TICK_SECONDS

    seconds = exp.TimeToUnix(this=ts)
    return exp.cast(exp.Floor(this=exp.Div(this=seconds, expression=exp.Literal.number(TICK_SECONDS))), "BIGINT")
