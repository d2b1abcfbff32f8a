"""The SQLMesh YAML tests (tests/**/test*.yaml), run through the Python API.

SQLMesh skips a YAML test whose `model:` does not resolve with only a warning, so a typo
would pass silently: this test counts the tests declared in the files and fails unless
every one of them ran and passed. They run under both of config.yaml's `id_type`s (ids
stored as text, or as BIGINT): a test that pins one in its `vars` runs as it says.

They run in a fresh interpreter, as `sqlmesh test` would: SQLMesh keeps its macros and
signals in process-wide registries, which another test module importing a project file
directly would leave holding a copy that no longer loads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from sqlmesh.utils.yaml import load as yaml_load

from scratch import REPO

RUN_YAML_TESTS = """
import json
from sprint import warehouse

result = warehouse.unit_tests(warehouse.open_context())
problems = [f"{test}: {error}" for test, error in result.failures + result.errors]
print(json.dumps({"ran": result.testsRun, "problems": problems}))
"""


def declared_yaml_tests() -> set[str]:
    names: set[str] = set()
    for pattern in ("**/test*.yaml", "**/test*.yml"):
        for path in (REPO / "tests").glob(pattern):
            names.update(yaml_load(path))
    return names


@pytest.mark.parametrize("id_type", ["text", "bigint"])
def test_every_declared_yaml_test_runs_and_passes(tmp_path, id_type):
    declared = declared_yaml_tests()
    assert declared, "no YAML tests found under tests/"

    # Tests run in memory, in the project folder: the warehouse, raw root and SQLMesh's cache
    # point at scratch paths so nothing is read from or left in the repository.
    env = {
        **os.environ,
        "SPRINT_WAREHOUSE": str(tmp_path / "sprint.duckdb"),
        "SPRINT_RAW_ROOT": str(tmp_path / "raw"),
        "SQLMESH__CACHE_DIR": str(tmp_path / "cache"),
        "SQLMESH__VARIABLES__ID_TYPE": id_type,  # SQLMesh's override of a config.yaml variable
    }
    completed = subprocess.run(
        [sys.executable, "-c", RUN_YAML_TESTS], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])

    assert not result["problems"], "\n".join(result["problems"])
    assert result["ran"] == len(declared), (
        f"{len(declared)} YAML tests declared but {result['ran']} ran: a test whose `model:` "
        "does not resolve is skipped by SQLMesh with only a warning"
    )
