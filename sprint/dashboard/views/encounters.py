"""Close encounters: per match and per player-hour, and where on the map they start."""

import streamlit as st

from sprint.dashboard import charts, data, filters

f = filters.current()
st.title("Encounters")
st.caption(f"UTC days {f.start} to {f.end}, all countries. Player-pair close encounters (SPEC §2) by the day "
           "they start (marts.kpi_encounters_daily, kpi_encounter_map).")

daily = data.read("SELECT * FROM marts.kpi_encounters_daily WHERE date_day BETWEEN $start AND $end ORDER BY date_day",
                  start=f.start, end=f.end)
if daily.empty:
    st.info("No matches in these days.")
    st.stop()

cols = st.columns(4)
cols[0].metric("Encounters", f"{daily['encounters'].sum():,}")
cols[1].metric("Team encounters", f"{daily['team_encounters'].sum():,}")
cols[2].metric("Per match", f"{daily['encounters'].sum() / daily['matches'].sum():.2f}",
               help="encounters / matches with play, summed over the days")
cols[3].metric("Per player-hour", f"{daily['encounters'].sum() / daily['player_hours'].sum():.2f}")

left, right = st.columns(2)
with left:
    st.subheader("Encounters per match")
    charts.lines(daily, "date_day", {"encounters_per_match": "per match"}, "encounters", y_format=".2f")
with right:
    st.subheader("Encounters per player-hour")
    charts.lines(daily, "date_day", {"encounters_per_player_hour": "per player-hour"}, "encounters", y_format=".2f")

st.subheader("Where encounters start")
st.caption("Encounters per map cell by where they start: the pair's midpoint at their first close tick "
           "(map units; cells without encounters are blank).")
grid = data.read(
    "SELECT x_from, x_to, y_from, y_to, SUM(encounters) AS encounters FROM marts.kpi_encounter_map "
    "WHERE encounter_date BETWEEN $start AND $end GROUP BY ALL",
    start=f.start, end=f.end,
)
if grid.empty:
    st.info("No encounters in these days.")
else:
    charts.map_cells(grid, "encounters", value_title="encounters")
