"""The SQLMesh YAML tests (tests/**/test*.yaml), run through the Python API.

SQLMesh skips a YAML test whose `model:` does not resolve with only a warning, so a typo
would pass silently: this test counts the tests declared in the files and fails unless
every one of them ran and passed.
"""

from __future__ import annotations

from sqlmesh.utils.yaml import load as yaml_load

from sprint import warehouse
from sprint.project import PROJECT_ROOT


def declared_yaml_tests() -> set[str]:
    names: set[str] = set()
    for pattern in ("**/test*.yaml", "**/test*.yml"):
        for path in (PROJECT_ROOT / "tests").glob(pattern):
            names.update(yaml_load(path))
    return names


def test_every_declared_yaml_test_runs_and_passes(tmp_path, monkeypatch):
    # Tests run in memory: point the warehouse, raw root and SQLMesh's cache at scratch
    # paths so nothing is read from or left in the repository.
    monkeypatch.setenv("SPRINT_WAREHOUSE", str(tmp_path / "sprint.duckdb"))
    monkeypatch.setenv("SPRINT_RAW_ROOT", str(tmp_path / "raw"))
    monkeypatch.setenv("SQLMESH__CACHE_DIR", str(tmp_path / "cache"))
    declared = declared_yaml_tests()
    assert declared, "no YAML tests found under tests/"

    result = warehouse.unit_tests(warehouse.open_context())
    problems = [f"{test}: {error}" for test, error in result.failures + result.errors]

    assert not problems, "\n".join(problems)
    assert result.testsRun == len(declared), (
        f"{len(declared)} YAML tests declared but {result.testsRun} ran: a test whose `model:` "
        "does not resolve is skipped by SQLMesh with only a warning"
    )
