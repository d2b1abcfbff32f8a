"""The few chart shapes the pages use, as Altair specs drawn full width."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st


def _draw(chart: alt.Chart, height: int) -> None:
    st.altair_chart(chart.properties(height=height), width="stretch")


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


def bars(frame: pd.DataFrame, x: str, y: str, *, x_type: str = "T", color: str | None = None,
         y_title: str | None = None, y_format: str = ",.0f", sort=None, horizontal: bool = False,
         grouped: bool = False, height: int = 260) -> None:
    """Bars of `y` per `x`, stacked by `color` when given (side by side when `grouped`)."""
    category = alt.X(f"{x}:{x_type}", title=None, sort=sort) if not horizontal else alt.Y(f"{x}:{x_type}", title=None, sort=sort)
    value_axis = alt.Axis(format=y_format)
    value = (alt.Y(f"{y}:Q", title=y_title, axis=value_axis) if not horizontal
             else alt.X(f"{y}:Q", title=y_title, axis=value_axis))
    encoding = {"x": category, "y": value} if not horizontal else {"x": value, "y": category}
    tooltip = [x, alt.Tooltip(f"{y}:Q", format=y_format)]
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="top"))
        tooltip.append(color)
        if grouped:
            encoding["xOffset"] = alt.XOffset(f"{color}:N")
    _draw(alt.Chart(frame).mark_bar().encode(**encoding, tooltip=tooltip), height)


def heatmap(frame: pd.DataFrame, x: str, y: str, value: str, *, x_title: str, y_title: str,
            value_title: str, value_format: str, x_type: str = "O", y_type: str = "O",
            y_sort: str = "ascending", height: int = 420) -> None:
    """Cells of `value` on an `x` by `y` grid; missing or NULL cells stay blank."""
    chart = alt.Chart(frame.dropna(subset=[value])).mark_rect().encode(
        x=alt.X(f"{x}:{x_type}", title=x_title),
        y=alt.Y(f"{y}:{y_type}", title=y_title, sort=y_sort),
        color=alt.Color(f"{value}:Q", title=value_title, scale=alt.Scale(scheme="viridis"),
                        legend=alt.Legend(format=value_format)),
        tooltip=[x, y, alt.Tooltip(f"{value}:Q", format=value_format)],
    )
    _draw(chart, height)
