"""@as_id: the warehouse's type for ids, one project setting (config.yaml's `id_type`).

Raw ids are integers or strings, fixed per dataset by its first file (generator/contract.py).
`text`, the default, serves both kinds; `bigint` is smaller and faster for a game whose ids
are integers (docs/ARCHITECTURE.md, "Ids").
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator

# id_type's values and the SQL type each stores ids as.
ID_TYPES = {"text": "TEXT", "bigint": "BIGINT"}


def id_sql_type(evaluator: MacroEvaluator) -> str:
    """The SQL type ids are stored as: config.yaml's `id_type`, `text` when unset."""
    setting = str(evaluator.var("id_type", "text")).lower()
    if setting not in ID_TYPES:
        raise ValueError(f"config.yaml: id_type must be one of {sorted(ID_TYPES)}, got {setting!r}")
    return ID_TYPES[setting]


@macro()
def as_id(evaluator: MacroEvaluator, value: exp.Expression) -> exp.Expression:
    """CAST(value AS <the id type>)."""
    return exp.cast(value, id_sql_type(evaluator), dialect=evaluator.dialect)
