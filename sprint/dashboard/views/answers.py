"""SPEC §3's seven answers, exactly as `sprint answer` computes them (sprint.answers)."""

import pandas as pd
import streamlit as st

from sprint.answers.report import duration, size
from sprint.dashboard import charts, data
from sprint.errors import UserError

st.title("The seven answers")
st.caption("SPEC §3, with `sprint answer`'s defaults: the latest complete day and month, the most active player. "
           "The sidebar filters do not apply here; the player lookup page answers Q1 and Q4 for any player.")


def answered(name: str) -> dict | None:
    """The answer, or None after showing why there is none (e.g. nobody played that month)."""
    try:
        return data.question(name)
    except UserError as error:
        st.info(f"{name.upper()}: {error}")
        return None


q1, q2, q3, q4 = (answered(q) for q in ("q1", "q2", "q3", "q4"))
cols = st.columns(4)
if q1:
    cols[0].metric("Q1 · average play time", duration(q1["avg_play_seconds"]),
                   help=f"over the {q1['players']:,} players with play time on {q1['date']}")
    cols[0].caption(f"on {q1['date']}; player {q1['player_id']}: {duration(q1['player_play_seconds'])}")
if q2:
    cols[1].metric("Q2 · busiest ISO week", q2["week_start"], help="named by its Monday")
    cols[1].caption(f"{q2['players']:,} distinct players")
if q3:
    cols[2].metric("Q3 · most play time in a month", q3["country"])
    cols[2].caption(f"{q3['play_seconds'] / 3600:,.1f} hours in {q3['month']}")
if q4:
    cols[3].metric(f"Q4 · K/D, player {q4['player_id']}", f"{q4['kd']:.2f}",
                   help=f"{q4['kills']:,} kills, {q4['deaths']:,} deaths over all sessions")
    cols[3].caption(f"best streak: {q4['streak_days']} days in {q4['streak_month']}" if q4["streak_month"] else "no play days")

st.subheader("Q5 · top revenue country per ISO week")
if q5 := answered("q5"):
    if q5["weeks"]:
        top = q5["top"]
        st.caption(f"Top overall: {top['country']} in the week of {top['week_start']}, ${top['revenue_usd']:,.2f}")
        charts.bars(pd.DataFrame(q5["weeks"]), "week_start", "revenue_usd", x_type="O", color="country",
                    y_title="revenue of the week's top country (USD)", y_format="$,.2f")
    else:
        st.info("No purchases yet.")

if q6 := answered("q6"):
    st.subheader(f"Q6 · close encounters per session and day in {q6['month']}")
    rows = pd.DataFrame(q6["rows"], columns=["session_id", "day", "encounters", "encounter_seconds"])
    per_day = rows.groupby("day", as_index=False).agg(encounters=("encounters", "sum"), sessions=("session_id", "count"))
    charts.bars(per_day, "day", "encounters", y_title="encounters (all sessions)")
    st.dataframe(rows.sort_values(["encounters", "day"], ascending=[False, True]), hide_index=True, height=220)

st.subheader("Q7 · table sizes per day")
if q7 := answered("q7"):
    for file in q7["unreadable_files"]:
        st.warning(f"{file['file']}: {file['reason']}; left out of the raw sizes", icon=":material/warning:")
    tables = pd.DataFrame(q7["tables"])
    charts.ranking(tables, "table", "bytes_per_day", value_title="bytes per day (measured)", value_format="~s")
    totals = pd.DataFrame([p for p in q7["projection"] if p["table"] == "total"])
    st.caption("Projected to 20 M registered players over two years (docs/SIZING.md)")
    st.dataframe(pd.DataFrame({
        "scenario": totals["scenario"],
        "rows per day": totals["rows_per_day"].map("{:,.0f}".format),
        "bytes per day": totals["bytes_per_day"].map(size),
        "bytes in two years": totals["bytes_two_years"].map(size),
    }), hide_index=True)
