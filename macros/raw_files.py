"""@raw_parquet: the one place the warehouse reads raw files (SPEC §1).

The columns and their types come from the raw contract (generator/contract.py). A raw view
is replaced every time it processes a newly landed day (DuckDB has no late view
binding, so SQLMesh re-creates views on evaluation), and its glob is checked then: while a
dataset has no file yet the view reads a typed empty relation instead of failing
`sqlmesh plan` with DuckDB's "No files found" (neither union_by_name nor a list of globs
avoids that error), and while the glob's first file cannot be read the view lists the
files that can (`readable_files`).

On Spark (docs/SCALING.md) the dataset folder is read with partition discovery, which
gives `event_date` and prunes days; the file and row come from the `_metadata` column.

@utc_naive turns the raw UTC instants (TIMESTAMPTZ) into the naive UTC TIMESTAMPs the
warehouse stores, once, in the raw views.
"""

from __future__ import annotations

import glob
import os

from sqlglot import exp

from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator

from macros.ids import id_sql_type

# The columns the reader adds to the contract's: the hive partition, the file and the row's
# position in it.
READER_COLUMNS = {"event_date": "DATE", "source_file": "TEXT", "file_row_number": "BIGINT"}


def dataset_glob(root: str, dataset: str) -> str:
    """Every data file of one dataset: <root>/<dataset>/event_date=YYYY-MM-DD/*.parquet."""
    return os.path.join(root, dataset, "event_date=*", "*.parquet")


@macro()
def raw_parquet(evaluator: MacroEvaluator, dataset: str) -> exp.Expression:
    """The table expression over every Parquet file of `dataset` under @raw_root."""
    root = str(evaluator.var("raw_root"))
    pattern = dataset_glob(root, dataset)
    has_files = bool(glob.glob(pattern))
    if has_files:
        refuse_ids_that_do_not_fit(evaluator, root, dataset)
    if has_files and engine_dialect(evaluator) in SPARK_DIALECTS:
        return spark_dataset(os.path.join(root, dataset), dataset)
    files = readable_files(root, dataset, pattern) if has_files else []
    if files:
        quoted = ", ".join("'" + name.replace("'", "''") + "'" for name in files)
        source = quoted if files == [pattern] else f"[{quoted}]"
        return exp.maybe_parse(
            f"read_parquet({source}, hive_partitioning = TRUE, hive_types = {{'event_date': 'DATE'}},"
            " filename = 'source_file', file_row_number = TRUE)",
            dialect="duckdb",
        )
    columns = {**raw_columns(dataset), **READER_COLUMNS}
    return (
        exp.select(*(exp.cast(exp.null(), kind, dialect="duckdb").as_(name) for name, kind in columns.items()))
        .where(exp.false())
        .subquery()
    )


SPARK_DIALECTS = ("spark", "databricks")


def readable_files(root: str, dataset: str, pattern: str) -> list[str]:
    """The glob itself while its first file can be read as the contract says; else the files
    that can be, listed.

    DuckDB takes a glob's columns from its first file, on every query of the view: were that
    file truncated or missing a column, every day of the dataset would fail with it. Listed,
    the other files bind and read; the days of the unreadable ones wait (the `raw_day_landed`
    signal), and restating those days once they are replaced re-creates the view with them.
    """
    # Imported here: SQLMesh would try to serialise a module-level import of project code.
    from pathlib import Path

    from sprint import landing

    files = sorted(glob.glob(pattern))
    kinds = landing.id_kinds(root, dataset)
    if landing.schema_problem(Path(files[0]), dataset, kinds) is None:
        return [pattern]
    return [name for name in files if landing.schema_problem(Path(name), dataset, kinds) is None]


def refuse_ids_that_do_not_fit(evaluator: MacroEvaluator, root: str, dataset: str) -> None:
    """Stop at the raw layer, with the setting to change, when the warehouse stores ids as
    BIGINT (config.yaml's id_type) and the dataset's first file holds string ids."""
    if id_sql_type(evaluator) != "BIGINT":
        return
    # Imported here: SQLMesh would try to serialise a module-level import of project code.
    from sprint import landing

    strings = [name for name, is_integer in landing.id_kinds(root, dataset).items() if not is_integer]
    if strings:
        raise ValueError(
            f"config.yaml sets id_type: bigint, but the {dataset} files under {root} hold string ids"
            f" ({', '.join(strings)}): set id_type: text"
        )


def raw_columns(dataset: str) -> dict[str, str]:
    """The contract's columns of `dataset` and the SQL types they are read as (ids, whose type
    is the data's, as TEXT where no file decides it)."""
    # Imported here: SQLMesh would try to serialise a module-level import of project code.
    from generator.contract import DATASETS

    return {column.name: column.kind.sql_type or "TEXT" for column in DATASETS[dataset].columns}


def engine_dialect(evaluator: MacroEvaluator) -> str:
    """The dialect of the engine the query will run on (the model's own while models load)."""
    return evaluator.dialect if evaluator.runtime_stage == "loading" else evaluator.engine_adapter.dialect


def spark_dataset(folder: str, dataset: str) -> exp.Expression:
    """The dataset folder as Spark reads it: read_parquet('<folder>') becomes parquet.`<folder>`.

    Spark skips `_SUCCESS` and the writers' hidden `.*.tmp` files. `_metadata.file_path` is a
    URI: local ones lose their `file:` scheme so source_file matches DuckDB's. It also keeps
    the partition filter on event_date pushed down, which input_file_name() would block.
    """
    quoted = folder.replace("'", "''")
    columns = ", ".join([*raw_columns(dataset), "event_date"])
    return exp.maybe_parse(
        f"(SELECT {columns}, REGEXP_REPLACE(_metadata.file_path, '^file:', '') AS source_file,"
        f" _metadata.row_index AS file_row_number FROM read_parquet('{quoted}'))",
        dialect="duckdb",
    )


@macro()
def utc_naive(evaluator: MacroEvaluator, ts: exp.Expression) -> exp.Expression:
    """The UTC instant `ts` (read as TIMESTAMPTZ) as a naive UTC TIMESTAMP; NULL stays NULL.

    DuckDB's CAST(instant AS TIMESTAMP) goes through ICU even with TimeZone UTC, and costs
    several times the Parquet read (docs/BENCHMARKS.md); make_timestamp(epoch_us(ts)) is the
    same value from the stored microseconds. It is NULL for ±infinity, which the COALESCE
    hands to the cast, so those still fail the partition check like any far-off instant.
    On Spark the cast follows spark.sql.session.timeZone, which the gateway sets to UTC.
    """
    instant = exp.cast(ts, exp.DataType.build("TIMESTAMPTZ", dialect="duckdb"))
    naive = exp.DataType.build("TIMESTAMP", dialect="duckdb")
    if engine_dialect(evaluator) in SPARK_DIALECTS:
        return exp.cast(instant, naive)
    micros = exp.Anonymous(this="EPOCH_US", expressions=[instant])
    return exp.Coalesce(
        this=exp.UnixToTime(this=micros, scale=exp.UnixToTime.MICROS),
        expressions=[exp.cast(instant.copy(), naive)],
    )
