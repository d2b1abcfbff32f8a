"""Where things live: the project folder, the raw data root and the warehouse file.

Every path can be moved with an environment variable, so tests and schedulers can point
Sprint at a scratch folder without editing config.yaml (which reads the same variables).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The fictional game's launch day: the generator's default start and the models' start.
LAUNCH_DATE = dt.date(2026, 9, 7)

RAW_ROOT_ENV = "SPRINT_RAW_ROOT"
WAREHOUSE_ENV = "SPRINT_WAREHOUSE"

DATASETS = ("session_ends", "purchases", "heartbeats")


def raw_root() -> Path:
    """The folder holding one sub-folder per raw dataset (SPEC §1)."""
    return _resolve(os.environ.get(RAW_ROOT_ENV, "data/raw"))


def warehouse_path() -> Path:
    """The DuckDB file of the embedded default gateway."""
    return _resolve(os.environ.get(WAREHOUSE_ENV, "warehouse/sprint.duckdb"))


def _resolve(path: str) -> Path:
    # Relative paths are relative to the project, not to wherever the command was started.
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else PROJECT_ROOT / candidate
