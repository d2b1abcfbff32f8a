"""A scratch warehouse: the real `sqlmesh` and `sprint` CLIs, run in the project folder and
pointed at a raw root, a warehouse file and a SQLMesh cache in a temporary folder.

A Scratch is also the environment mapping those CLIs need, so `subprocess.run(..., env=scratch)`
and `scratch["SPRINT_WAREHOUSE"]` work as with a plain dict. Nothing is written into the
repository but SQLMesh's git-ignored logs/ folder.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd

REPO = Path(__file__).resolve().parent.parent  # the project under test
BIN = Path(sys.executable).parent  # the sprint and sqlmesh commands of this environment


class Scratch(dict):
    def __init__(self, folder: Path, raw: Path | None = None, project: Path = REPO, cache: Path | None = None,
                 **env: str):
        self.folder, self.project = Path(folder), Path(project)
        self.raw = Path(raw) if raw else self.folder / "raw"
        self.file = self.folder / "sprint.duckdb"
        self.folder.mkdir(parents=True, exist_ok=True)
        super().__init__(
            os.environ,
            SPRINT_RAW_ROOT=str(self.raw),
            SPRINT_WAREHOUSE=str(self.file),
            SQLMESH__CACHE_DIR=str(cache or self.folder / "sqlmesh-cache"),
            **env,
        )

    # ------------------------------------------------------------ the CLIs

    def cli(self, program: str, *args: str, check: bool = False, timeout: float = 900) -> subprocess.CompletedProcess:
        """`program` (sprint or sqlmesh) in the project folder; must exit 0 when `check`."""
        result = subprocess.run([str(BIN / program), *args], cwd=self.project, env=self, capture_output=True,
                                text=True, timeout=timeout)
        if check:
            assert result.returncode == 0, f"{program} {' '.join(args)}:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        return result

    def sqlmesh(self, *args: str, check: bool = True, **options) -> subprocess.CompletedProcess:
        return self.cli("sqlmesh", *args, check=check, **options)

    def sprint(self, *args: str, check: bool = True, **options) -> subprocess.CompletedProcess:
        return self.cli("sprint", *args, check=check, **options)

    def plan(self, *args: str) -> subprocess.CompletedProcess:
        """The production plan, without the YAML tests (tests/test_sqlmesh_unit_tests.py runs them)."""
        return self.sqlmesh("plan", "prod", "--auto-apply", "--no-prompts", "--skip-tests", *args)

    def run(self, check: bool = True) -> subprocess.CompletedProcess:
        """`sprint run`, as a scheduler starts it."""
        return self.sprint("run", check=check)

    # ------------------------------------------------------------ reading it

    def connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        con.execute(f"ATTACH '{self.file}' AS sprint (READ_ONLY)")  # the catalog SQLMesh's views name
        con.execute("USE sprint")
        con.execute("SET TimeZone = 'UTC'")
        return con

    def query(self, sql: str, *params) -> list[tuple]:
        con = self.connect()
        try:
            return con.execute(sql, list(params)).fetchall()
        finally:
            con.close()

    def recorded_days(self, model: str) -> set[dt.date]:
        """The days SQLMesh's state records as done for `model` in prod."""
        schema, name = model.split(".")
        rows = self.query(
            "SELECT start_ts, end_ts FROM sqlmesh._intervals WHERE name = ? AND NOT is_dev AND NOT is_removed",
            f'"sprint"."{schema}"."{name}"',
        )
        return {
            dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).date()
            for start, end in rows
            for ms in range(start, end, 86_400_000)
        }

    def tables(self, *views: str) -> dict[str, pd.DataFrame]:
        """Every model with a table, core's views (the encounters, over core's tables), and
        `views` (models that read the lake when queried), as frames sorted on all their columns."""
        con = self.connect()
        try:
            physical = {name for (name,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'sprint' UNION ALL "
                "SELECT view_name FROM duckdb_views() WHERE database_name = 'sprint' AND schema_name = 'sqlmesh__core'"
            ).fetchall()}
            models = sorted(
                f"{schema}.{name}"
                for schema, name in con.execute(
                    "SELECT table_schema, table_name FROM information_schema.tables "
                    "WHERE table_catalog = 'sprint' AND table_schema IN ('staging', 'core', 'marts')"
                ).fetchall()
                if any(table.startswith(f"{schema}__{name}__") for table in physical)
            ) + list(views)
            return {model: sort_frame(con.execute(f"SELECT * FROM {model}").df()) for model in models}
        finally:
            con.close()


def sort_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)
