"""@integers: the whole numbers 0 .. count - 1 as a one-column table `n`, for a FROM clause.

    FROM @integers(10000) AS days

core.dim_date numbers its days with it and marts.kpi_concurrency a day's five-minute marks.
The numbers are digits crossed with themselves, one VALUES list per decimal place: plain
SQL that DuckDB and Spark both run (neither's series function is spelled the same on both).
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator


@macro()
def integers(evaluator: MacroEvaluator, count: exp.Expression) -> exp.Expression:
    """(SELECT 1 * d0.n + 10 * d1.n + ... AS n FROM one digits list per place, WHERE n < count)."""
    total = int(count.name)
    if total < 1:
        raise ValueError(f"@integers needs a count of at least 1, got {count.sql()}")
    places = len(str(total - 1))
    digits = "(VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9))"
    number = " + ".join(f"{10 ** place} * d{place}.n" for place in range(places))
    tables = " CROSS JOIN ".join(f"{digits} AS d{place}(n)" for place in range(places))
    # A count that is a power of ten needs no filter.
    below = "" if total == 10**places else f" WHERE {number} < {total}"
    return exp.maybe_parse(f"(SELECT {number} AS n FROM {tables}{below})", dialect=evaluator.dialect)
