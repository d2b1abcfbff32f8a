"""Play time and revenue per country: play by session country, revenue by SPEC §3.5's purchase country."""

import streamlit as st

from sprint.dashboard import charts, data, filters

f = filters.current()
st.title("Countries")
st.caption(f"UTC days {f.start} to {f.end}, {f.country_label}. Play time belongs to the session's country "
           "(marts.q3_daily_country_play_time); revenue to the country of the buyer's latest session ended "
           "by the purchase, else the first session's, else ZZ (marts.kpi_revenue_by_country).")

WHERE = "BETWEEN $start AND $end AND ($countries IS NULL OR list_contains($countries, country))"
play = data.read(
    f"SELECT country, SUM(play_seconds) / 3600 AS play_hours FROM marts.q3_daily_country_play_time "
    f"WHERE play_date {WHERE} GROUP BY country",
    start=f.start, end=f.end, countries=f.countries,
)
revenue = data.read(
    f"SELECT purchase_date, country, revenue_usd::DOUBLE AS revenue_usd, purchases, paying_users "
    f"FROM marts.kpi_revenue_by_country WHERE purchase_date {WHERE} ORDER BY purchase_date",
    start=f.start, end=f.end, countries=f.countries,
)
totals = (revenue.groupby("country", as_index=False)[["revenue_usd", "purchases"]].sum()
          .merge(play, on="country", how="outer").fillna(0).sort_values("play_hours", ascending=False))
if totals.empty:
    st.info("No play or purchases in these days and countries.")
    st.stop()

left, right = st.columns(2)
with left:
    st.subheader("Play time")
    charts.ranking(totals, "country", "play_hours", value_title="hours")
with right:
    st.subheader("Revenue")
    charts.ranking(totals, "country", "revenue_usd", value_title="USD", value_format="$,.2f")

st.subheader("Daily revenue by country")
if revenue.empty:
    st.info("No purchases in these days and countries.")
else:
    charts.bars(revenue, "purchase_date", "revenue_usd", color="country", y_title="USD", y_format="$,.2f")
totals["revenue_per_play_hour_usd"] = totals["revenue_usd"] / totals["play_hours"].where(totals["play_hours"] > 0)
st.dataframe(totals, hide_index=True, column_config={
    "play_hours": st.column_config.NumberColumn("play hours", format="%.1f"),
    "revenue_usd": st.column_config.NumberColumn("revenue", format="$%.2f"),
    "revenue_per_play_hour_usd": st.column_config.NumberColumn("revenue per play hour", format="$%.3f"),
})
