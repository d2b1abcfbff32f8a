"""Warehouses for the concurrency tests, built with the real sqlmesh CLI in a temporary folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sprint.project import CODE_ROOT
from sprint.warehouse import sqlmesh_command


def build_warehouse(raw: Path, target: Path) -> dict[str, str]:
    """Apply the production plan over `raw` into `target`; the environment that points there."""
    env = {**os.environ, "SPRINT_RAW_ROOT": str(raw), "SPRINT_WAREHOUSE": str(target),
           "SQLMESH__CACHE_DIR": str(target.parent / "sqlmesh-cache")}
    result = subprocess.run(sqlmesh_command("plan", "prod", "--auto-apply", "--no-prompts", "--skip-tests"),
                            cwd=CODE_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return env
