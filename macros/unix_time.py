"""@unix_seconds: whole seconds since the Unix epoch, written once so every engine agrees.

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
