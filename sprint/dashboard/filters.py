"""The sidebar's filters (date range and countries), shared by every page of one rerun."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from sprint.answers.warehouse import BUILD_HINT
from sprint.dashboard import data
from sprint.errors import UserError

STATE_KEY = "sprint_filters"


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    countries: list[str] | None  # None: every country

    @property
    def country_label(self) -> str:
        return ", ".join(self.countries) if self.countries else "all countries"


def sidebar() -> Filters:
    """Draw the filters in the sidebar and remember the choice for the page."""
    bounds = data.read("SELECT MIN(date_day) AS first, MAX(date_day) AS last FROM marts.kpi_daily_activity")
    first, last = bounds["first"].iloc[0], bounds["last"].iloc[0]
    if pd.isna(first):  # nothing built yet
        raise UserError(f"the warehouse holds no KPIs yet; {BUILD_HINT}")
    first, last = first.date(), last.date()
    countries = data.read(
        "SELECT country FROM marts.q3_daily_country_play_time "
        "UNION SELECT country FROM marts.kpi_revenue_by_country ORDER BY country"
    )["country"].tolist()
    with st.sidebar:
        st.header("Filters")
        picked = st.date_input("UTC days", value=(first, last), min_value=first, max_value=last, key="days")
        chosen = st.multiselect("Countries", countries, placeholder="All countries", key="countries",
                                help="Applies to the countries and online pages and to revenue by item, whose marts "
                                     "carry a country.")
    # While a range is being picked the widget holds only its first day.
    start, end = (picked[0], picked[-1]) if isinstance(picked, (tuple, list)) and picked else (first, last)
    filters = Filters(start, end, chosen or None)
    st.session_state[STATE_KEY] = filters
    return filters


def current() -> Filters:
    return st.session_state[STATE_KEY]
