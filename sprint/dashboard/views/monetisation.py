"""Revenue, ARPDAU, paying users, ARPPU, payer conversion, LTV curves and revenue by item."""

import streamlit as st

from sprint.dashboard import charts, data, filters

f = filters.current()
st.title("Monetisation")
st.caption(f"UTC days {f.start} to {f.end}. Daily KPIs and LTV are for all countries; revenue by item is for "
           f"{f.country_label} (marts.kpi_revenue_daily, kpi_ltv_cohorts, kpi_revenue_by_item).")

daily = data.read("SELECT * FROM marts.kpi_revenue_daily WHERE date_day BETWEEN $start AND $end ORDER BY date_day",
                  start=f.start, end=f.end)
if daily.empty:
    st.info("No play or purchases in these days.")
    st.stop()

revenue = float(daily["revenue_usd"].sum())
player_days = daily["active_players"].sum()
cols = st.columns(4)
cols[0].metric("Revenue", f"${revenue:,.2f}", help=f"{daily['purchases'].sum():,} purchases")
cols[1].metric("ARPDAU", f"${revenue / player_days:,.3f}" if player_days else "n/a",
               help="revenue / the sum of the days' active players")
cols[2].metric("First-time payers", f"{daily['first_time_payers'].sum():,}")
cols[3].metric("Payer conversion", f"{daily['active_paying_users'].sum() / player_days:.2%}" if player_days else "n/a",
               help="active players who paid that day, over all active player-days")

st.subheader("Daily revenue")
charts.bars(daily, "date_day", "revenue_usd", y_title="USD", y_format="$,.2f")
left, right = st.columns(2)
with left:
    st.subheader("ARPDAU and ARPPU")
    charts.lines(daily, "date_day", {"arpdau_usd": "ARPDAU", "arppu_usd": "ARPPU"}, "USD", y_format="$,.2f")
with right:
    st.subheader("Paying users")
    charts.lines(daily, "date_day", {"paying_users": "paying users", "first_time_payers": "first-time payers"}, "players")

st.subheader("LTV curves by install week")
st.caption("Cumulative revenue per installed player by days since install. Install-day cohorts are pooled by "
           "ISO week; a week's curve stops where its youngest cohort does, so every point has the same players.")
ltv = data.read(
    """
    WITH weekly AS (
      SELECT d.week_start, l.cohort_date, l.day_n, l.cumulative_revenue_usd, l.cohort_players,
             COUNT(DISTINCT l.cohort_date) OVER (PARTITION BY d.week_start) AS week_cohorts
      FROM marts.kpi_ltv_cohorts AS l JOIN core.dim_date AS d ON d.date_day = l.cohort_date
      WHERE l.cohort_date BETWEEN $start AND $end
    )
    SELECT week_start AS install_week, day_n, SUM(cumulative_revenue_usd) / SUM(cohort_players) AS ltv_usd
    FROM weekly GROUP BY week_start, day_n HAVING COUNT(*) = MAX(week_cohorts) ORDER BY install_week, day_n
    """,
    start=f.start, end=f.end,
)
ltv["install_week"] = ltv["install_week"].dt.strftime("week of %Y-%m-%d")
charts.curves(ltv, "day_n", "ltv_usd", "install_week", x_title="days since install", y_title="LTV (USD)",
              y_format="$,.2f")

st.subheader("Revenue by item")
items = data.read(
    "SELECT item_name, category, SUM(revenue_usd)::DOUBLE AS revenue_usd FROM marts.kpi_revenue_by_item "
    "WHERE purchase_date BETWEEN $start AND $end AND ($countries IS NULL OR list_contains($countries, country)) "
    "GROUP BY ALL ORDER BY revenue_usd DESC",
    start=f.start, end=f.end, countries=f.countries,
)
charts.ranking(items, "item_name", "revenue_usd", value_title="USD", value_format="$,.2f", color="category")
