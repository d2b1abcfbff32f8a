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


# Where a dataset's rows that do not count are tallied. Staging tables count each key's
# further deliveries in a `duplicates` column; heartbeats have no staging table (they stay in
# the lake), and the rows superseded in their tick are kept aside one row each.
DROPPED_ROWS = {"heartbeats": "SELECT event_date, COUNT(*) AS dropped FROM staging.superseded_heartbeats"}


@macro()
def load_tallies(evaluator: MacroEvaluator, start_date: exp.Expression, end_date: exp.Expression) -> exp.Expression:
    """Per dataset and delivered day in [start_date, end_date]: raw, staged, duplicate and quarantined rows.

    Each count comes from its own model (raw view, staging model, rows dropped, quarantine),
    so their sum checks that staging neither lost nor invented a row.
    """
    start, end = (e.sql(dialect=evaluator.dialect) for e in (start_date, end_date))
    day = f"event_date BETWEEN {start} AND {end}"
    blocks = []
    for dataset in dataset_names():
        dropped = DROPPED_ROWS.get(dataset, f"SELECT event_date, SUM(duplicates) AS dropped FROM staging.stg_{dataset}")
        blocks += [
            f"SELECT '{dataset}' AS dataset, event_date, COUNT(*) AS raw_rows, 0 AS staged_rows, 0 AS duplicate_rows,"
            f" 0 AS quarantined_rows FROM raw.{dataset} WHERE {day} GROUP BY event_date",
            f"SELECT '{dataset}', event_date, 0, COUNT(*), 0, 0 FROM staging.stg_{dataset} WHERE {day} GROUP BY event_date",
            f"SELECT '{dataset}', event_date, 0, 0, dropped, 0 FROM ({dropped} WHERE {day} GROUP BY event_date) AS d",
            f"SELECT '{dataset}', event_date, 0, 0, 0, COUNT(*)"
            f" FROM staging.quarantine WHERE dataset = '{dataset}' AND {day} GROUP BY event_date",
        ]
    return union_all(evaluator, blocks)
