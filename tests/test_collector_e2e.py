"""End to end: days sent through `sprint collect` build the same warehouse answers as the same
days written by `sprint generate`.

Both warehouses are built with the real CLIs (`sqlmesh plan`, `sprint answer`) from the project
folder, with the raw root, the warehouse and SQLMesh's cache in a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from collector_helpers import BIN, KEY, Collector, landed_rows
from generator.contract import DATASET_NAMES, SUCCESS_MARKER
from sprint.project import CODE_ROOT

pytestmark = pytest.mark.slow
GENERATE = ["--players", "2000", "--days", "2", "--seed", "42"]  # a few hundred sessions, 3 purchases
DAYS = ("2026-09-07", "2026-09-08")


def cli(program: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([BIN / program, *args], cwd=CODE_ROOT, env={**os.environ, **(env or {})},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{program} {' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def warehouse_env(root: Path, raw: Path) -> dict:
    return {"SPRINT_RAW_ROOT": str(raw), "SPRINT_WAREHOUSE": str(root / f"{raw.name}.duckdb"),
            "SQLMESH__CACHE_DIR": str(root / f"{raw.name}-cache")}


def test_a_day_through_the_collector_answers_like_the_generated_day(tmp_path):
    direct, collected = tmp_path / "direct", tmp_path / "collected"
    cli("sprint", "generate", *GENERATE, "--out", str(direct))
    # The launch days are long over: with no lateness they close at the first flush after their events.
    with Collector(collected, "--lateness", "0", "--flush-seconds", "0.2") as collector:
        sent = cli("sprint", "generate", *GENERATE, "--send", collector.url, "--clients", "4",
                   env={"SPRINT_COLLECTOR_KEY": KEY})
        assert ", 0 rejected, " in sent.stdout
        collector.stop()
    for dataset in DATASET_NAMES:
        assert landed_rows(collected, dataset) == landed_rows(direct, dataset) > 0
        for day in DAYS:
            assert (collected / dataset / f"event_date={day}" / SUCCESS_MARKER).exists()

    builds = [subprocess.Popen([BIN / "sqlmesh", "plan", "prod", "--auto-apply", "--no-prompts"], cwd=CODE_ROOT,
                               env={**os.environ, **warehouse_env(tmp_path, raw)},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
              for raw in (direct, collected)]  # two at once: most of a small plan is single-threaded Python
    for build in builds:
        output = build.communicate(timeout=600)[0]
        assert build.returncode == 0, output[-3000:]
    answers = [json.loads(cli("sprint", "answer", "all", "--json", env=warehouse_env(tmp_path, raw)).stdout)
               for raw in (direct, collected)]

    # Q7's bytes are the files' own: the collector writes other files (one per flush) for the same
    # rows. Its rows and everything else must agree, but for the time it was measured at.
    for answer in answers:
        del answer["q7"]["measured_at"]
        for entry in answer["q7"]["tables"] + answer["q7"]["projection"] + [answer["q7"]["heartbeats"]]:
            for key in [k for k in entry if "bytes" in k]:
                del entry[key]
    assert answers[0] == answers[1]
    assert answers[0]["q6"]["rows"] and answers[0]["q5"]["weeks"]  # the comparison covered real answers
