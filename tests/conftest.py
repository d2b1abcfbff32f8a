"""Fixtures shared by the test modules, built once per test session.

- `small_raw`: a small generated game's raw files (read-only for the tests).
- `generated_warehouse`: a 33-day generated game built into prod, for the KPI invariants,
  the dashboard's AppTest pages and its browser test.
- `suite`: the reliability suite's sources and its template warehouse (tests/reliability_helpers.py).
- `rendering_context`: a SQLMesh context of the project, in this process, for rendering models
  (on a scratch warehouse: never the project's own).

scripts/test.sh runs the suite on two pytest-xdist workers (`-n 2 --dist loadgroup`): each test
file is one unit of work, so its module fixtures are built once, and the files that share a
session fixture's warehouse go to the same worker, so it too is built once.
"""

from __future__ import annotations

import pytest

from generator import generate
from generator_helpers import SMALL
from kpi_helpers import GENERATED
from reliability_helpers import Suite
from scratch import Scratch

# The session fixtures that build a warehouse: their users run on one worker.
SHARED_WAREHOUSES = ("generated_warehouse", "suite")


@pytest.hookimpl(tryfirst=True)  # xdist reads the groups in its own hook
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Groups each test file alone, or with the files that use the same shared warehouse."""
    group_of_file = {}
    for item in items:
        shared = [name for name in SHARED_WAREHOUSES if name in getattr(item, "fixturenames", ())]
        group_of_file.setdefault(item.path, item.path.stem)
        if shared:
            group_of_file[item.path] = shared[0]
    for item in items:
        item.add_marker(pytest.mark.xdist_group(group_of_file[item.path]))


@pytest.fixture(scope="session")
def small_raw(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("raw")
    generate(out=out, **SMALL)
    return out


@pytest.fixture(scope="session")
def generated_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Scratch:
    scratch = Scratch(tmp_path_factory.mktemp("kpi_generated"))
    generate(scratch.raw, **GENERATED)
    scratch.plan()
    return scratch


@pytest.fixture(scope="session")
def rendering_context(tmp_path_factory: pytest.TempPathFactory):
    from sprint.warehouse import open_context

    folder = tmp_path_factory.mktemp("rendering")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPRINT_WAREHOUSE", str(folder / "sprint.duckdb"))
        patch.setenv("SPRINT_RAW_ROOT", str(folder / "raw"))
        context = open_context()
        yield context
        context.close()


@pytest.fixture(scope="session")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Suite:
    return Suite.build(tmp_path_factory.mktemp("reliability"))
