"""Warehouses for the KPI and dashboard tests, built with the real `sqlmesh plan` in tmp_path.

`build_warehouse` applies the production plan over a raw root into a scratch DuckDB file;
`generated_warehouse` is a small generated game built once per test session and shared by
the KPI invariants, the AppTest pages and the browser test, which both expect
DASHBOARD_PAGES' charts on it.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from sprint import warehouse
from sprint.project import DATASETS, LAUNCH_DATE, PROJECT_ROOT
from warehouse_fixtures import write_day

# Past 31 days, so the first cohorts reach day 30 and the D30 headline has mature cohorts.
GENERATED = dict(players=800, start=LAUNCH_DATE, days=33, seed=11)

# Dashboard page script -> the charts it draws over GENERATED (each is one Vega-Lite chart).
DASHBOARD_PAGES = {
    "views/answers.py": 3,  # Q5 weekly revenue, Q6 encounters per day, Q7 sizes
    "views/activity.py": 8,
    "views/retention.py": 2,  # cohort heatmap, churn
    "views/monetisation.py": 5,
    "views/countries.py": 3,
    "views/encounters.py": 3,  # per match, per player-hour, map heatmap
    "views/player.py": 2,
}


def build_warehouse(raw: Path, target: Path) -> dict[str, str]:
    """Apply the production plan over `raw` into `target`; the environment that points there."""
    env = warehouse.sqlmesh_env(SPRINT_RAW_ROOT=str(raw), SPRINT_WAREHOUSE=str(target),
                                SQLMESH__CACHE_DIR=str(target.parent / "sqlmesh-cache"))
    result = subprocess.run(warehouse.sqlmesh_command("plan", "prod", "--auto-apply", "--no-prompts"),
                            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return env


def land_quiet_days(raw: Path, first: dt.date, last: dt.date) -> None:
    """Land every day from `first` to `last` that holds no file yet, empty, in every dataset.

    The warehouse waits for each day to land (`_SUCCESS`), from the models' start on.
    """
    day = first
    while day <= last:
        for dataset in DATASETS:
            if not list((raw / dataset / f"event_date={day}").glob("*.parquet")):
                write_day(raw, dataset, str(day), [])
        day += dt.timedelta(days=1)


@pytest.fixture(scope="session")
def generated_warehouse(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    from generator import generate

    root = tmp_path_factory.mktemp("kpi_generated")
    generate(root / "raw", **GENERATED)
    return build_warehouse(root / "raw", root / "warehouse.duckdb")
