"""@unix_seconds and @tick_of: whole seconds since the Unix epoch and SPEC §2's 30-second
ticks, written once so every engine agrees.

DuckDB's EPOCH() keeps fractions of a second, Spark's UNIX_TIMESTAMP() (what sqlglot turns
it into) drops them; flooring makes both return the same BIGINT.
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator

TICK_SECONDS = 30


@macro()
def unix_seconds(evaluator: MacroEvaluator, ts: exp.Expression) -> exp.Expression:
    """CAST(FLOOR(EPOCH(ts)) AS BIGINT): a naive UTC TIMESTAMP as whole Unix seconds."""
    return exp.cast(exp.Floor(this=exp.TimeToUnix(this=ts)), exp.DataType.build("BIGINT"))


@macro()
def tick_of(evaluator: MacroEvaluator, ts: exp.Expression) -> exp.Expression:
    """The 30-second tick a naive UTC TIMESTAMP falls in: floor(unix seconds / 30), a BIGINT."""
    seconds = unix_seconds(evaluator, ts)
    return exp.cast(exp.Floor(this=exp.Div(this=seconds, expression=exp.Literal.number(TICK_SECONDS))), "BIGINT")
