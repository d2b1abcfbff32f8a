"""Q1 and Q4 for any player: play time on a day, lifetime K/D and the best streak month."""

import streamlit as st

from sprint.answers.report import duration
from sprint.dashboard import charts, data, filters
from sprint.errors import UserError

f = filters.current()
st.title("Player lookup")

most_active = data.question("q4")["player_id"]  # sprint answer's default: the most play time overall
left, right = st.columns(2)
player = left.text_input("Player id", value=str(most_active),
                        help="as in the raw data; default: the most active player").strip()
day = right.date_input("Day (Q1)", value=f.end, min_value=f.start, max_value=f.end)
if not player:
    st.stop()

try:
    q1 = data.question("q1", date=day, player_id=player)
    q4 = data.question("q4", player_id=player)
except UserError as error:
    # The answers' messages name the CLI's flags; here the inputs are the boxes above.
    st.warning(str(error).removeprefix("--player ").removeprefix("--date "))
    st.stop()

cols = st.columns(4)
cols[0].metric(f"Play time on {q1['date']}", duration(q1["player_play_seconds"]),
               help=f"Q1; the average over the {q1['players']:,} players who played that day: "
                    f"{duration(q1['avg_play_seconds'])}")
cols[1].metric("Kill/death ratio", f"{q4['kd']:.2f}", help="Q4: total kills / total deaths (kills when no deaths)")
cols[2].metric("Kills / deaths", f"{q4['kills']:,} / {q4['deaths']:,}")
cols[3].metric("Best streak", f"{q4['streak_days']} days", help="Q4: consecutive play days inside one month")
cols[3].caption(f"in {q4['streak_month']}" if q4["streak_month"] else "no play days")

st.subheader("Play time per day")
days = data.read(
    "SELECT play_date, play_seconds / 60 AS play_minutes, kills, deaths FROM core.fct_player_day "
    "WHERE CAST(player_id AS TEXT) = $player AND play_date BETWEEN $start AND $end ORDER BY play_date",
    player=player, start=f.start, end=f.end,
)
if days.empty:
    st.info(f"Player {player} did not play between {f.start} and {f.end}.")
else:
    charts.bars(days, "play_date", "play_minutes", y_title="minutes")

st.subheader("Streaks by month")
months = data.read(  # a month's row of marts.q4_player_kd_streaks is its last (the month so far, as of each day)
    "SELECT month_start, play_days, streak_days FROM marts.q4_player_kd_streaks "
    "WHERE CAST(player_id AS TEXT) = $player "
    "QUALIFY ROW_NUMBER() OVER (PARTITION BY month_start ORDER BY play_date DESC) = 1 ORDER BY month_start",
    player=player,
)
months["month"] = months["month_start"].dt.strftime("%Y-%m")
months = months.rename(columns={"play_days": "days with play", "streak_days": "longest streak"})
charts.bars(months.melt("month", ["days with play", "longest streak"], var_name="days", value_name="count"),
            "month", "count", x_type="O", color="days", grouped=True, y_title="days")
