"""Read-only access to the warehouse and the parameterised queries in `queries/`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import duckdb

from sprint.errors import UserError
from sprint.locking import held_message, reading
from sprint.project import CODE_ROOT

QUERIES = CODE_ROOT / "queries"
# config.yaml attaches the warehouse as this catalog, and SQLMesh's views name it.
CATALOG = "sprint"
BUILD_HINT = "build it with `sprint demo` or `sqlmesh plan prod --auto-apply`"


@contextlib.contextmanager
def open_warehouse(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection that can read the warehouse file and never write it."""
    if not Path(path).is_file():
        raise UserError(f"no warehouse at {path}; {BUILD_HINT}")
    with reading(Path(path)), connected(Path(path)) as con:
        yield con


@contextlib.contextmanager
def connected(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    try:
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS {CATALOG} (READ_ONLY)")
    except duckdb.Error as error:
        con.close()
        reason = str(error).splitlines()[0]
        if is_lock_conflict(error):  # most often a running `sqlmesh plan/run` holds the write lock
            raise UserError(held_message(Path(path), reason)) from None
        raise UserError(f"cannot open the warehouse {path} read-only ({reason})") from None
    con.execute(f"USE {CATALOG}")
    con.execute("SET TimeZone = 'UTC'")
    try:
        yield con
    finally:
        con.close()


def is_lock_conflict(error: duckdb.Error) -> bool:
    """DuckDB could not lock the file: another process has it open (for writing, or for reading when we write)."""
    return isinstance(error, duckdb.IOException) and "lock" in str(error).lower()


def run_query(con: duckdb.DuckDBPyConnection, name: str, **params) -> list[dict]:
    """Rows of `queries/<name>.sql` as dicts, with `$param` placeholders bound from `params`."""
    sql = (QUERIES / f"{name}.sql").read_text()
    try:
        cursor = con.execute(sql, params)
    except duckdb.CatalogException as error:
        missing = str(error).splitlines()[0]
        raise UserError(f"the warehouse lacks what the answers read ({missing}); {BUILD_HINT}") from None
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]
