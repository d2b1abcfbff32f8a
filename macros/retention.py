"""@retention_days: the retention days N (D0, D1, D3, D7, D14, D30) as a one-column table `day_n`.

marts.kpi_retention_days counts players per day N and marts.kpi_retention_cohorts shows a
cell for every N, counted or not: both take the list from here.
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator

RETENTION_DAYS = (0, 1, 3, 7, 14, 30)


@macro()
def retention_days(evaluator: MacroEvaluator) -> exp.Expression:
    """(VALUES (0), (1), ...) AS t(day_n), for a FROM or JOIN clause."""
    values = exp.values([(exp.Literal.number(n),) for n in RETENTION_DAYS], alias="t", columns=["day_n"])
    return values
