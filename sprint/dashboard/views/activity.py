"""Active players (daily, rolling and calendar), stickiness, new vs returning, sessions, play time and K/D."""

import pandas as pd
import streamlit as st

from sprint.dashboard import charts, data, filters

f = filters.current()
st.title("Activity")
st.caption(f"UTC days {f.start} to {f.end}, all countries (a player's country changes per session; "
           "marts.kpi_daily_activity, kpi_period_activity, kpi_session_lengths, kpi_kd_distribution)")

daily = data.read("SELECT * FROM marts.kpi_daily_activity WHERE date_day BETWEEN $start AND $end ORDER BY date_day",
                  start=f.start, end=f.end)
if daily.empty:
    st.info("No activity in these days.")
    st.stop()
for kind in ("median_play", "p90_play", "median_session", "p90_session"):
    daily[f"{kind}_minutes"] = daily[f"{kind}_seconds"] / 60

last = daily.iloc[-1]
cols = st.columns(4)
cols[0].metric(f"DAU on {last['date_day']:%Y-%m-%d}", f"{last['active_players']:,}")
cols[1].metric("Rolling WAU (7 days)", f"{last['rolling_7d_players']:,}")
cols[2].metric("Rolling MAU (30 days)", f"{last['rolling_30d_players']:,}")
cols[3].metric("Stickiness (DAU / MAU)", f"{last['stickiness']:.1%}")

st.subheader("Active players")
charts.lines(daily, "date_day", {"active_players": "DAU", "rolling_7d_players": "rolling 7-day",
                                 "rolling_30d_players": "rolling 30-day"}, "players")
left, right = st.columns(2)
with left:
    st.subheader("New vs returning")
    new_returning = daily.melt("date_day", ["new_players", "returning_players"], var_name="players", value_name="count")
    new_returning["players"] = new_returning["players"].str.removesuffix("_players")
    charts.bars(new_returning, "date_day", "count", color="players", y_title="active players")
with right:
    st.subheader("Stickiness")
    charts.lines(daily, "date_day", {"stickiness": "DAU / rolling MAU"}, "share", y_format=".0%")

left, right = st.columns(2)
with left:
    st.subheader("Sessions per active player")
    charts.lines(daily, "date_day", {"sessions_per_active_player": "sessions / DAU"}, "sessions", y_format=".2f")
with right:
    st.subheader("Play time per active day")
    charts.lines(daily, "date_day", {"median_play_minutes": "median", "p90_play_minutes": "p90"}, "minutes")

left, right = st.columns(2)
with left:
    st.subheader("Session length")
    lengths = data.read(
        "SELECT bucket_from_minutes, bucket_label, SUM(sessions) AS sessions FROM marts.kpi_session_lengths "
        "WHERE end_date BETWEEN $start AND $end GROUP BY ALL ORDER BY bucket_from_minutes",
        start=f.start, end=f.end,
    )
    charts.bars(lengths, "bucket_label", "sessions", x_type="N", sort=lengths["bucket_label"].tolist(),
                y_title="player-sessions")
    if pd.notna(last["median_session_minutes"]):
        st.caption(f"On {last['date_day']:%Y-%m-%d}: median {last['median_session_minutes']:.0f} min, "
                   f"p90 {last['p90_session_minutes']:.0f} min")
with right:
    st.subheader("Calendar weeks and months")
    periods = data.read(
        "SELECT period, period_start, active_players FROM marts.kpi_period_activity "
        "WHERE period_start BETWEEN DATE_TRUNC('month', $start::DATE) AND $end ORDER BY period_start",
        start=f.start, end=f.end,
    )
    periods["label"] = periods["period_start"].dt.strftime("%Y-%m-%d")
    weeks, months = st.tabs(["WAU by ISO week", "MAU by calendar month"])
    for tab, period in ((weeks, "week"), (months, "month")):
        with tab:
            charts.bars(periods[periods["period"] == period], "label", "active_players", x_type="O",
                        y_title="distinct active players")

st.subheader("Kill/death ratio")
kd = data.read(
    "SELECT kd_from, bucket_label, SUM(players) AS players, SUM(zero_death_players) AS zero_death_players, "
    "SUM(kills) AS kills, SUM(play_seconds) AS play_seconds FROM marts.kpi_kd_distribution "
    "WHERE end_date BETWEEN $start AND $end GROUP BY ALL ORDER BY kd_from",
    start=f.start, end=f.end,
)
if kd.empty:
    st.info("No sessions ended in these days.")
else:
    st.caption("Each player's K/D over the sessions they finished that day: kills / deaths, or the kills with no "
               "death (Q4's rule); a player counts once per day.")
    left, right = st.columns([3, 1])
    with left:
        charts.bars(kd, "bucket_label", "players", x_type="N", sort=kd["bucket_label"].tolist(),
                    y_title="player-days")
    with right:
        st.metric("Without a death", f"{kd['zero_death_players'].sum() / kd['players'].sum():.1%}",
                  help="share of the player-days with no death")
        st.metric("Kills per hour played", f"{kd['kills'].sum() * 3600 / kd['play_seconds'].sum():.1f}",
                  help="all kills / hours in the finished sessions")
