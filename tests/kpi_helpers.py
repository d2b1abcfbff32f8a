"""The small generated game the KPI and dashboard tests share (conftest.generated_warehouse),
and the charts each dashboard page draws on it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.calendar import LAUNCH_DATE
from generator.contract import DATASET_NAMES
from warehouse_fixtures import write_day

# Past 31 days, so the first cohorts reach day 30 and the D30 headline has mature cohorts.
GENERATED = dict(players=800, start=LAUNCH_DATE, days=33, seed=11)

# Dashboard page script -> the charts it draws over GENERATED (each is one Vega-Lite chart).
DASHBOARD_PAGES = {
    "views/answers.py": 3,  # Q5 weekly revenue, Q6 encounters per day, Q7 sizes
    "views/activity.py": 9,  # eight activity charts and the K/D distribution
    "views/online.py": 2,  # players online with each day's peak, weekday x hour heatmap
    "views/retention.py": 2,  # cohort heatmap, churn
    "views/monetisation.py": 5,
    "views/countries.py": 3,
    "views/encounters.py": 3,  # per match, per player-hour, map heatmap
    "views/player.py": 2,
}


def land_quiet_days(raw: Path, first: dt.date, last: dt.date) -> None:
    """Land every day from `first` to `last` that holds no file yet, empty, in every dataset.

    The warehouse waits for each day to land (`_SUCCESS`), from the models' start on.
    """
    day = first
    while day <= last:
        for dataset in DATASET_NAMES:
            if not list((raw / dataset / f"event_date={day}").glob("*.parquet")):
                write_day(raw, dataset, str(day), [])
        day += dt.timedelta(days=1)
