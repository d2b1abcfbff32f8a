"""The SQLMesh project as importable functions: open it, build prod, run new days, test.

`sprint demo` and `sprint run` call these; so do the tests. config.yaml reads the raw root
and the warehouse file from SPRINT_RAW_ROOT / SPRINT_WAREHOUSE, and the sqlmesh CLI would
open relative values against the current folder: everything here first pins both to the
absolute paths sprint.project resolves (relative to the project), so the warehouse is the
same file whichever folder a command starts in.
"""

from __future__ import annotations

import os
import sys
import typing as t
from pathlib import Path

from sprint import project

if t.TYPE_CHECKING:
    from sqlmesh import Context
    from sqlmesh.core.test.result import ModelTextTestResult
    from sqlmesh.utils.date import TimeLike

PROD = "prod"


def pin_paths(environ: t.MutableMapping[str, str] = os.environ) -> dict[str, str]:
    """Set SPRINT_RAW_ROOT and SPRINT_WAREHOUSE in `environ` to absolute paths; return them.

    Creates the warehouse's folder: DuckDB cannot create a file in a missing folder (and
    SQLMesh reports that as an unrelated "No catalog + schema named sprint").
    """
    defaults = {project.RAW_ROOT_ENV: project.raw_root(), project.WAREHOUSE_ENV: project.warehouse_path()}
    for name, default in defaults.items():
        path = Path(environ[name]).expanduser() if environ.get(name) else default
        environ[name] = str(path if path.is_absolute() else project.PROJECT_ROOT / path)
    Path(environ[project.WAREHOUSE_ENV]).parent.mkdir(parents=True, exist_ok=True)
    return {name: environ[name] for name in defaults}


def sqlmesh_env(**overrides: str) -> dict[str, str]:
    """The environment for a `sqlmesh` subprocess: this one, `overrides`, paths made absolute."""
    environ = {**os.environ, **overrides}
    pin_paths(environ)
    return environ


def sqlmesh_command(*args: str, project_root: Path = project.PROJECT_ROOT) -> list[str]:
    """argv for the sqlmesh CLI installed beside this interpreter, on `project_root`."""
    return [str(Path(sys.executable).with_name("sqlmesh")), "--paths", str(project_root), *args]


def open_context(project_root: Path = project.PROJECT_ROOT, gateway: str | None = None) -> "Context":
    """A SQLMesh Context on the project (default gateway: the DuckDB warehouse file)."""
    from sqlmesh import Context

    pin_paths()
    return Context(paths=str(project_root), gateway=gateway)


def plan_prod(context: "Context", *, start: "TimeLike | None" = None, end: "TimeLike | None" = None) -> None:
    """Apply the production plan: create or update every model, backfill the landed days."""
    context.plan(PROD, start=start, end=end, auto_apply=True, no_prompts=True)


def plan_dev(context: "Context", environment: str = "dev") -> None:
    """Apply the current models to a development environment; prod is untouched."""
    if environment == PROD:
        raise ValueError("plan_dev builds a development environment, not prod")
    context.plan(environment, auto_apply=True, no_prompts=True)


def run(context: "Context", environment: str = PROD) -> bool:
    """Process every interval whose raw day has landed since the last run; True if all succeeded."""
    return context.run(environment).is_success


def restate(context: "Context", models: t.Iterable[str], start: "TimeLike", end: "TimeLike") -> None:
    """Recompute `models` (and everything downstream) in prod for the days [start, end].

    For data that changed outside the lookback windows, e.g. a late file older than two days.
    """
    context.plan(PROD, restate_models=list(models), start=start, end=end, auto_apply=True, no_prompts=True)


def unit_tests(context: "Context") -> "ModelTextTestResult":
    """Run the SQLMesh YAML tests (in memory, never against the warehouse file)."""
    return context.test()
