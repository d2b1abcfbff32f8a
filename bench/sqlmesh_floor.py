"""The fixed cost's floor: a SQLMesh project of trivial daily models, as many as Sprint's run has.

bench.py's `fixed` section times `sqlmesh run` of a small day through Sprint's models. The
same run over this project costs what SQLMesh itself does per run and per model (start-up,
state, scheduling, one render, insert and audit each) with next to nothing to parse, render
or compute. What Sprint's run costs beyond it is Sprint's: its queries, macros, signals and
audits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

# The warehouse settings of Sprint's config.yaml that a run's cost depends on; the file comes
# from SPRINT_WAREHOUSE, as Sprint's does, so bench.Warehouse drives both alike.
CONFIG = """\
gateways:
  duckdb:
    connection:
      type: duckdb
      concurrent_tasks: 1
      catalogs:
        sprint: "{{{{ env_var('SPRINT_WAREHOUSE') }}}}"
      connector_config:
        TimeZone: UTC
        threads: 2
default_gateway: duckdb
disable_anonymized_analytics: true
model_defaults:
  dialect: duckdb
  cron: "@daily"
  start: "{start}"
"""

SOURCE_MODEL = """\
MODEL (name floor.day_0, kind INCREMENTAL_BY_TIME_RANGE (time_column day), audits (not_null(columns := (day))));
SELECT CAST(@start_ds AS DATE) AS day, 1 AS value
"""

# Every other model reads the first one's day, as Sprint's models read their parents'.
CHILD_MODEL = """\
MODEL (name floor.day_{n}, kind INCREMENTAL_BY_TIME_RANGE (time_column day), audits (not_null(columns := (day, value))));
SELECT day, value + {n} AS value FROM floor.day_0 WHERE day BETWEEN @start_ds AND @end_ds
"""


def write_project(folder: Path, models: int, start: dt.date) -> None:
    """A project of `models` daily models starting on `start`, in `folder`."""
    (folder / "models").mkdir(parents=True, exist_ok=True)
    (folder / "config.yaml").write_text(CONFIG.format(start=start.isoformat()))
    (folder / "models" / "day_0.sql").write_text(SOURCE_MODEL)
    for n in range(1, models):
        (folder / "models" / f"day_{n}.sql").write_text(CHILD_MODEL.format(n=n))
