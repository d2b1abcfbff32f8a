"""The SQLMesh project as importable functions: open it, build prod, run the YAML tests.

Everything here works on the project in the current folder, as the `sqlmesh` CLI does;
the `sprint` CLI has changed into the project folder before it calls these.
"""

from __future__ import annotations

import datetime as dt
import sys
import typing as t
from pathlib import Path

from sprint import project
from sprint.errors import UserError

if t.TYPE_CHECKING:
    from sqlmesh import Context
    from sqlmesh.core.test.result import ModelTextTestResult

PROD = "prod"


def sqlmesh_command(*args: str) -> list[str]:
    """argv for the sqlmesh CLI installed beside this interpreter (run it in the project folder)."""
    return [str(Path(sys.executable).with_name("sqlmesh")), *args]


def open_context(gateway: str | None = None) -> "Context":
    """A SQLMesh Context on the project in the current folder (default gateway: the DuckDB file)."""
    from sqlmesh import Context

    # DuckDB cannot create a file in a missing folder (and SQLMesh reports that as an
    # unrelated "No catalog + schema named sprint").
    project.warehouse_path().parent.mkdir(parents=True, exist_ok=True)
    return Context(paths=".", gateway=gateway)


def plan_prod(context: "Context") -> None:
    """Apply the production plan: create or update every model, backfill the landed days."""
    context.plan(PROD, auto_apply=True, no_prompts=True)


def require_prod(warehouse: Path) -> None:
    """Raise a UserError unless a production plan has been applied to `warehouse`."""
    import duckdb

    hint = "run `sqlmesh plan` in the project folder (or `sprint demo`) first"
    if not warehouse.is_file():
        raise UserError(f"no warehouse at {warehouse}: {hint}")
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{warehouse}' AS sprint (READ_ONLY)")
        planned = con.execute("SELECT COUNT(*) FROM sprint.sqlmesh._environments WHERE name = ?", [PROD]).fetchone()[0]
    except duckdb.CatalogException:
        planned = 0
    except duckdb.IOException as error:
        from sprint.locking import held_message

        raise UserError(held_message(warehouse, str(error).splitlines()[0])) from None
    finally:
        con.close()
    if not planned:
        raise UserError(f"the warehouse {warehouse} has no production environment yet: {hint}")


def loaded_rows(warehouse: Path) -> dict[tuple[str, dt.date], int]:
    """Per (dataset, day) loaded into `warehouse`, the raw rows staging.load_counts counted."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{warehouse}' AS sprint (READ_ONLY)")
        rows = con.execute("SELECT dataset, event_date, raw_rows FROM sprint.staging.load_counts").fetchall()
    except duckdb.CatalogException:
        rows = []  # planned before any day landed
    finally:
        con.close()
    return {(dataset, day): count for dataset, day, count in rows}


def unit_tests(context: "Context") -> "ModelTextTestResult":
    """Run the SQLMesh YAML tests (in memory, never against the warehouse file)."""
    return context.test()
