"""Measured latency, as the Towers and SIM lessons draw it: milliseconds by N, read off at M candidates."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from ..text import t
from .common import MIN_TEXT_PX, log_ticks, style_figure

# Latency runs never score more than this many (candidate, event) pairs at once; a point
# with more candidates is measured on fewer and scaled, since candidates are independent rows.
MAX_TIMED_PAIRS = 5_000


def latency_for(measured: pd.DataFrame, m: int) -> pd.DataFrame:
    """Milliseconds for M candidates from a timing table (towers.pooling_latency, sim.search_latency)."""
    return measured.assign(ms=measured["fixed_ms"] + measured["per_candidate_ms"] * m)


def measured_figure(measured: list[pd.DataFrame], m: int, n: int, title: str, lang: str) -> go.Figure:
    """`latency_figure` of timing tables (one per N, from towers.timed_pooling or sim.timed_search),
    read off at M candidates."""
    return latency_figure(latency_for(pd.concat(measured, ignore_index=True), m), n, title, lang)


def mark_n(fig: go.Figure, n: int, lang: str) -> None:
    """The N the reader chose on a log N axis, as a labelled line: a bare dotted line reads as a
    threshold. (An annotation on a log axis sits at log10(x); add_vline's own label took x as is and
    stretched the axis to 10^N.)"""
    fig.add_vline(x=n, line_dash="dot", line_color="grey")
    fig.add_annotation(x=math.log10(n), xref="x", y=1, yref="paper", yanchor="bottom", showarrow=False,
                       text=t("towers.marker.n", lang, n=n), font=dict(size=MIN_TEXT_PX, color="grey"))


def latency_figure(latency: pd.DataFrame, n: int, title: str, lang: str) -> go.Figure:
    """Measured milliseconds by N (log-log), one line per method, the chosen N marked.

    latency: n, method, ms (see `latency_for`); methods are named by `towers.method.<method>`."""
    colours = {"attention": "#c0392b", "average": "#1f5fbf", "full": "#c0392b", "sim": "#2ca02c",
               "search_hard": "#D55E00", "search_soft": "#009E73", "search_sdim": "#332288"}
    fig = go.Figure()
    for method, part in latency.groupby("method", sort=False):
        name = t(f"towers.method.{method}", lang)
        fig.add_scatter(x=part["n"], y=part["ms"], mode="lines+markers", name=name, meta=f"latency-{method}",
                        line=dict(color=colours.get(method)),
                        hovertemplate=f"{name}<br>N=%{{x:,}}<br>%{{y:,.3f}} ms<extra></extra>")
    mark_n(fig, n, lang)
    fig.update_xaxes(title=t("towers.axis.n", lang), **log_ticks(latency["n"].min(), latency["n"].max()))
    fig.update_yaxes(title=t("towers.axis.ms", lang),
                     **log_ticks(latency["ms"].min() / 2, latency["ms"].max() * 2))
    fig.update_layout(legend=dict(orientation="h", y=-0.3))  # beside the plot, a long name ran off the edge
    return style_figure(fig, title, height=400)
