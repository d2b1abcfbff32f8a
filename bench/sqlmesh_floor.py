"""The fixed cost's floor: a SQLMesh project of trivial daily models, as many as Sprint's run has.

bench.py's `fixed` section times `sqlmesh run` of a small day through Sprint's models. The
same run over this project costs what SQLMesh itself does per run and per model (start-up,
state, scheduling, one render, insert and audit each) with next to nothing to parse, render
or compute. What Sprint's run costs beyond it is Sprint's: its queries, macros, signals and
audits.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

# Sprint's own config.yaml (its connection, linter and defaults) serves the project; each model
# starts on the day given, not on Sprint's launch date.
SOURCE_MODEL = """\
MODEL (name floor.day_0, kind INCREMENTAL_BY_TIME_RANGE (time_column day), start '{start}', audits (not_null(columns := (day))));
SELECT CAST(@start_ds AS DATE) AS day, 1 AS value
"""

# Every other model reads the first one's day, as Sprint's models read their parents'.
CHILD_MODEL = """\
MODEL (name floor.day_{n}, kind INCREMENTAL_BY_TIME_RANGE (time_column day), start '{start}', audits (not_null(columns := (day, value))));
SELECT day, value + {n} AS value FROM floor.day_0 WHERE day BETWEEN @start_ds AND @end_ds
"""


def write_project(folder: Path, models: int, start: dt.date, config: Path) -> None:
    """A project of `models` daily models starting on `start`, with the config.yaml at `config`, in `folder`."""
    (folder / "models").mkdir(parents=True, exist_ok=True)
    shutil.copy2(config, folder / "config.yaml")
    (folder / "models" / "day_0.sql").write_text(SOURCE_MODEL.format(start=start))
    for n in range(1, models):
        (folder / "models" / f"day_{n}.sql").write_text(CHILD_MODEL.format(n=n, start=start))
