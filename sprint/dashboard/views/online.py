"""Players online: concurrency every five minutes with each day's peak (PCU), and the weekday x hour pattern, in UTC."""

import datetime as dt

import streamlit as st

from sprint.dashboard import charts, concurrency, data, filters

# Longer ranges draw each hour's highest sample: a year of five-minute marks is 105,120 points.
FIVE_MINUTE_DAYS = 14

f = filters.current()
st.title("Online")
# The last day with play is still open (sessions ending tomorrow add players to its marks):
# the page stops at the latest complete day, `sprint answer pcu`'s default.
complete = dt.date.fromisoformat(data.question("pcu")["date"])
end = min(f.end, complete)
open_day = f" {f.end} is left out until the day after it lands." if f.end > complete else ""
st.caption(f"UTC days {f.start} to {end}, {f.country_label}; all times UTC. Concurrency: distinct players in a "
           f"session at each five-minute mark, 00:00 to 23:55 (marts.kpi_concurrency, kpi_concurrency_daily).{open_day}")
if end < f.start:
    st.info("No complete day in these days.")
    st.stop()

samples = concurrency.samples(f.start, end, f.countries)
peaks = concurrency.daily_peaks(samples)
last = peaks.iloc[-1]
cols = st.columns(4)
cols[0].metric(f"PCU on {last['mark_date']:%Y-%m-%d}", f"{last['pcu']:,}",
               help="peak concurrent players: the largest of the day's 288 samples (`sprint answer pcu` "
                    "over every country)")
cols[1].metric("Peak at", f"{last['pcu_at']:%H:%M} UTC", help="the earliest mark reaching the peak")
cols[2].metric("Average CCU", f"{last['avg_ccu']:,.1f}", help="the mean of the day's 288 samples")
cols[3].metric("Peak / average", f"{last['pcu'] / last['avg_ccu']:.2f}" if last["avg_ccu"] else "n/a")

st.subheader("Players online")
line, shown = samples, "every five-minute sample"
if (end - f.start).days >= FIVE_MINUTE_DAYS:
    line = samples.assign(mark_ts=samples["mark_ts"].dt.floor("h")).groupby("mark_ts", as_index=False)["players"].max()
    shown = f"each hour's highest sample (choose at most {FIVE_MINUTE_DAYS} days to see every mark)"
st.caption(f"The line: {shown}. Red dots: each day's peak (PCU).")
charts.timeline(line, "mark_ts", "players", peaks.rename(columns={"pcu_at": "mark_ts", "pcu": "players"}),
                y_title="players online")

st.subheader("Average players online by weekday and hour (UTC)")
pattern = concurrency.weekly_pattern(f.start, end, f.countries)
charts.heatmap(pattern, "hour", "weekday_name", "avg_ccu", x_title="hour of the day (UTC)",
               y_title="ISO weekday (UTC)", value_title="average CCU", value_format=",.1f",
               y_order=concurrency.WEEKDAYS, height=300)
st.caption(f"Each cell is the mean of the hour's 12 samples over the range's days of that weekday "
           f"({len(peaks)} days in all).")
