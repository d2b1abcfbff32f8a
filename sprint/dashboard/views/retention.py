"""Retention by install-day cohort (a cohort x day heatmap), headline D1/D7/D30, and churn."""

import pandas as pd
import streamlit as st

from sprint.dashboard import charts, data, filters

f = filters.current()
st.title("Retention")
st.caption(f"Install-day cohorts from {f.start} to {f.end}, all countries; a cohort's install day is its first "
           "play day (so D0 is 100 %). Cells a cohort has not reached yet are blank, not zero "
           "(marts.kpi_retention_cohorts).")

headline = data.read("SELECT * FROM marts.kpi_retention_headline ORDER BY day_n")
cols = st.columns(len(headline) or 1)
for col, row in zip(cols, headline.itertuples()):
    value = "n/a" if pd.isna(row.classic_retention) else f"{row.classic_retention:.1%}"
    rolling = "" if pd.isna(row.rolling_retention) else f"; rolling {row.rolling_retention:.1%}"
    col.metric(f"D{row.day_n} retention", value,
               help=f"pooled over the {row.mature_cohorts} cohorts that have reached day {row.day_n} "
                    f"({row.cohort_players:,} players){rolling}")

kind = st.radio("Retention", ["classic", "rolling"], horizontal=True,
                captions=["played exactly on day N", "played on day N or later"])
cohorts = data.read(
    f"SELECT cohort_date, day_n, cohort_players, {kind}_retention AS retention FROM marts.kpi_retention_cohorts "
    "WHERE cohort_date BETWEEN $start AND $end AND day_n > 0 ORDER BY cohort_date, day_n",
    start=f.start, end=f.end,
)
if cohorts.empty:
    st.info("No cohorts installed in these days.")
else:
    cohorts["cohort"] = cohorts["cohort_date"].dt.strftime("%Y-%m-%d")
    charts.heatmap(cohorts, "day_n", "cohort", "retention", x_title="days since install (N)",
                   y_title="install day", value_title=f"{kind} retention", value_format=".0%",
                   height=max(260, 14 * cohorts["cohort"].nunique()))

st.subheader("Churn")
st.caption("Share of a day's active players who then did not play for 14 days; known 14 days later "
           "(marts.kpi_churn_daily).")
churn = data.read("SELECT date_day, churn_rate FROM marts.kpi_churn_daily "
                  "WHERE date_day BETWEEN $start AND $end AND churn_rate IS NOT NULL ORDER BY date_day",
                  start=f.start, end=f.end)
if churn.empty:
    st.info("Churn is not known yet for these days: they need 14 complete days after them.")
else:
    charts.lines(churn, "date_day", {"churn_rate": "churn rate"}, "share", y_format=".0%")
