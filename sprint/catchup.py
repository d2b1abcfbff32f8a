"""The days a plain `sqlmesh run` leaves stale, so `sprint run` can restate them.

A run processes the days that are missing, plus one day back in the models whose day
reads the next one (sessions and encounters across midnight: `lookback 1`). Staging has
no lookback, so on its own a run never sees:

- a late file for a day already loaded (the generator delays a few sessions, with their
  heartbeats, and purchases by a day when asked to, up to 30 days);
- a day that lands after later days (a gap filled): the days next to it were computed
  without it (play across midnight, encounters across the boundary).

After the run, what landed is compared with what the warehouse loaded
(`staging.load_counts`, rows per dataset and day). Days that differ are restated, with
their neighbours, in the staging models of that dataset only and everything downstream of
them; a filled gap's neighbours in every dataset. A model's day reads raw days D - 1 ..
D + 1 at most (docs/ARCHITECTURE.md, "Late data and day boundaries"). Checking this costs
a footer read per file; re-processing every recent day on every run, as a lookback in
staging would, costs a few passes over a day's heartbeats (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import duckdb

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
            landing.file_rows(path, dataset) for path in landing.day_folder(root, dataset, day).glob("*.parquet")
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


def stale_days(landed: Counts, before: Counts, after: Counts) -> dict[str, set[dt.date]]:
    """Days to restate after a run, per dataset: loaded rows that differ from landed ones,
    filled gaps (in every dataset), each ± 1 day."""
    changed = {(dataset, day) for (dataset, day), rows in landed.items() if after.get((dataset, day), 0) != rows}
    newest_before = max((day for _, day in before), default=None)
    filled = {day for _, day in after.keys() - before.keys() if newest_before and day < newest_before}
    datasets, landed_days = {dataset for dataset, _ in landed}, {day for _, day in landed}
    stale: dict[str, set[dt.date]] = {}
    for dataset, day in changed | {(dataset, day) for dataset in datasets for day in filled}:
        around = {day + step * NEIGHBOURS for step in (-1, 0, 1)}
        stale.setdefault(dataset, set()).update(around & landed_days)  # nothing to restate where nothing landed
    return stale


def staging_models(datasets: Iterable[str]) -> list[str]:
    """The raw views of `datasets`: restating one restates every model that reads it, for the days given."""
    return [f"raw.{dataset}" for dataset in sorted(datasets)]
