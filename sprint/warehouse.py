"""The SQLMesh project as importable functions: open it, build prod, run new days, test.

`sprint demo` and `sprint run` call these; so do the tests. config.yaml reads the raw root
and the warehouse file from SPRINT_RAW_ROOT / SPRINT_WAREHOUSE, and the sqlmesh CLI would
open relative values against the current folder: everything here first pins both to the
absolute paths sprint.project resolves (relative to the project), so the warehouse is the
same file whichever folder a command starts in.
"""

from __future__ import annotations

import datetime as dt
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
    """Bring prod up to date: restate days that got late files, then process newly landed days.

    True if every interval succeeded. `sqlmesh run` alone only processes missing days (and
    their lookback); a late file for a day already processed with no new day after it
    waits for the next day unless restated here.
    """
    late = late_days(context)
    if late:
        restate(context, sorted({f"staging.stg_{d}" for d in late} | {f"staging.quarantine_{d}" for d in late}),
                # the day before too: its sessions and encounters may run into the late day
                start=max(project.LAUNCH_DATE, min(min(days) for days in late.values()) - dt.timedelta(days=1)).isoformat(),
                end=max(max(days) for days in late.values()).isoformat())
    return context.run(PROD).is_success


def late_days(context: "Context") -> dict[str, list[dt.date]]:
    """Per dataset, the processed days whose files now hold other rows than were staged.

    Compares the rows in each landed day's Parquet footers with `staging.load_counts`
    (raw rows when the day was processed): a late file adds rows. A file replaced by one
    with as many rows is not noticed; restate such a day by hand.
    """
    import pyarrow.parquet as pq
    from sqlmesh.utils.date import to_date

    processed = {dataset: processed_days(context, f"staging.stg_{dataset}") for dataset in project.DATASETS}
    if not any(processed.values()):
        return {}
    recorded = {
        (dataset, to_date(event_date)): raw_rows
        for dataset, event_date, raw_rows in context.fetchdf(
            "SELECT dataset, event_date, raw_rows FROM staging.load_counts"
        ).itertuples(index=False)
    }
    raw_root = project.raw_root()
    late: dict[str, list[dt.date]] = {}
    for dataset, days in processed.items():
        for day in sorted(days):
            folder = raw_root / dataset / f"event_date={day.isoformat()}"
            delivered = sum(pq.read_metadata(path).num_rows for path in folder.glob("*.parquet"))
            if delivered != recorded.get((dataset, day), 0):
                late.setdefault(dataset, []).append(day)
    return late


def processed_days(context: "Context", model: str) -> set[dt.date]:
    """The days SQLMesh's state records as done for `model` in prod."""
    from sqlmesh.utils.date import to_date

    environment = context.state_reader.get_environment(PROD)
    if environment is None:
        return set()
    fqn = context.get_model(model).fqn
    snapshot_ids = [s.snapshot_id for s in environment.snapshots if s.name == fqn]
    days: set[dt.date] = set()
    for snapshot in context.state_reader.get_snapshots(snapshot_ids).values():
        for start, end in snapshot.intervals:
            day = to_date(start)
            while day < to_date(end):
                days.add(day)
                day += dt.timedelta(days=1)
    return days


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
