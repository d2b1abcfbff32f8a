"""One project folder: `sprint` and a bare `sqlmesh` see the same project, paths and fingerprints.

A copy of the project, with its data and warehouse at the default relative paths (no
SPRINT_* variables set), is built by `sprint demo` run from another folder with `-p`; then
the bare `sqlmesh` CLI, run in the project folder as its users do, must find nothing to
plan, and `sprint run` and `sqlmesh run` alternate without changing that. A model change
planned into `dev` then builds only that model and its children; a comment builds nothing.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scratch import BIN
from warehouse_fixtures import copy_project

pytestmark = pytest.mark.slow

NO_CHANGES = "No changes to plan"
CHANGED_MODEL = "core.fct_player_session_days"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("folder") / "game")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    result = run(elsewhere, "sprint", "-p", str(root), "demo", "--players", "1500", "--days", "3")
    assert (root / "data" / "raw" / "heartbeats").is_dir() and (root / "warehouse" / "sprint.duckdb").is_file()
    assert "Q1" in result.stdout
    return root


def run(cwd: Path, program: str, *args: str) -> subprocess.CompletedProcess:
    """A CLI as a user runs it: no SPRINT_* variables, paths relative to the project folder."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("SPRINT_")}
    env["SQLMESH__CACHE_DIR"] = str(cwd / ".cache")
    env["COLUMNS"] = "400"  # one model a line in the plan's output
    result = subprocess.run([str(BIN / program), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{program} {args}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def plan_output(project: Path, environment: str = "prod") -> str:
    """What `sqlmesh plan` says, applied (there is nothing to apply when it has no changes)."""
    return run(project, "sqlmesh", "plan", environment, "--auto-apply", "--no-prompts", "--skip-tests").stdout


def test_sprint_writes_into_the_project_it_was_pointed_at(project):
    # nothing of the demo lands in the folder sprint was started from, nor in the original checkout
    assert sorted(p.name for p in (project / "data" / "raw").iterdir()) == ["heartbeats", "purchases", "session_ends"]


def test_sprint_and_bare_sqlmesh_alternate_without_changes_to_plan(project):
    assert NO_CHANGES in plan_output(project)
    run(project / "models", "sprint", "run")  # from a sub-folder, as git finds its repository
    run(project, "sqlmesh", "run")
    assert NO_CHANGES in plan_output(project)


def test_a_model_change_in_dev_builds_that_model_and_its_children_only(project):
    model = project / "models" / "core" / f"{CHANGED_MODEL.split('.')[1]}.sql"
    original = model.read_text()
    try:
        # a comment is metadata: the environment points at prod's tables, nothing is built
        model.write_text(original.replace("/* the session's country */", "/* the session's country, ISO alpha-2 */"))
        output = plan_output(project, "dev_comment")
        assert "Metadata Updated" in output and backfilled(output, "dev_comment") == set()

        # a changed filter is a breaking change for this model and its children, and nothing else
        model.write_text(original.replace("  play_seconds > 0", "  play_seconds >= 1"))
        output = plan_output(project, "dev")
    finally:
        model.write_text(original)
    assert backfilled(output, "dev") == {CHANGED_MODEL} | downstream(project, CHANGED_MODEL)


def backfilled(plan: str, environment: str) -> set[str]:
    """The models a plan evaluated: one `[i/n] <schema>__<environment>.<model> [insert ...]` line each."""
    return {f"{schema}.{name}" for schema, name in re.findall(rf"\[\d+/\d+\] (\w+)__{environment}\.(\w+) ", plan)}


def downstream(project: Path, model: str) -> set[str]:
    """The models that read `model`, directly or not, from SQLMesh's own DAG."""
    code = (
        "import json, sys; from sqlmesh import Context; c = Context(paths='.');"
        f"print(json.dumps(c.dag.downstream(c.get_model('{model}').fqn)))"
    )
    names = json.loads(run(project, sys.executable, "-c", code).stdout.strip().splitlines()[-1])
    return {name.replace('"', "").removeprefix("sprint.") for name in names}
