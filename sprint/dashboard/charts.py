"""The few chart shapes the pages use, as Altair specs drawn full width."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

# Long category names (table names, items) are shown whole rather than cut at Vega's 180 px.
LABEL_LIMIT_PX = 320
BAR_PX = 22
# The height Streamlit gives a chart includes its axes and legend.
AXES_PX = 70
LEGEND_PX = 30


def _draw(chart: alt.Chart, height: int) -> None:
    st.altair_chart(chart, width="stretch", height=height)


def lines(frame: pd.DataFrame, x: str, series: dict[str, str], y_title: str, *,
          y_format: str = ",.0f", height: int = 260) -> None:
    """One line per column in `series` (column -> legend label) over the days in `x`."""
    long = frame[[x, *series]].rename(columns=series).melt(x, var_name="series", value_name="value")
    curves(long, x, "value", "series", x_type="T", y_title=y_title, y_format=y_format,
           order=list(series.values()), height=height)


def curves(frame: pd.DataFrame, x: str, y: str, color: str, *, x_type: str = "Q", x_title: str | None = None,
           y_title: str, y_format: str = ",.0f", order: list[str] | None = None, height: int = 260) -> None:
    """One line per value of `color`, from a long frame."""
    chart = alt.Chart(frame).mark_line(point=frame[x].nunique() < 40).encode(
        x=alt.X(f"{x}:{x_type}", title=x_title),
        y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=y_format)),
        color=alt.Color(f"{color}:N", title=None, sort=order, legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip(f"{x}:{x_type}"), f"{color}:N", alt.Tooltip(f"{y}:Q", format=y_format)],
    )
    _draw(chart, height)


def timeline(frame: pd.DataFrame, x: str, y: str, marks: pd.DataFrame, *, y_title: str,
             y_format: str = ",.0f", height: int = 300) -> None:
    """A line of `y` over the naive UTC instants in `x`, with the rows of `marks` (same columns) as red dots
    (say what they are in a caption: Streamlit's theme drops the y title beside a legend above or below).

    The axis and tooltips show UTC whatever the viewer's time zone: the instants go to the
    browser as UTC and the scale is a UTC one.
    """
    instant = f"utcyearmonthdatehoursminutes({x})"
    x_axis = alt.X(f"{x}:T", title="UTC", scale=alt.Scale(type="utc"))
    y_axis = alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=y_format))
    tooltip = [alt.Tooltip(f"{instant}:T", title=f"{x} (UTC)"), alt.Tooltip(f"{y}:Q", format=y_format)]
    line = alt.Chart(utc(frame, x)).mark_line().encode(x=x_axis, y=y_axis, tooltip=tooltip)
    dots = alt.Chart(utc(marks, x)).mark_point(filled=True, size=70, color="#d62728").encode(
        x=x_axis, y=y_axis, tooltip=tooltip)
    _draw(line + dots, height)


def utc(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """`frame` with its naive UTC `column` marked as UTC, so Vega-Lite does not read it as local time."""
    return frame.assign(**{column: frame[column].dt.tz_localize("UTC")})


def bars(frame: pd.DataFrame, x: str, y: str, *, x_type: str = "T", color: str | None = None,
         y_title: str | None = None, y_format: str = ",.0f", sort=None, grouped: bool = False,
         height: int = 260) -> None:
    """Vertical bars of `y` per `x` (days when `x_type` is T), stacked by `color` (side by side when `grouped`)."""
    # A day is a band, so a bar fills its day instead of being a hairline on a time axis.
    field = f"yearmonthdate({x}):T" if x_type == "T" else f"{x}:{x_type}"
    encoding = {
        "x": alt.X(field, title=None, sort=sort),
        "y": alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=y_format)),
        "tooltip": [alt.Tooltip(field, title=x), alt.Tooltip(f"{y}:Q", format=y_format)],
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="top"))
        encoding["tooltip"].append(color)
        if grouped:
            encoding["xOffset"] = alt.XOffset(f"{color}:N")
    _draw(alt.Chart(frame).mark_bar().encode(**encoding), height)


def ranking(frame: pd.DataFrame, category: str, value: str, *, value_title: str, value_format: str = ",.0f",
            color: str | None = None) -> None:
    """Horizontal bars, largest first, one labelled row per `category`."""
    encoding = {
        "y": alt.Y(f"{category}:N", title=None, sort="-x", axis=alt.Axis(labelLimit=LABEL_LIMIT_PX, labelOverlap=False)),
        "x": alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format=value_format)),
        "tooltip": [category, alt.Tooltip(f"{value}:Q", format=value_format)],
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="top"))
        encoding["tooltip"].append(color)
    height = AXES_PX + (LEGEND_PX if color else 0) + BAR_PX * frame[category].nunique()
    _draw(alt.Chart(frame).mark_bar().encode(**encoding), height)


def heatmap(frame: pd.DataFrame, x: str, y: str, value: str, *, x_title: str, y_title: str,
            value_title: str, value_format: str, y_order: list | None = None, height: int = 420) -> None:
    """Cells of `value` on an ordinal `x` by `y` grid (rows in `y_order` if given); missing or NULL cells stay blank."""
    chart = alt.Chart(frame.dropna(subset=[value])).mark_rect().encode(
        x=alt.X(f"{x}:O", title=x_title, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{y}:O", title=y_title, sort=y_order),
        color=alt.Color(f"{value}:Q", title=value_title, scale=alt.Scale(scheme="viridis"),
                        legend=alt.Legend(format=value_format)),
        tooltip=[x, y, alt.Tooltip(f"{value}:Q", format=value_format)],
    )
    _draw(chart, height)


def map_cells(frame: pd.DataFrame, value: str, *, value_title: str, height: int = 560) -> None:
    """Rectangles [x_from, x_to) x [y_from, y_to) in map units, coloured by `value`; north is up."""
    x_scale = alt.Scale(domain=[frame["x_from"].min(), frame["x_to"].max()], nice=False, zero=False)
    y_scale = alt.Scale(domain=[frame["y_from"].min(), frame["y_to"].max()], nice=False, zero=False)
    chart = alt.Chart(frame).mark_rect().encode(
        x=alt.X("x_from:Q", title="x (east)", scale=x_scale), x2="x_to:Q",
        y=alt.Y("y_from:Q", title="y (north)", scale=y_scale), y2="y_to:Q",
        color=alt.Color(f"{value}:Q", title=value_title, scale=alt.Scale(scheme="viridis")),
        tooltip=["x_from:Q", "x_to:Q", "y_from:Q", "y_to:Q", f"{value}:Q"],
    )
    _draw(chart, height)
