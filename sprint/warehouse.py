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
from sprint.errors import UserError

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


def plan_prod(context: "Context") -> None:
    """Apply the production plan: create or update every model, backfill the landed days."""
    context.plan(PROD, auto_apply=True, no_prompts=True)


def plan_dev(context: "Context", environment: str = "dev") -> None:
    """Apply the current models to a development environment; prod is untouched."""
    if environment == PROD:
        raise ValueError("plan_dev builds a development environment, not prod")
    context.plan(environment, auto_apply=True, no_prompts=True)


def run(context: "Context") -> bool:
    """Process every interval whose raw days have landed since the last run (and the lookbacks).

    True if every interval succeeded. Days that got late files are restated by `sprint run`
    (sprint/catchup.py), which wraps `sqlmesh run`.
    """
    return context.run(PROD).is_success


def restate(context: "Context", models: t.Iterable[str], start: "TimeLike", end: "TimeLike") -> None:
    """Recompute `models` (and everything downstream) in prod for the days [start, end].

    Refuses when the local models differ from prod: that is a change to plan first.
    """
    plan = context.plan_builder(PROD, restate_models=list(models), start=start, end=end, skip_tests=True).build()
    if plan.new_snapshots:
        raise UserError("the project's models differ from prod: run `sqlmesh plan` before restating")
    context.apply(plan)


def unit_tests(context: "Context") -> "ModelTextTestResult":
    """Run the SQLMesh YAML tests (in memory, never against the warehouse file)."""
    return context.test()
