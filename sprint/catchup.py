"""The days a plain `sqlmesh run` leaves stale, so `sprint run` can restate them.

SQLMesh re-processes a day within a model's lookback only when the day `lookback` days
later is missing too (compute_missing_intervals in sqlmesh/core/snapshot/definition.py).
With every day landed in order that covers late files for the newest days, but not:

- a late file for a day older than the lookback (the generator may delay one by 30 days);
- a late file for a day just before a day that has not landed (day i + lookback has);
- a day that lands after later days (a gap filled): the days next to it were computed
  without it (play across midnight, encounters across the boundary) and no lookback
  reaches them.

After the run, what landed is compared with what the warehouse loaded
(`staging.load_counts`, rows per dataset and day); days that differ, and filled gaps,
are restated with their neighbours. A model's day reads raw days D - 1 .. D + 1 at most
(docs/ARCHITECTURE.md, "Late data and day boundaries").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from sprint import landing
from sprint.errors import UserError

Counts = dict[tuple[str, dt.date], int]
NEIGHBOURS = dt.timedelta(days=1)


def landed_rows(root: Path, datasets: Iterable[str], today: dt.date | None = None) -> Counts:
    """Rows per (dataset, day) in the days a run processes: landed in every dataset, readable, ended.

    A daily interval is run only once it has ended (UTC), so a day landed ahead of the
    clock is left for a later run rather than restated on every one.
    """
    today = today or dt.datetime.now(dt.timezone.utc).date()
    datasets = list(datasets)
    days = {day for day in set.intersection(*(set(landing.landed_days(root, d)) for d in datasets)) if day < today}
    readable = days - landing.blocked_days(root, datasets, days).keys()
    return {
        (dataset, day): sum(
            pq.ParquetFile(path).metadata.num_rows for path in landing.day_folder(root, dataset, day).glob("*.parquet")
        )
        for dataset in datasets
        for day in readable
    }


def loaded_rows(warehouse: Path) -> Counts:
    """Raw rows per (dataset, day) the warehouse has loaded; empty before the first load."""
    if not warehouse.exists():
        return {}
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{warehouse}' AS sprint (READ_ONLY)")  # the catalog SQLMesh's views name
        rows = con.execute("SELECT dataset, event_date, raw_rows FROM sprint.staging.load_counts").fetchall()
    except duckdb.CatalogException:
        return {}  # planned before load_counts existed, or never planned: sqlmesh run says so
    except duckdb.IOException as error:
        raise UserError(
            f"cannot read the warehouse {warehouse} ({str(error).splitlines()[0]}): another process has it "
            "open for writing (sqlmesh plan, run or ui?); retry once it is free"
        ) from None
    finally:
        con.close()
    return {(dataset, day): rows for dataset, day, rows in rows}


def stale_days(landed: Counts, before: Counts, after: Counts) -> set[dt.date]:
    """Days to restate after a run: loaded rows that differ from landed ones, filled gaps, ± 1 day."""
    changed = {day for (dataset, day), rows in landed.items() if after.get((dataset, day), 0) != rows}
    newest_before = max((day for _, day in before), default=None)
    filled = {day for _, day in after.keys() - before.keys() if newest_before and day < newest_before}
    return {day + step * NEIGHBOURS for day in changed | filled for step in (-1, 0, 1)}

