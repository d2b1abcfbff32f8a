"""@quarantined_rows and @load_tallies: one block of SQL per raw dataset, from the contract's list.

Both read each dataset the same way, so the SQL is written once here and repeated per
dataset of generator/contract.py rather than by hand in the models.
"""

from __future__ import annotations

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator


def dataset_names() -> tuple[str, ...]:
    # Imported here: SQLMesh would try to serialise a module-level import of project code.
    from generator.contract import DATASET_NAMES

    return DATASET_NAMES


def union_all(evaluator: MacroEvaluator, blocks: list[str]) -> exp.Expression:
    return exp.maybe_parse(f"({' UNION ALL '.join(blocks)})", dialect=evaluator.dialect)


@macro()
def quarantined_rows(evaluator: MacroEvaluator, start_date: exp.Expression, end_date: exp.Expression) -> exp.Expression:
    """Every dataset's rows that break the contract in [start_date, end_date], with the dataset's name."""
    start, end = (e.sql(dialect=evaluator.dialect) for e in (start_date, end_date))
    return union_all(evaluator, [
        f"SELECT '{dataset}' AS dataset, event_date, source_file, file_row_number, quarantine_reason"
        f" FROM staging.{dataset}_checked"
        f" WHERE event_date BETWEEN {start} AND {end} AND NOT quarantine_reason IS NULL"
        for dataset in dataset_names()
    ])


@macro()
def load_tallies(evaluator: MacroEvaluator, start_date: exp.Expression, end_date: exp.Expression) -> exp.Expression:
    """Per dataset and delivered day in [start_date, end_date]: raw, staged, duplicate and quarantined rows.

    Each count comes from its own model (raw view, staging model, quarantine), so their sum
    checks that staging neither lost nor invented a row.
    """
    start, end = (e.sql(dialect=evaluator.dialect) for e in (start_date, end_date))
    day = f"event_date BETWEEN {start} AND {end}"
    blocks = []
    for dataset in dataset_names():
        blocks += [
            f"SELECT '{dataset}' AS dataset, event_date, COUNT(*) AS raw_rows, 0 AS staged_rows, 0 AS duplicate_rows,"
            f" 0 AS quarantined_rows FROM raw.{dataset} WHERE {day} GROUP BY event_date",
            f"SELECT '{dataset}', event_date, 0, COUNT(*), SUM(duplicates), 0"
            f" FROM staging.stg_{dataset} WHERE {day} GROUP BY event_date",
            f"SELECT '{dataset}', event_date, 0, 0, 0, COUNT(*)"
            f" FROM staging.quarantine WHERE dataset = '{dataset}' AND {day} GROUP BY event_date",
        ]
    return union_all(evaluator, blocks)
