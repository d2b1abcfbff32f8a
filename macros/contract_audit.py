"""@contract_breaks: the rows of a model that break its contract, for audits/assert_contract.sql.

SQLMesh runs every audit as a query of its own, and a small day's run paid for about 130
of them. One query per model checks what the built-in audits checked one at a time: the
grain is unique, the required columns are set, and every row meets the model's checks (a
check that is NULL passes, as accepted_range lets NULL pass). Each row returned names the
rule it breaks.
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator


def _items(value: exp.Expression) -> list[exp.Expression]:
    return list(value.expressions) if isinstance(value, (exp.Tuple, exp.Array)) else [value]


@macro()
def contract_breaks(
    evaluator: MacroEvaluator,
    table: exp.Expression,
    grain: exp.Expression,
    not_null: exp.Expression,
    checks: exp.Expression,
) -> exp.Expression:
    """The rows of `table` whose `grain` repeats, whose `not_null` columns are NULL, or that fail a check."""
    sql = lambda e: e.sql(dialect=evaluator.dialect)  # noqa: E731
    keys = [sql(column) for column in _items(grain)]
    rules = [(f"{sql(c)} IS NULL", f"{sql(c)} is null") for c in _items(not_null)]
    rules += [(f"NOT COALESCE({sql(c)}, TRUE)", f"fails {sql(c)}") for c in _items(checks) if c != exp.true()]
    source = sql(table)
    named_keys = " || ', ' || ".join(f"COALESCE(CAST({key} AS TEXT), 'NULL')" for key in keys)
    repeated = (
        f"SELECT 'grain repeated: ' || {named_keys} AS broken FROM {source}"
        f" GROUP BY {', '.join(keys)} HAVING COUNT(*) > 1"
    )
    query = repeated
    if rules:
        quote = lambda text: "'" + text.replace("'", "''") + "'"  # noqa: E731
        which = "CASE " + " ".join(f"WHEN {condition} THEN {quote(name)}" for condition, name in rules) + " END"
        query += f" UNION ALL SELECT {which} AS broken FROM {source} WHERE {' OR '.join(c for c, _ in rules)}"
    return exp.maybe_parse(f"({query})", dialect=evaluator.dialect)
